/**
 * pkg/controller/deployment/util (v1.30), part 2: revisions and the annotations a Deployment
 * keeps on its ReplicaSets (revision, revision-history, desired-replicas, max-replicas).
 */
import type { KubeObject } from '../../api/objects.ts';
import {
  ANNOTATIONS_TO_SKIP,
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  MAX_REV_HISTORY_LENGTH_IN_CHARS,
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  dReplicas,
  maxSurge,
  type MaybeRS,
} from './deploymentutil.ts';

// ---- revisions and annotations ----
/** Revision: the revision annotation as an integer (0 when absent, NaN when malformed). */
export function revision(obj: KubeObject): number {
  const v = obj.metadata.annotations?.[REVISION_ANNOTATION];
  if (v === undefined) return 0;
  return /^[+-]?\d+$/.test(v) ? Number(v) : Number.NaN;
}

export function maxRevision(rss: readonly MaybeRS[]): number {
  let max = 0;
  for (const rs of rss) {
    if (!rs) continue;
    const v = revision(rs);
    if (!Number.isNaN(v) && v > max) max = v;
  }
  return max;
}

/** SetDeploymentRevision: true if it changed. */
export function setDeploymentRevision(d: KubeObject, rev: string): boolean {
  d.metadata.annotations ??= {};
  if (d.metadata.annotations[REVISION_ANNOTATION] === rev) return false;
  d.metadata.annotations[REVISION_ANNOTATION] = rev;
  return true;
}

function copyDeploymentAnnotationsToReplicaSet(d: KubeObject, rs: KubeObject): boolean {
  let changed = false;
  rs.metadata.annotations ??= {};
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (ANNOTATIONS_TO_SKIP.has(k) || rs.metadata.annotations[k] === v) continue;
    rs.metadata.annotations[k] = v;
    changed = true;
  }
  return changed;
}

/** SetReplicasAnnotations: desired-replicas and max-replicas; true if changed. */
export function setReplicasAnnotations(rs: KubeObject, desired: number, max: number): boolean {
  rs.metadata.annotations ??= {};
  let updated = false;
  if (rs.metadata.annotations[DESIRED_REPLICAS_ANNOTATION] !== String(desired)) {
    rs.metadata.annotations[DESIRED_REPLICAS_ANNOTATION] = String(desired);
    updated = true;
  }
  if (rs.metadata.annotations[MAX_REPLICAS_ANNOTATION] !== String(max)) {
    rs.metadata.annotations[MAX_REPLICAS_ANNOTATION] = String(max);
    updated = true;
  }
  return updated;
}

export function replicasAnnotationsNeedUpdate(
  rs: KubeObject,
  desired: number,
  max: number,
): boolean {
  const a = rs.metadata.annotations;
  if (!a) return true;
  return (
    a[DESIRED_REPLICAS_ANNOTATION] !== String(desired) || a[MAX_REPLICAS_ANNOTATION] !== String(max)
  );
}

/**
 * SetNewReplicaSetAnnotations: copies the Deployment's annotations, raises the revision to
 * newRevision if it is lower (a rollback to this ReplicaSet keeps the old number in
 * revision-history), and on creation sets the replica annotations.
 */
export function setNewReplicaSetAnnotations(
  d: KubeObject,
  rs: KubeObject,
  newRevision: string,
  exists: boolean,
): boolean {
  let changed = copyDeploymentAnnotationsToReplicaSet(d, rs);
  const annotations = (rs.metadata.annotations ??= {});
  const had = Object.prototype.hasOwnProperty.call(annotations, REVISION_ANNOTATION);
  const oldRevision = annotations[REVISION_ANNOTATION] ?? '';
  let oldInt = 0;
  if (oldRevision !== '') {
    if (!/^[+-]?\d+$/.test(oldRevision)) return false;
    oldInt = Number(oldRevision);
  }
  const newInt = Number(newRevision);
  if (oldInt < newInt) {
    annotations[REVISION_ANNOTATION] = newRevision;
    changed = true;
  }
  if (had && oldInt < newInt) {
    const history = annotations[REVISION_HISTORY_ANNOTATION] ?? '';
    let old = history.split(',');
    if (old[0] === '') annotations[REVISION_HISTORY_ANNOTATION] = oldRevision;
    else {
      let total = history.length + oldRevision.length + 1;
      let start = 0;
      while (total > MAX_REV_HISTORY_LENGTH_IN_CHARS && start < old.length) {
        total -= old[start]!.length + 1;
        start++;
      }
      if (total <= MAX_REV_HISTORY_LENGTH_IN_CHARS) {
        old = [...old.slice(start), oldRevision];
        annotations[REVISION_HISTORY_ANNOTATION] = old.join(',');
      }
    }
  }
  if (!exists && setReplicasAnnotations(rs, dReplicas(d), dReplicas(d) + maxSurge(d)))
    changed = true;
  return changed;
}

export function intAnnotation(rs: KubeObject, key: string): number | undefined {
  const v = rs.metadata.annotations?.[key];
  if (v === undefined || !/^[+-]?\d+$/.test(v)) return undefined;
  return Number(v);
}
export const getDesiredReplicasAnnotation = (rs: KubeObject) =>
  intAnnotation(rs, DESIRED_REPLICAS_ANNOTATION);
