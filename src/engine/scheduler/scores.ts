/**
 * The node-local Score plugins (v1.30) and helper.DefaultNormalizeScore. Integer arithmetic is
 * Go's int64 arithmetic: divisions truncate.
 */
import { termMatches, tolerationsTolerateTaint } from './nodeMatch.ts';
import { MAX_NODE_SCORE, type NodeInfo, type PodInfo, type Toleration } from './types.ts';

const MB = 1024 * 1024;
const MIN_THRESHOLD = 23 * MB;
const MAX_CONTAINER_THRESHOLD = 1000 * MB;

function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

/**
 * NodeResourcesFit, LeastAllocated with cpu and memory weighted 1 each: free share of each
 * resource after placing the pod, counting non-zero requests (100m / 200Mi for containers that
 * request nothing). A resource the node has none of is left out.
 */
export function leastAllocatedScore(p: PodInfo, n: NodeInfo): number {
  let score = 0;
  let weights = 0;
  if (n.allocCpu !== 0) {
    score += leastRequestedScore(n.nzCpu + p.nzCpu, n.allocCpu);
    weights++;
  }
  if (n.allocMem !== 0) {
    score += leastRequestedScore(n.nzMem + p.nzMem, n.allocMem);
    weights++;
  }
  return weights === 0 ? 0 : Math.trunc(score / weights);
}

/**
 * NodeResourcesBalancedAllocation: 100 × (1 - std) of the cpu and memory fractions requested
 * (actual requests, not the non-zero defaults); with two resources std is |f1 - f2| / 2.
 */
export function balancedAllocationScore(p: PodInfo, n: NodeInfo): number {
  let f1 = -1;
  let f2 = -1;
  if (n.allocCpu !== 0) f1 = Math.min(1, (n.reqCpu + p.reqCpu) / n.allocCpu);
  if (n.allocMem !== 0) f2 = Math.min(1, (n.reqMem + p.reqMem) / n.allocMem);
  const std = f1 >= 0 && f2 >= 0 ? Math.abs((f1 - f2) / 2) : 0;
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

/**
 * ImageLocality's spread factor for each of the pod's images: the share of all nodes that have
 * it. The same for every node, so worked out once per pod rather than once per node.
 */
export function imageShares(
  p: PodInfo,
  imageNodes: ReadonlyMap<string, number>,
  totalNodes: number,
): number[] {
  return p.images.map((image) => (imageNodes.get(image) ?? 0) / totalNodes);
}

/**
 * ImageLocality: the sizes of the pod's images already on the node, each scaled by the share of
 * nodes that have it (`shares`, from imageShares), mapped from [23 MB, 1000 MB × containers] onto
 * 0..100.
 */
export function imageLocalityScore(p: PodInfo, n: NodeInfo, shares: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < p.images.length; i++) {
    const size = n.imageSizes[p.images[i]!];
    if (size === undefined) continue;
    sum += Math.trunc(size * shares[i]!);
  }
  const maxThreshold = MAX_CONTAINER_THRESHOLD * p.images.length;
  sum = Math.min(Math.max(sum, MIN_THRESHOLD), maxThreshold);
  return Math.trunc((MAX_NODE_SCORE * (sum - MIN_THRESHOLD)) / (maxThreshold - MIN_THRESHOLD));
}

/** getAllTolerationPreferNoSchedule: tolerations with no effect or PreferNoSchedule. */
export function preferNoScheduleTolerations(p: PodInfo): Toleration[] {
  return p.tolerations.filter((t) => t.effect === '' || t.effect === 'PreferNoSchedule');
}

/** TaintToleration: the raw score counts PreferNoSchedule taints the pod does not tolerate. */
export function taintTolerationScore(tolerations: readonly Toleration[], n: NodeInfo): number {
  let count = 0;
  for (const taint of n.taints)
    if (taint.effect === 'PreferNoSchedule' && !tolerationsTolerateTaint(tolerations, taint))
      count++;
  return count;
}

/** NodeAffinity: the sum of the weights of the preferred terms the node matches. */
export function nodeAffinityScore(p: PodInfo, n: NodeInfo): number {
  let count = 0;
  for (const { weight, term } of p.preferredNodeTerms) if (termMatches(term, n)) count += weight;
  return count;
}

/** helper.DefaultNormalizeScore: scale to 0..max by the highest score, reversed if asked. */
export function defaultNormalizeScore(max: number, reverse: boolean, scores: number[]): void {
  let maxCount = 0;
  for (const s of scores) if (s > maxCount) maxCount = s;
  if (maxCount === 0) {
    if (reverse) scores.fill(max);
    return;
  }
  for (let i = 0; i < scores.length; i++) {
    const s = Math.trunc((max * scores[i]!) / maxCount);
    scores[i] = reverse ? max - s : s;
  }
}
