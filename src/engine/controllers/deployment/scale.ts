/**
 * Resizing ReplicaSets for a Deployment (sync.go, v1.30): scaleReplicaSet writes the size and the
 * replica annotations and records ScalingReplicaSet; scale spreads a resize of a Deployment that
 * is mid-rollout over its active ReplicaSets in proportion to their sizes; cleanupDeployment
 * deletes the oldest empty ReplicaSets beyond revisionHistoryLimit.
 */
import { deepCopy } from '../../../shared/index.ts';
import type { KubeObject } from '../../api/objects.ts';
import { isNotFound, isSuccess } from '../../client/index.ts';
import { errorText, type Run } from '../controllerutil/index.ts';
import {
  bySizeNewer,
  bySizeOlder,
  byRevision,
  dReplicas,
  dspec,
  filterActiveReplicaSets,
  getProportion,
  getReplicaCountForReplicaSets,
  hasRevisionHistoryLimit,
  isRollingUpdate,
  isSaturated,
  maxSurge,
  replicasAnnotationsNeedUpdate,
  rsReplicas,
  rsStatus,
  setReplicasAnnotations,
  byCreationTimestamp,
  type MaybeRS,
} from './util.ts';

export interface ScaleResult {
  scaled: boolean;
  rs?: KubeObject;
  error?: string;
}

export function scaleReplicaSet(
  run: Run,
  rs: KubeObject,
  newScale: number,
  d: KubeObject,
  operation: string,
): ScaleResult {
  const sizeNeedsUpdate = rsReplicas(rs) !== newScale;
  const max = dReplicas(d) + maxSurge(d);
  if (!sizeNeedsUpdate && !replicasAnnotationsNeedUpdate(rs, dReplicas(d), max))
    return { scaled: false, rs };
  const oldScale = rsReplicas(rs);
  const copy = deepCopy(rs);
  (copy.spec as { replicas: number }).replicas = newScale;
  setReplicasAnnotations(copy, dReplicas(d), max);
  const reply = run.call({
    verb: 'update',
    resource: 'replicasets.apps',
    namespace: copy.metadata.namespace,
    name: copy.metadata.name,
    body: copy,
  });
  if (!isSuccess(reply)) return { scaled: false, error: errorText(reply) };
  const updated = reply.body as unknown as KubeObject;
  if (sizeNeedsUpdate)
    run.effect(() =>
      run.kit.event(
        d,
        'Normal',
        'ScalingReplicaSet',
        `Scaled ${operation} replica set ${updated.metadata.name ?? ''} to ${newScale} from ${oldScale}`,
      ),
    );
  return { scaled: sizeNeedsUpdate, rs: updated };
}

export function scaleReplicaSetAndRecordEvent(
  run: Run,
  rs: KubeObject,
  newScale: number,
  d: KubeObject,
): ScaleResult {
  if (rsReplicas(rs) === newScale) return { scaled: false, rs };
  return scaleReplicaSet(run, rs, newScale, d, rsReplicas(rs) < newScale ? 'up' : 'down');
}

/** FindActiveOrLatest: the only active ReplicaSet, or the newest when none is active. */
function findActiveOrLatest(newRS: MaybeRS, oldRSs: KubeObject[]): MaybeRS {
  if (!newRS && oldRSs.length === 0) return undefined;
  oldRSs.sort((a, b) => byCreationTimestamp(b, a));
  const active = filterActiveReplicaSets([...oldRSs, newRS]);
  if (active.length === 0) return newRS ?? oldRSs[0];
  return active.length === 1 ? active[0] : undefined;
}

/** scale: a scaling event (or a paused Deployment) resizes without rolling. */
export function scale(
  run: Run,
  d: KubeObject,
  newRS: MaybeRS,
  oldRSs: KubeObject[],
): string | undefined {
  const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
  if (activeOrLatest) {
    if (rsReplicas(activeOrLatest) === dReplicas(d)) return undefined;
    return scaleReplicaSetAndRecordEvent(run, activeOrLatest, dReplicas(d), d).error;
  }
  if (isSaturated(d, newRS)) {
    for (const old of filterActiveReplicaSets(oldRSs)) {
      const r = scaleReplicaSetAndRecordEvent(run, old, 0, d);
      if (r.error !== undefined) return r.error;
    }
    return undefined;
  }
  if (!isRollingUpdate(d)) return undefined;
  const allRSs = filterActiveReplicaSets([...oldRSs, newRS]);
  const allowedSize = dReplicas(d) > 0 ? dReplicas(d) + maxSurge(d) : 0;
  const toAdd = allowedSize - getReplicaCountForReplicaSets(allRSs);
  let operation = '';
  if (toAdd > 0) {
    allRSs.sort(bySizeNewer);
    operation = 'up';
  } else if (toAdd < 0) {
    allRSs.sort(bySizeOlder);
    operation = 'down';
  }
  let added = 0;
  const nameToSize = new Map<string, number>();
  for (const rs of allRSs) {
    const name = rs.metadata.name ?? '';
    if (toAdd !== 0) {
      const proportion = getProportion(rs, d, toAdd, added);
      nameToSize.set(name, rsReplicas(rs) + proportion);
      added += proportion;
    } else nameToSize.set(name, rsReplicas(rs));
  }
  for (let i = 0; i < allRSs.length; i++) {
    const rs = allRSs[i]!;
    const name = rs.metadata.name ?? '';
    // Leftovers go to the largest ReplicaSet.
    if (i === 0 && toAdd !== 0)
      nameToSize.set(name, Math.max(0, (nameToSize.get(name) ?? 0) + toAdd - added));
    const r = scaleReplicaSet(run, rs, nameToSize.get(name) ?? 0, d, operation);
    if (r.error !== undefined) return r.error;
  }
  return undefined;
}

/** cleanupDeployment: keep revisionHistoryLimit old ReplicaSets, deleting only empty, settled ones. */
export function cleanupDeployment(
  run: Run,
  oldRSs: readonly KubeObject[],
  d: KubeObject,
): string | undefined {
  if (!hasRevisionHistoryLimit(d)) return undefined;
  const cleanable = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp);
  const diff = cleanable.length - (dspec(d).revisionHistoryLimit ?? 0);
  if (diff <= 0) return undefined;
  cleanable.sort(byRevision);
  for (let i = 0; i < diff; i++) {
    const rs = cleanable[i]!;
    const st = rsStatus(rs);
    if (
      (st.replicas ?? 0) !== 0 ||
      rsReplicas(rs) !== 0 ||
      (rs.metadata.generation ?? 0) > (st.observedGeneration ?? 0) ||
      rs.metadata.deletionTimestamp
    )
      continue;
    const reply = run.call({
      verb: 'delete',
      resource: 'replicasets.apps',
      namespace: rs.metadata.namespace,
      name: rs.metadata.name,
    });
    if (!isSuccess(reply) && !isNotFound(reply)) return errorText(reply);
  }
  return undefined;
}
