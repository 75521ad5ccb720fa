/**
 * syncDeployment (deployment_controller.go and sync.go, v1.30): claim the ReplicaSets, then
 * either only report status (being deleted), resize (paused, or a scaling event), or roll out
 * with the Deployment's strategy.
 */
import { deepCopy, deepEqual } from '../../../shared/index.ts';
import { labelSelectorFromObject } from '../../api/labels.ts';
import { splitKey, type KubeObject } from '../../api/objects.ts';
import { Lister, isSuccess } from '../../client/index.ts';
import {
  claimObjects,
  errorText,
  getControllerOf,
  rfc3339,
  type Run,
  type SyncOps,
} from '../controllerutil/index.ts';
import {
  APPS_V1,
  DEPLOYMENT_KIND,
  getAllReplicaSetsAndSyncRevision,
  updateDeploymentStatus,
} from './newReplicaSet.ts';
import { syncDeploymentStatus } from './progress.ts';
import { rolloutRecreate, type PodMap } from './recreate.ts';
import { rolloutRolling } from './rolling.ts';
import { cleanupDeployment, scale } from './scale.ts';
import {
  PAUSED_DEPLOY_REASON,
  RESUMED_DEPLOY_REASON,
  TIMED_OUT_REASON,
  dReplicas,
  dspec,
  dstatus,
  filterActiveReplicaSets,
  getDeploymentCondition,
  getDesiredReplicasAnnotation,
  hasProgressDeadline,
  newDeploymentCondition,
  setDeploymentCondition,
  type DeploymentStatus,
} from './util.ts';

export interface DeploymentControllerState {
  ops: SyncOps;
}

function getReplicaSetsForDeployment(
  run: Run,
  d: KubeObject,
): { rsList: KubeObject[]; error?: string } {
  const ns = d.metadata.namespace ?? '';
  // Every ReplicaSet of the namespace, so ours that stopped matching are released.
  const all = run.read(() => Lister.list(run.kit.informer('replicasets.apps'), { namespace: ns }));
  const selector = labelSelectorFromObject(dspec(d).selector as never);
  if (!selector.ok)
    return {
      rsList: [],
      error: `deployment ${ns}/${d.metadata.name ?? ''} has invalid label selector: ${selector.error}`,
    };
  const claim = claimObjects(
    run,
    {
      owner: d,
      ownerApiVersion: APPS_V1,
      ownerKind: DEPLOYMENT_KIND,
      ownerResource: 'deployments.apps',
      selector: selector.selector,
      resource: 'replicasets.apps',
      kind: 'ReplicaSet',
    },
    all,
  );
  return claim.error !== undefined
    ? { rsList: claim.claimed, error: claim.error }
    : { rsList: claim.claimed };
}

/** getPodMapForDeployment: all pods (inactive too: Recreate waits for them) by owning ReplicaSet. */
function getPodMapForDeployment(run: Run, d: KubeObject, rsList: readonly KubeObject[]): PodMap {
  const selector = labelSelectorFromObject(dspec(d).selector as never);
  if (!selector.ok) return {};
  // Built inside the read (rsList is the same on every replay): replays skip the pod walk.
  return run.read(() => {
    const pods = Lister.list(run.kit.informer('pods'), {
      namespace: d.metadata.namespace ?? '',
      labelSelector: selector.selector,
    });
    const map: PodMap = {};
    for (const rs of rsList) map[rs.metadata.uid ?? ''] = [];
    for (const pod of pods) {
      const ref = getControllerOf(pod);
      if (ref && map[ref.uid]) map[ref.uid]!.push(pod);
    }
    return map;
  });
}

/** checkPausedConditions: mark the Progressing condition paused or resumed (unless timed out). */
function checkPausedConditions(run: Run, d: KubeObject): string | undefined {
  if (!hasProgressDeadline(d)) return undefined;
  const cond = getDeploymentCondition(dstatus(d), 'Progressing');
  if (cond?.reason === TIMED_OUT_REASON) return undefined;
  const pausedCondExists = cond?.reason === PAUSED_DEPLOY_REASON;
  const now = rfc3339(run.kit, run.now());
  const status = (d.status ??= {}) as DeploymentStatus;
  if (dspec(d).paused && !pausedCondExists)
    setDeploymentCondition(
      status,
      newDeploymentCondition(
        'Progressing',
        'Unknown',
        PAUSED_DEPLOY_REASON,
        'Deployment is paused',
        now,
      ),
    );
  else if (!dspec(d).paused && pausedCondExists)
    setDeploymentCondition(
      status,
      newDeploymentCondition(
        'Progressing',
        'Unknown',
        RESUMED_DEPLOY_REASON,
        'Deployment is resumed',
        now,
      ),
    );
  else return undefined;
  const reply = updateDeploymentStatus(run, d);
  return isSuccess(reply) ? undefined : errorText(reply);
}

/** sync: resize for a scaling event or a paused Deployment; no rollout. */
function sync(run: Run, d: KubeObject, rsList: KubeObject[]): string | undefined {
  const all = getAllReplicaSetsAndSyncRevision(run, d, rsList, false);
  if (all.error !== undefined) return all.error;
  const err = scale(run, d, all.newRS, all.oldRSs);
  if (err !== undefined) return err;
  if (dspec(d).paused) {
    const cleanup = cleanupDeployment(run, all.oldRSs, d);
    if (cleanup !== undefined) return cleanup;
  }
  return syncDeploymentStatus(run, [...all.oldRSs, all.newRS], all.newRS, d);
}

/** isScalingEvent: an active ReplicaSet was sized for a different spec.replicas. */
function isScalingEvent(
  run: Run,
  d: KubeObject,
  rsList: KubeObject[],
): { scaling: boolean; error?: string } {
  const all = getAllReplicaSetsAndSyncRevision(run, d, rsList, false);
  if (all.error !== undefined) return { scaling: false, error: all.error };
  for (const rs of filterActiveReplicaSets([...all.oldRSs, all.newRS])) {
    const desired = getDesiredReplicasAnnotation(rs);
    if (desired !== undefined && desired !== dReplicas(d)) return { scaling: true };
  }
  return { scaling: false };
}

export function syncDeployment(run: Run): string | undefined {
  const kit = run.kit;
  const { namespace, name } = splitKey(run.key);
  const deployment = run.read(() => Lister.get(kit.informer('deployments.apps'), namespace, name));
  if (!deployment) return undefined;
  const d = deepCopy(deployment);
  if (deepEqual(dspec(d).selector, {})) {
    run.effect(() =>
      kit.event(
        d,
        'Warning',
        'SelectingAll',
        'This deployment is selecting all pods. A non-empty selector is required.',
      ),
    );
    if ((dstatus(d).observedGeneration ?? 0) < (d.metadata.generation ?? 0)) {
      (d.status ??= {}) as DeploymentStatus;
      (d.status as DeploymentStatus).observedGeneration = d.metadata.generation ?? 0;
      updateDeploymentStatus(run, d);
    }
    return undefined;
  }
  const claimed = getReplicaSetsForDeployment(run, d);
  if (claimed.error !== undefined) return claimed.error;
  const rsList = [...claimed.rsList];
  // Go builds the pod map on every sync, but only the Recreate rollout reads it, and building it
  // has no effect: other strategies skip the walk over every pod of the namespace. It is still
  // read here, before the calls below, so a Recreate rollout sees the same cache state.
  const podMap: PodMap =
    dspec(d).strategy?.type === 'Recreate' ? getPodMapForDeployment(run, d, rsList) : {};
  if (d.metadata.deletionTimestamp) {
    const all = getAllReplicaSetsAndSyncRevision(run, d, rsList, false);
    if (all.error !== undefined) return all.error;
    return syncDeploymentStatus(run, [...all.oldRSs, all.newRS], all.newRS, d);
  }
  const pausedErr = checkPausedConditions(run, d);
  if (pausedErr !== undefined) return pausedErr;
  if (dspec(d).paused) return sync(run, d, rsList);
  const scaling = isScalingEvent(run, d, rsList);
  if (scaling.error !== undefined) return scaling.error;
  if (scaling.scaling) return sync(run, d, rsList);
  const type = dspec(d).strategy?.type;
  if (type === 'Recreate') return rolloutRecreate(run, d, rsList, podMap);
  if (type === 'RollingUpdate') return rolloutRolling(run, d, rsList);
  return `unexpected deployment strategy type: ${String(type)}`;
}
