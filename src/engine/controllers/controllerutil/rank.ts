/**
 * ActivePodsWithRanks (pkg/controller/controller_utils.go, v1.30): the order in which a
 * ReplicaSet prefers to delete its pods. Each rule decides only when the two pods differ on it:
 *
 *  1. unassigned before assigned;
 *  2. Pending before Unknown before Running;
 *  3. not ready before ready;
 *  4. lower controller.kubernetes.io/pod-deletion-cost first (PodDeletionCost, on by default);
 *  5. higher rank first (more active related pods on the same node);
 *  6. both ready: ready for a shorter time first;
 *  7. more container restarts first;
 *  8. newer creationTimestamp first.
 *
 * In 6 and 8 LogarithmicScaleDown (on by default in v1.30) compares the times on a log2 scale of
 * their age in nanoseconds, and pods in the same bucket are ordered by UID, a pseudo-random but
 * stable tie-break. A zero time sorts first.
 */
import { parseRfc3339 } from '../../../shared/index.ts';
import type { KubeObject } from '../../api/objects.ts';
import {
  isPodReady,
  maxContainerRestarts,
  podNodeName,
  podPhase,
  podReadyTime,
} from './podutil.ts';

const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };
export const POD_DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

function phaseOrdinal(pod: KubeObject): number {
  // Go's map lookup of a phase not in the map yields 0, like Pending.
  return PHASE_ORDINAL[podPhase(pod)] ?? 0;
}

/** GetDeletionCostFromPodAnnotations: 0 when absent or malformed ('+1', '007' are invalid). */
export function deletionCost(pod: KubeObject): number {
  const value = pod.metadata.annotations?.[POD_DELETION_COST];
  if (value === undefined) return 0;
  if (!/^(-?[1-9][0-9]*|0|-0)$/.test(value)) return 0;
  const n = Number(value);
  return n >= -2147483648 && n <= 2147483647 ? n : 0;
}

function creationSeconds(pod: KubeObject): number | undefined {
  const t = pod.metadata.creationTimestamp;
  return t ? parseRfc3339(t) : undefined;
}

/** afterOrZero: a zero time first, else the later one first. */
function afterOrZero(t1: number | undefined, t2: number | undefined): boolean {
  if (t1 === undefined || t2 === undefined) return t1 === undefined;
  return t1 > t2;
}

/** logarithmicRankDiff: floor(log2(age in ns)) of each, -1 for a non-positive age. */
function logarithmicRankDiff(t1: number, t2: number, now: number): number {
  const d1 = (now - t1) * 1e9;
  const d2 = (now - t2) * 1e9;
  const r1 = d1 > 0 ? Math.floor(Math.log2(d1)) : -1;
  const r2 = d2 > 0 ? Math.floor(Math.log2(d2)) : -1;
  return r1 - r2;
}

function compareTimes(
  a: KubeObject,
  b: KubeObject,
  t1: number | undefined,
  t2: number | undefined,
  now: number | undefined,
): boolean {
  if (now === undefined || t1 === undefined || t2 === undefined) return afterOrZero(t1, t2);
  const diff = logarithmicRankDiff(t1, t2, now);
  if (diff === 0) return (a.metadata.uid ?? '') < (b.metadata.uid ?? '');
  return diff < 0;
}

export interface RankedPod {
  pod: KubeObject;
  rank: number;
}

/** Less: true when `a` should be deleted before `b`. `now` is epoch seconds (undefined: no log scale). */
export function lessForDeletion(a: RankedPod, b: RankedPod, now: number | undefined): boolean {
  const pa = a.pod;
  const pb = b.pod;
  const na = podNodeName(pa);
  const nb = podNodeName(pb);
  if (na !== nb && (na === '' || nb === '')) return na === '';
  if (phaseOrdinal(pa) !== phaseOrdinal(pb)) return phaseOrdinal(pa) < phaseOrdinal(pb);
  if (isPodReady(pa) !== isPodReady(pb)) return !isPodReady(pa);
  const ca = deletionCost(pa);
  const cb = deletionCost(pb);
  if (ca !== cb) return ca < cb;
  if (a.rank !== b.rank) return a.rank > b.rank;
  if (isPodReady(pa) && isPodReady(pb)) {
    const ra = podReadyTime(pa);
    const rb = podReadyTime(pb);
    if (ra !== rb) return compareTimes(pa, pb, ra, rb, now);
  }
  if (maxContainerRestarts(pa) !== maxContainerRestarts(pb))
    return maxContainerRestarts(pa) > maxContainerRestarts(pb);
  const ta = creationSeconds(pa);
  const tb = creationSeconds(pb);
  if (ta !== tb) return compareTimes(pa, pb, ta, tb, now);
  return false;
}

/**
 * sort.Sort(ActivePodsWithRanks): the pods in deletion-preference order. Go sorts small slices
 * (12 or fewer) by insertion sort, which is stable; a stable sort is used for every size here.
 */
export function sortForDeletion(
  ranked: readonly RankedPod[],
  now: number | undefined,
): RankedPod[] {
  return [...ranked].sort((a, b) =>
    lessForDeletion(a, b, now) ? -1 : lessForDeletion(b, a, now) ? 1 : 0,
  );
}
