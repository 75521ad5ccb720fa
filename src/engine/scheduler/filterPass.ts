/**
 * One pod's Filter pass (findNodesThatFitPod): PreFilter once, then the filter plugins in the
 * default profile's order on each node from the rotating start index, stopping once
 * numFeasibleNodesToFind nodes fit.
 */
import {
  filterNodeAffinity,
  filterNodeName,
  filterNodePorts,
  filterNodeResourcesFit,
  filterNodeUnschedulable,
  filterTaintToleration,
} from './filters.ts';
import { nodeAffinityPreFilter } from './nodeAffinityPreFilter.ts';
import { affinityFilter, affinityPreFilter, type AffinityFilterState } from './interPodAffinity.ts';
import { spreadFilter, spreadPreFilter, type SpreadFilterState } from './topologySpread.ts';
import type { SpreadCountsSource } from './spreadCounts.ts';
import type { FilterStatus, NodeInfo, PodInfo } from './types.ts';

/** minFeasibleNodesToFind, minFeasibleNodesPercentageToFind */
const MIN_FEASIBLE_NODES_TO_FIND = 100;
const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

export const FILTER_PLUGINS = [
  'NodeUnschedulable',
  'NodeName',
  'TaintToleration',
  'NodeAffinity',
  'NodePorts',
  'NodeResourcesFit',
  'PodTopologySpread',
  'InterPodAffinity',
] as const;

/** numFeasibleNodesToFind: all nodes below 100; else the percentage (adaptive when 0), at least 100. */
export function numFeasibleNodesToFind(percentage: number, numAllNodes: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let pct = percentage;
  if (pct === 0) {
    pct = 50 - Math.trunc(numAllNodes / 125);
    if (pct < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND) pct = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
  }
  const n = Math.trunc((numAllNodes * pct) / 100);
  return n < MIN_FEASIBLE_NODES_TO_FIND ? MIN_FEASIBLE_NODES_TO_FIND : n;
}

export interface PreFilterState {
  /** A PreFilter rejection: every node fails with it and no Filter runs. */
  rejected: FilterStatus | null;
  /** PreFilterResult.NodeNames: only these nodes are filtered (null: all of them). */
  nodeNames: ReadonlySet<string> | null;
  spread: SpreadFilterState | null;
  affinity: AffinityFilterState | null;
}

export function runPreFilter(
  p: PodInfo,
  all: readonly NodeInfo[],
  namespaces: ReadonlyMap<string, Record<string, string>>,
  cache?: SpreadCountsSource,
): PreFilterState {
  // NodeAffinity runs first in the default profile, and a rejection stops the other PreFilters.
  const na = nodeAffinityPreFilter(p);
  if (na.rejected) return { rejected: na.rejected, nodeNames: null, spread: null, affinity: null };
  return {
    rejected: null,
    nodeNames: na.nodeNames,
    spread: spreadPreFilter(p, all, cache),
    affinity: affinityPreFilter(p, all, namespaces),
  };
}

/** RunFilterPlugins: the first plugin that rejects the node, or null if it fits. */
export function runFilters(s: PreFilterState, p: PodInfo, n: NodeInfo): FilterStatus | null {
  return (
    filterNodeUnschedulable(p, n) ??
    filterNodeName(p, n) ??
    filterTaintToleration(p, n) ??
    filterNodeAffinity(p, n) ??
    (p.hostPorts.length ? filterNodePorts(p, n) : null) ??
    filterNodeResourcesFit(p, n) ??
    (s.spread ? spreadFilter(s.spread, p, n) : null) ??
    (s.affinity ? affinityFilter(s.affinity, n) : null)
  );
}

export interface FilterResult {
  feasible: NodeInfo[];
  /** Rejected nodes in the order they were checked. */
  rejected: { node: NodeInfo; status: FilterStatus }[];
  processed: number;
  nextStartNodeIndex: number;
  numNodesToFind: number;
}

export function findNodesThatPassFilters(
  s: PreFilterState,
  p: PodInfo,
  nodes: readonly NodeInfo[],
  percentage: number,
  startIndex: number,
  filteredOut = 0,
): FilterResult {
  const numAll = nodes.length;
  const numNodesToFind = numFeasibleNodesToFind(percentage, numAll);
  // Sized once for the most it can hold: grown push by push, it was copied six times per pod.
  const feasible = new Array<NodeInfo>(Math.min(numNodesToFind, numAll));
  let found = 0;
  const rejected: FilterResult['rejected'] = [];
  let processed = 0;
  for (let i = 0; i < numAll && found < numNodesToFind; i++) {
    const n = nodes[(startIndex + i) % numAll]!;
    processed++;
    const status = runFilters(s, p, n);
    if (status) rejected.push({ node: n, status });
    else feasible[found++] = n;
  }
  feasible.length = found;
  // v1.30 advances by every node given a status (those the PreFilterResult left out too), modulo
  // the nodes it filtered: a DaemonSet pod, with one node to check, sets the index back to 0.
  // (With none left to check Go would divide by zero; the index stays.)
  const nextStartNodeIndex =
    numAll === 0 ? startIndex : (startIndex + processed + filteredOut) % numAll;
  return { feasible, rejected, processed, nextStartNodeIndex, numNodesToFind };
}

/**
 * FitError.Error(): "0/N nodes are available: <sorted reason counts>." plus the PostFilter message.
 * After a PreFilter rejection its message stands instead of the counts (every node has it).
 */
export function fitErrorMessage(
  numAllNodes: number,
  statuses: Iterable<FilterStatus>,
  postFilterMsg: string,
  preFilterMsg = '',
): string {
  let msg = `0/${numAllNodes} nodes are available:`;
  if (preFilterMsg) msg += ` ${preFilterMsg}.`;
  else {
    const counts = new Map<string, number>();
    for (const s of statuses) for (const r of s.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
    const histogram = [...counts].map(([r, c]) => `${c} ${r}`).sort();
    if (histogram.length) msg += ` ${histogram.join(', ')}.`;
  }
  if (postFilterMsg) msg += ` ${postFilterMsg}.`;
  return msg;
}
