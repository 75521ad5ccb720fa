/**
 * NodeAffinity's PreFilter (v1.30). A pod whose every required node selector term names nodes by
 * `matchFields: metadata.name In [...]` (what the DaemonSet controller writes) can only go to
 * those nodes: the PreFilterResult lists them and findNodesThatFitPod filters only them, counting
 * each other node as UnschedulableAndUnresolvable "node is filtered out by the prefilter result"
 * (so preemption skips it). Terms whose name sets do not intersect reject the pod outright.
 */
import type { FilterStatus, NodeInfo, PodInfo } from './types.ts';

export const ERR_AFFINITY_TERMS_CONFLICT = 'pod affinity terms conflict';
export const ERR_FILTERED_OUT_BY_PREFILTER = 'node is filtered out by the prefilter result';

const CONFLICT: FilterStatus = {
  plugin: 'NodeAffinity',
  code: 'UnschedulableAndUnresolvable',
  reasons: [ERR_AFFINITY_TERMS_CONFLICT],
};

/** The status findNodesThatFitPod records for a node left out by the PreFilterResult. */
export const FILTERED_OUT_BY_PREFILTER: FilterStatus = {
  plugin: '',
  code: 'UnschedulableAndUnresolvable',
  reasons: [ERR_FILTERED_OUT_BY_PREFILTER],
};

export interface NodeAffinityPreFilterResult {
  /** null: every node is eligible. */
  nodeNames: Set<string> | null;
  rejected: FilterStatus | null;
}

const ALL: NodeAffinityPreFilterResult = { nodeNames: null, rejected: null };

export function nodeAffinityPreFilter(p: PodInfo): NodeAffinityPreFilterResult {
  const terms = p.requiredNodeTerms;
  if (terms === null || terms.length === 0) return ALL;
  let names: Set<string> | null = null;
  for (const t of terms) {
    // Within a term the requirements are ANDed: the named sets intersect.
    let termNames: Set<string> | null = null;
    for (const r of t.matchFields) {
      if (r.key !== 'metadata.name' || r.operator !== 'In') continue;
      termNames =
        termNames === null ? new Set(r.values) : new Set(r.values.filter((v) => termNames!.has(v)));
    }
    // The terms are ORed: one term without a name requirement lets every node through.
    if (termNames === null) return ALL;
    names ??= new Set();
    for (const n of termNames) names.add(n);
  }
  if (names !== null && names.size === 0) return { nodeNames: null, rejected: CONFLICT };
  return { nodeNames: names, rejected: null };
}

/** The nodes the PreFilterResult keeps, in the snapshot's order, and the ones it leaves out. */
export function narrowNodes(
  nodes: readonly NodeInfo[],
  nodeNames: ReadonlySet<string> | null,
): { kept: readonly NodeInfo[]; filteredOut: NodeInfo[] } {
  if (nodeNames === null) return { kept: nodes, filteredOut: [] };
  const kept: NodeInfo[] = [];
  const filteredOut: NodeInfo[] = [];
  for (const n of nodes) (nodeNames.has(n.name) ? kept : filteredOut).push(n);
  return { kept, filteredOut };
}
