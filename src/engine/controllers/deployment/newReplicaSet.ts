/**
 * getNewReplicaSet and getAllReplicaSetsAndSyncRevision (sync.go, v1.30): find the ReplicaSet
 * whose template is the Deployment's (bringing its revision and annotations up to date), or
 * create it as `<deployment>-<pod-template-hash>`, handling hash collisions with collisionCount.
 */
import { deepCopy } from '../../../shared/index.ts';
import type { KubeObject } from '../../api/objects.ts';
import { Lister, isAlreadyExists, isSuccess } from '../../client/index.ts';
import {
  NAMESPACE_TERMINATING_CAUSE,
  computeHash,
  errorText,
  getControllerOf,
  hasStatusCause,
  newControllerRef,
  rfc3339,
  type Run,
} from '../controllerutil/index.ts';
import {
  DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY,
  FAILED_RS_CREATE_REASON,
  FOUND_NEW_RS_REASON,
  NEW_REPLICA_SET_REASON,
  REVISION_ANNOTATION,
  dspec,
  dstatus,
  equalIgnoreHash,
  findNewReplicaSet,
  findOldReplicaSets,
  getDeploymentCondition,
  hasProgressDeadline,
  maxRevision,
  newDeploymentCondition,
  newRSNewReplicas,
  rsTemplate,
  setDeploymentCondition,
  setDeploymentRevision,
  setNewReplicaSetAnnotations,
  type DeploymentStatus,
  type MaybeRS,
} from './util.ts';

export const DEPLOYMENT_KIND = 'Deployment';
export const APPS_V1 = 'apps/v1';

export function updateDeploymentStatus(run: Run, d: KubeObject) {
  return run.call({
    verb: 'update',
    resource: 'deployments.apps',
    namespace: d.metadata.namespace,
    name: d.metadata.name,
    subresource: 'status',
    body: d,
  });
}

function statusOf(d: KubeObject): DeploymentStatus {
  return (d.status ??= {}) as DeploymentStatus;
}

export interface NewRSResult {
  newRS?: KubeObject;
  error?: string;
}

export function getNewReplicaSet(
  run: Run,
  d: KubeObject,
  rsList: KubeObject[],
  oldRSs: KubeObject[],
  createIfNotExisted: boolean,
): NewRSResult {
  const kit = run.kit;
  const existing = findNewReplicaSet(d, rsList);
  const newRevision = String(maxRevision(oldRSs) + 1);
  const now = rfc3339(kit, run.now());
  if (existing) {
    const rsCopy = deepCopy(existing);
    const annotationsUpdated = setNewReplicaSetAnnotations(d, rsCopy, newRevision, true);
    const spec = rsCopy.spec as { minReadySeconds?: number };
    const minReady = dspec(d).minReadySeconds ?? 0;
    if (annotationsUpdated || (spec.minReadySeconds ?? 0) !== minReady) {
      if (minReady) spec.minReadySeconds = minReady;
      else delete spec.minReadySeconds;
      const reply = run.call({
        verb: 'update',
        resource: 'replicasets.apps',
        namespace: rsCopy.metadata.namespace,
        name: rsCopy.metadata.name,
        body: rsCopy,
      });
      return isSuccess(reply)
        ? { newRS: reply.body as unknown as KubeObject }
        : { error: errorText(reply) };
    }
    let needsUpdate = setDeploymentRevision(
      d,
      rsCopy.metadata.annotations?.[REVISION_ANNOTATION] ?? '',
    );
    if (hasProgressDeadline(d) && !getDeploymentCondition(dstatus(d), 'Progressing')) {
      const msg = `Found new replica set "${rsCopy.metadata.name ?? ''}"`;
      setDeploymentCondition(
        statusOf(d),
        newDeploymentCondition('Progressing', 'True', FOUND_NEW_RS_REASON, msg, now),
      );
      needsUpdate = true;
    }
    if (needsUpdate) {
      const reply = updateDeploymentStatus(run, d);
      if (!isSuccess(reply)) return { error: errorText(reply) };
    }
    return { newRS: rsCopy };
  }
  if (!createIfNotExisted) return {};

  const template = deepCopy(dspec(d).template ?? {});
  const hash = computeHash(template, dstatus(d).collisionCount);
  const labels = {
    ...(dspec(d).template?.metadata?.labels ?? {}),
    [DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY]: hash,
  };
  template.metadata = { ...(template.metadata ?? {}), labels };
  const selector = deepCopy(dspec(d).selector ?? {});
  selector.matchLabels = {
    ...(selector.matchLabels ?? {}),
    [DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY]: hash,
  };
  const name = `${d.metadata.name ?? ''}-${hash}`;
  const newRS: KubeObject = {
    apiVersion: APPS_V1,
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace: d.metadata.namespace,
      ownerReferences: [newControllerRef(d, APPS_V1, DEPLOYMENT_KIND)],
      labels: { ...labels },
    },
    spec: {
      replicas: 0,
      ...(dspec(d).minReadySeconds ? { minReadySeconds: dspec(d).minReadySeconds } : {}),
      selector,
      template,
    },
  };
  const newReplicasCount = newRSNewReplicas(d, [...oldRSs, newRS], newRS);
  (newRS.spec as { replicas: number }).replicas = newReplicasCount;
  setNewReplicaSetAnnotations(d, newRS, newRevision, false);
  const reply = run.call({
    verb: 'create',
    resource: 'replicasets.apps',
    namespace: d.metadata.namespace,
    body: newRS,
  });
  let created: MaybeRS;
  let alreadyExists = false;
  if (isSuccess(reply)) created = reply.body as unknown as KubeObject;
  else if (isAlreadyExists(reply)) {
    alreadyExists = true;
    const rs = run.read(() =>
      Lister.get(kit.informer('replicasets.apps'), d.metadata.namespace ?? '', name),
    );
    if (!rs) return { error: `replicaset.apps "${name}" not found` };
    const ref = getControllerOf(rs);
    if (ref && ref.uid === d.metadata.uid && equalIgnoreHash(dspec(d).template, rsTemplate(rs)))
      created = rs;
    else {
      // A hash collision: bump collisionCount so the next sync computes a different name.
      const status = statusOf(d);
      status.collisionCount = (status.collisionCount ?? 0) + 1;
      updateDeploymentStatus(run, d);
      return { error: errorText(reply) };
    }
  } else if (hasStatusCause(reply, NAMESPACE_TERMINATING_CAUSE)) {
    return { error: errorText(reply) };
  } else {
    const msg = `Failed to create new replica set "${name}": ${errorText(reply)}`;
    if (hasProgressDeadline(d)) {
      setDeploymentCondition(
        statusOf(d),
        newDeploymentCondition('Progressing', 'False', FAILED_RS_CREATE_REASON, msg, now),
      );
      updateDeploymentStatus(run, d);
    }
    run.effect(() => kit.event(d, 'Warning', FAILED_RS_CREATE_REASON, msg));
    return { error: errorText(reply) };
  }
  const createdName = created.metadata.name ?? '';
  if (!alreadyExists && newReplicasCount > 0)
    run.effect(() =>
      kit.event(
        d,
        'Normal',
        'ScalingReplicaSet',
        `Scaled up replica set ${createdName} to ${newReplicasCount}`,
      ),
    );
  let needsUpdate = setDeploymentRevision(d, newRevision);
  if (!alreadyExists && hasProgressDeadline(d)) {
    const msg = `Created new replica set "${createdName}"`;
    setDeploymentCondition(
      statusOf(d),
      newDeploymentCondition('Progressing', 'True', NEW_REPLICA_SET_REASON, msg, now),
    );
    needsUpdate = true;
  }
  if (needsUpdate) {
    const r = updateDeploymentStatus(run, d);
    if (!isSuccess(r)) return { newRS: created, error: errorText(r) };
  }
  return { newRS: created };
}

/** getAllReplicaSetsAndSyncRevision: [new (maybe undefined), all old]. */
export function getAllReplicaSetsAndSyncRevision(
  run: Run,
  d: KubeObject,
  rsList: KubeObject[],
  createIfNotExisted: boolean,
): { newRS?: KubeObject; oldRSs: KubeObject[]; error?: string } {
  const { all } = findOldReplicaSets(d, rsList);
  const r = getNewReplicaSet(run, d, rsList, all, createIfNotExisted);
  if (r.error !== undefined) return { oldRSs: [], error: r.error };
  return r.newRS ? { newRS: r.newRS, oldRSs: all } : { oldRSs: all };
}
