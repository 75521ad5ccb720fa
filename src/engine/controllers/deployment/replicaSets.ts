/**
 * pkg/controller/deployment/util (v1.30), part 3: telling the new ReplicaSet from the old ones,
 * their orderings and counts, and the rollout arithmetic (new replicas, proportions, progress).
 */
import { parseRfc3339 } from '../../../shared/index.ts';
import type { KubeObject } from '../../api/objects.ts';
import { equalIgnoreHash } from '../../api/podTemplates.ts';
import { revision, getDesiredReplicasAnnotation, intAnnotation } from './annotations.ts';
import {
  MAX_REPLICAS_ANNOTATION,
  NEW_RS_AVAILABLE_REASON,
  TIMED_OUT_REASON,
  dReplicas,
  dspec,
  dstatus,
  getDeploymentCondition,
  getValueFromIntOrPercent,
  hasProgressDeadline,
  maxSurge,
  rsReplicas,
  rsStatus,
  rsTemplate,
  type DeploymentStatus,
  type MaybeRS,
} from './deploymentutil.ts';

// ---- sorting (controller.ReplicaSetsByCreationTimestamp & co) ----
const created = (rs: KubeObject) => parseRfc3339(rs.metadata.creationTimestamp ?? '') ?? 0;

export function byCreationTimestamp(a: KubeObject, b: KubeObject): number {
  if (created(a) === created(b))
    return (a.metadata.name ?? '') < (b.metadata.name ?? '')
      ? -1
      : (a.metadata.name ?? '') > (b.metadata.name ?? '')
        ? 1
        : 0;
  return created(a) - created(b);
}
/** ReplicaSetsBySizeOlder: larger first; equal sizes older first. */
export const bySizeOlder = (a: KubeObject, b: KubeObject) =>
  rsReplicas(a) === rsReplicas(b) ? byCreationTimestamp(a, b) : rsReplicas(b) - rsReplicas(a);
/** ReplicaSetsBySizeNewer: larger first; equal sizes newer first. */
export const bySizeNewer = (a: KubeObject, b: KubeObject) =>
  rsReplicas(a) === rsReplicas(b) ? byCreationTimestamp(b, a) : rsReplicas(b) - rsReplicas(a);
/** ReplicaSetsByRevision: lower revision first; equal revisions by creation. */
export const byRevision = (a: KubeObject, b: KubeObject) =>
  revision(a) === revision(b) ? byCreationTimestamp(a, b) : revision(a) - revision(b);

// ---- new and old ReplicaSets ----
export { equalIgnoreHash };

/** FindNewReplicaSet: the oldest ReplicaSet whose template equals the Deployment's. Sorts rsList. */
export function findNewReplicaSet(d: KubeObject, rsList: KubeObject[]): MaybeRS {
  rsList.sort(byCreationTimestamp);
  return rsList.find((rs) => equalIgnoreHash(rsTemplate(rs), dspec(d).template));
}

/** FindOldReplicaSets: [those with replicas, all of them]. */
export function findOldReplicaSets(
  d: KubeObject,
  rsList: KubeObject[],
): { required: KubeObject[]; all: KubeObject[] } {
  const newRS = findNewReplicaSet(d, rsList);
  const all = rsList.filter((rs) => !newRS || rs.metadata.uid !== newRS.metadata.uid);
  return { required: all.filter((rs) => rsReplicas(rs) !== 0), all };
}

export const filterActiveReplicaSets = (rss: readonly MaybeRS[]): KubeObject[] =>
  rss.filter((rs): rs is KubeObject => rs !== undefined && rsReplicas(rs) > 0);

// ---- counts ----
const sum = (rss: readonly MaybeRS[], f: (rs: KubeObject) => number) =>
  rss.reduce((n, rs) => n + (rs ? f(rs) : 0), 0);
export const getReplicaCountForReplicaSets = (rss: readonly MaybeRS[]) => sum(rss, rsReplicas);
export const getActualReplicaCountForReplicaSets = (rss: readonly MaybeRS[]) =>
  sum(rss, (rs) => rsStatus(rs).replicas ?? 0);
export const getReadyReplicaCountForReplicaSets = (rss: readonly MaybeRS[]) =>
  sum(rss, (rs) => rsStatus(rs).readyReplicas ?? 0);
export const getAvailableReplicaCountForReplicaSets = (rss: readonly MaybeRS[]) =>
  sum(rss, (rs) => rsStatus(rs).availableReplicas ?? 0);

/** NewRSNewReplicas: how big the new ReplicaSet may be now. */
export function newRSNewReplicas(
  d: KubeObject,
  allRSs: readonly MaybeRS[],
  newRS: KubeObject,
): number {
  const strategy = dspec(d).strategy?.type;
  if (strategy === 'RollingUpdate') {
    const surge = getValueFromIntOrPercent(
      dspec(d).strategy?.rollingUpdate?.maxSurge,
      dReplicas(d),
      true,
    );
    const current = getReplicaCountForReplicaSets(allRSs);
    const maxTotal = dReplicas(d) + surge;
    if (current >= maxTotal) return rsReplicas(newRS);
    const scaleUp = Math.min(maxTotal - current, dReplicas(d) - rsReplicas(newRS));
    return rsReplicas(newRS) + scaleUp;
  }
  if (strategy === 'Recreate') return dReplicas(d);
  throw new Error(`deployment type ${String(strategy)} isn't supported`);
}

/** IsSaturated: the new ReplicaSet owns and has available every desired replica. */
export function isSaturated(d: KubeObject, rs: MaybeRS): boolean {
  if (!rs) return false;
  const desired = getDesiredReplicasAnnotation(rs);
  if (desired === undefined) return false;
  return (
    rsReplicas(rs) === dReplicas(d) &&
    desired === dReplicas(d) &&
    (rsStatus(rs).availableReplicas ?? 0) === dReplicas(d)
  );
}

/** DeploymentComplete: every desired replica updated and available, no old ones, generation observed. */
export function deploymentComplete(d: KubeObject, s: DeploymentStatus): boolean {
  const r = dReplicas(d);
  return (
    (s.updatedReplicas ?? 0) === r &&
    (s.replicas ?? 0) === r &&
    (s.availableReplicas ?? 0) === r &&
    (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0)
  );
}

/** DeploymentProgressing: more updated, fewer old, more ready or more available than before. */
export function deploymentProgressing(d: KubeObject, s: DeploymentStatus): boolean {
  const old = dstatus(d);
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (s.replicas ?? 0) - (s.updatedReplicas ?? 0);
  return (
    (s.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (s.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (s.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  );
}

/** DeploymentTimedOut: the last progress is older than progressDeadlineSeconds (strictly). */
export function deploymentTimedOut(
  d: KubeObject,
  s: DeploymentStatus,
  nowSeconds: number,
): boolean {
  if (!hasProgressDeadline(d)) return false;
  const cond = getDeploymentCondition(s, 'Progressing');
  if (!cond) return false;
  if (cond.reason === NEW_RS_AVAILABLE_REASON) return false;
  if (cond.reason === TIMED_OUT_REASON) return true;
  const from = parseRfc3339(cond.lastUpdateTime ?? '') ?? 0;
  return from + (dspec(d).progressDeadlineSeconds ?? 0) < nowSeconds;
}

/** getReplicaSetFraction: this ReplicaSet's share of a resize, from the max-replicas annotation. */
function getReplicaSetFraction(rs: KubeObject, d: KubeObject): number {
  if (dReplicas(d) === 0) return -rsReplicas(rs);
  const deploymentReplicas = dReplicas(d) + maxSurge(d);
  const annotated = intAnnotation(rs, MAX_REPLICAS_ANNOTATION) ?? dstatus(d).replicas ?? 0;
  // integer.RoundToInt32: round half away from zero.
  const size = (rsReplicas(rs) * deploymentReplicas) / annotated;
  const rounded = size < 0 ? -Math.round(-size) : Math.round(size);
  return rounded - rsReplicas(rs);
}

/** GetProportion: bounded by what is still left to add (or remove). */
export function getProportion(rs: MaybeRS, d: KubeObject, toAdd: number, added: number): number {
  if (!rs || rsReplicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = getReplicaSetFraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}
