/**
 * Deployment status and progress (sync.go calculateStatus/syncDeploymentStatus and progress.go,
 * v1.30): the replica counts summed over the ReplicaSets, the Available condition, and the
 * Progressing condition with its deadline: ReplicaSetUpdated while pods move, NewReplicaSetAvailable
 * when complete, ProgressDeadlineExceeded when nothing moved for progressDeadlineSeconds.
 */
import { deepCopy, deepEqual, parseRfc3339 } from '../../../shared/index.ts';
import type { KubeObject } from '../../api/objects.ts';
import { WorkQueue, isSuccess } from '../../client/index.ts';
import { epochSeconds, errorText, rfc3339, type Run } from '../controllerutil/index.ts';
import { updateDeploymentStatus } from './newReplicaSet.ts';
import {
  MINIMUM_REPLICAS_AVAILABLE,
  MINIMUM_REPLICAS_UNAVAILABLE,
  NEW_RS_AVAILABLE_REASON,
  REPLICA_SET_UPDATED_REASON,
  TIMED_OUT_REASON,
  dReplicas,
  dspec,
  dstatus,
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  getActualReplicaCountForReplicaSets,
  getAvailableReplicaCountForReplicaSets,
  getDeploymentCondition,
  getReadyReplicaCountForReplicaSets,
  getReplicaCountForReplicaSets,
  hasProgressDeadline,
  maxUnavailable,
  newDeploymentCondition,
  removeDeploymentCondition,
  rsStatus,
  setDeploymentCondition,
  type DeploymentCondition,
  type DeploymentStatus,
  type MaybeRS,
} from './util.ts';

export function calculateStatus(
  allRSs: readonly MaybeRS[],
  newRS: MaybeRS,
  d: KubeObject,
  now: string,
): DeploymentStatus {
  const available = getAvailableReplicaCountForReplicaSets(allRSs);
  const total = getReplicaCountForReplicaSets(allRSs);
  const status: DeploymentStatus = {
    observedGeneration: d.metadata.generation ?? 0,
    replicas: getActualReplicaCountForReplicaSets(allRSs),
    updatedReplicas: getActualReplicaCountForReplicaSets([newRS]),
    readyReplicas: getReadyReplicaCountForReplicaSets(allRSs),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, total - available),
  };
  const old = dstatus(d);
  if (old.collisionCount !== undefined) status.collisionCount = old.collisionCount;
  if (old.conditions?.length) status.conditions = deepCopy(old.conditions);
  if (available >= dReplicas(d) - maxUnavailable(d))
    setDeploymentCondition(
      status,
      newDeploymentCondition(
        'Available',
        'True',
        MINIMUM_REPLICAS_AVAILABLE,
        'Deployment has minimum availability.',
        now,
      ),
    );
  else
    setDeploymentCondition(
      status,
      newDeploymentCondition(
        'Available',
        'False',
        MINIMUM_REPLICAS_UNAVAILABLE,
        'Deployment does not have minimum availability.',
        now,
      ),
    );
  return status;
}

/** The status as Go marshals it: omitempty drops zero counts. */
function marshal(s: DeploymentStatus): DeploymentStatus {
  const out: DeploymentStatus = {};
  for (const k of [
    'observedGeneration',
    'replicas',
    'updatedReplicas',
    'readyReplicas',
    'availableReplicas',
    'unavailableReplicas',
  ] as const)
    if (s[k]) out[k] = s[k];
  if (s.conditions?.length) out.conditions = s.conditions;
  if (s.collisionCount !== undefined) out.collisionCount = s.collisionCount;
  return out;
}

/** reflect.DeepEqual of two DeploymentStatus values (absent and zero are the same in Go). */
function sameStatus(a: DeploymentStatus, b: DeploymentStatus): boolean {
  return deepEqual(marshal(a), marshal(b));
}

function writeStatus(run: Run, d: KubeObject, status: DeploymentStatus): string | undefined {
  d.status = marshal(status);
  const reply = updateDeploymentStatus(run, d);
  return isSuccess(reply) ? undefined : errorText(reply);
}

/** syncDeploymentStatus: used for scaling and paused Deployments: no progress estimate. */
export function syncDeploymentStatus(
  run: Run,
  allRSs: readonly MaybeRS[],
  newRS: MaybeRS,
  d: KubeObject,
): string | undefined {
  const status = calculateStatus(allRSs, newRS, d, rfc3339(run.kit, run.now()));
  if (sameStatus(dstatus(d), status)) return undefined;
  return writeStatus(run, d, status);
}

function getReplicaFailures(allRSs: readonly MaybeRS[], newRS: MaybeRS): DeploymentCondition[] {
  const toDeployment = (c: DeploymentCondition): DeploymentCondition => ({
    type: c.type,
    status: c.status,
    lastUpdateTime: c.lastTransitionTime,
    lastTransitionTime: c.lastTransitionTime,
    reason: c.reason,
    message: c.message,
  });
  const failures = (rs: MaybeRS) =>
    rs
      ? (rsStatus(rs).conditions ?? []).filter((c) => c.type === 'ReplicaFailure').map(toDeployment)
      : [];
  const fromNew = failures(newRS);
  return fromNew.length ? fromNew : allRSs.flatMap(failures);
}

/** requeueStuckDeployment: check the deadline again when it would expire. */
function requeueStuckDeployment(
  run: Run,
  d: KubeObject,
  status: DeploymentStatus,
  nowSeconds: number,
): void {
  const current = getDeploymentCondition(dstatus(d), 'Progressing');
  if (!hasProgressDeadline(d) || !current) return;
  if (deploymentComplete(d, status) || current.reason === TIMED_OUT_REASON) return;
  const last = parseRfc3339(current.lastUpdateTime ?? '') ?? 0;
  const after = last + (dspec(d).progressDeadlineSeconds ?? 0) - nowSeconds;
  const kit = run.kit;
  const key = run.key;
  if (after < 1) run.effect(() => WorkQueue.addRateLimited(kit.queue, key, kit.ctx));
  // Plus a second against millisecond skew in AddAfter.
  else
    run.effect(() => WorkQueue.addAfter(kit.queue, key, Math.round((after + 1) * 1000), kit.ctx));
}

/** syncRolloutStatus: status plus the Progressing condition during a rollout. */
export function syncRolloutStatus(
  run: Run,
  allRSs: readonly MaybeRS[],
  newRS: MaybeRS,
  d: KubeObject,
): string | undefined {
  const nowMs = run.now();
  const now = rfc3339(run.kit, nowMs);
  const nowSeconds = epochSeconds(run.kit, nowMs);
  const status = calculateStatus(allRSs, newRS, d, now);
  if (!hasProgressDeadline(d)) removeDeploymentCondition(status, 'Progressing');
  const current = getDeploymentCondition(dstatus(d), 'Progressing');
  const isCompleteDeployment =
    status.replicas === status.updatedReplicas && current?.reason === NEW_RS_AVAILABLE_REASON;
  if (hasProgressDeadline(d) && !isCompleteDeployment) {
    const rsName = newRS?.metadata.name;
    const name = d.metadata.name ?? '';
    if (deploymentComplete(d, status)) {
      const msg = rsName
        ? `ReplicaSet "${rsName}" has successfully progressed.`
        : `Deployment "${name}" has successfully progressed.`;
      setDeploymentCondition(
        status,
        newDeploymentCondition('Progressing', 'True', NEW_RS_AVAILABLE_REASON, msg, now),
      );
    } else if (deploymentProgressing(d, status)) {
      const msg = rsName
        ? `ReplicaSet "${rsName}" is progressing.`
        : `Deployment "${name}" is progressing.`;
      const cond = newDeploymentCondition(
        'Progressing',
        'True',
        REPLICA_SET_UPDATED_REASON,
        msg,
        now,
      );
      // Progress refreshes lastUpdateTime even with the same reason; a True condition keeps its transition time.
      if (current) {
        if (current.status === 'True') cond.lastTransitionTime = current.lastTransitionTime;
        removeDeploymentCondition(status, 'Progressing');
      }
      setDeploymentCondition(status, cond);
    } else if (deploymentTimedOut(d, status, nowSeconds)) {
      const msg = rsName
        ? `ReplicaSet "${rsName}" has timed out progressing.`
        : `Deployment "${name}" has timed out progressing.`;
      setDeploymentCondition(
        status,
        newDeploymentCondition('Progressing', 'False', TIMED_OUT_REASON, msg, now),
      );
    }
  }
  const failures = getReplicaFailures(allRSs, newRS);
  if (failures.length) setDeploymentCondition(status, failures[0]!);
  else removeDeploymentCondition(status, 'ReplicaFailure');
  if (sameStatus(dstatus(d), status)) {
    requeueStuckDeployment(run, d, status, nowSeconds);
    return undefined;
  }
  return writeStatus(run, d, status);
}
