/**
 * Counting the pods on a node that a label selector matches (countPodsMatchSelector), memoized on
 * the NodeInfo until its pods change: consecutive replicas of one workload share a selector, so a
 * cycle recounts only the node that took the previous pod.
 */
import { isEverything, matchesLabels, type LabelSelector } from '../api/labels.ts';
import type { NodeInfo } from './types.ts';

export function selectorKey(namespace: string, selector: LabelSelector): string {
  return `${namespace}\u0000${JSON.stringify(selector)}`;
}

/** Matching pods in `namespace`, not terminating; an empty selector counts nothing. */
export function countPodsMatchSelector(
  info: NodeInfo,
  selector: LabelSelector,
  namespace: string,
  key: string,
): number {
  if (isEverything(selector)) return 0;
  if (info.memoGeneration !== info.generation) {
    info.matchMemo.clear();
    info.memoGeneration = info.generation;
  }
  const memo = info.matchMemo.get(key);
  if (memo !== undefined) return memo;
  let count = 0;
  for (const p of info.pods)
    if (!p.deleting && p.namespace === namespace && matchesLabels(selector, p.labels)) count++;
  if (info.matchMemo.size >= 16) info.matchMemo.clear();
  info.matchMemo.set(key, count);
  return count;
}

/** mergeLabelSetWithSelector: matchLabelKeys add `key=value` requirements from the pod's labels. */
export function withLabels(selector: LabelSelector, set: Record<string, string>): LabelSelector {
  const keys = Object.keys(set);
  if (keys.length === 0 || selector.nothing) return selector;
  const requirements = [
    ...selector.requirements,
    ...keys.map((k) => ({ key: k, operator: '=' as const, values: [set[k] ?? ''] })),
  ].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { requirements };
}
