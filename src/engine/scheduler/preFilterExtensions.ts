/**
 * The PreFilter extensions AddPod and RemovePod (v1.30) of PodTopologySpread and InterPodAffinity:
 * what preemption's dry run (SelectVictimsOnNode) calls as it takes lower-priority pods off a node
 * and puts reprieved ones back, so the counts the Filter reads follow the pods that would remain.
 * Each node's dry run works on its own copy of the cycle's PreFilter state (CycleState.Clone).
 */
import { matchesLabels } from '../api/labels.ts';
import type { PreFilterState } from './filterPass.ts';
import { bump, matchesAll, termMatches, type AffinityFilterState } from './interPodAffinity.ts';
import { hasAllKeys, includesNode, pairKey, type SpreadFilterState } from './topologySpread.ts';
import type { NodeInfo, PodInfo } from './types.ts';

function cloneSpread(s: SpreadFilterState): SpreadFilterState {
  return {
    constraints: s.constraints,
    matchNum: new Map(s.matchNum),
    minByKey: new Map(s.minByKey),
    domainsByKey: s.domainsByKey,
  };
}

function cloneAffinity(s: AffinityFilterState): AffinityFilterState {
  return {
    ...s,
    existingAnti: new Map(s.existingAnti),
    affinity: new Map(s.affinity),
    anti: new Map(s.anti),
  };
}

export function clonePreFilterState(s: PreFilterState): PreFilterState {
  return {
    ...s,
    spread: s.spread && cloneSpread(s.spread),
    affinity: s.affinity && cloneAffinity(s.affinity),
  };
}

/**
 * PodTopologySpread's updateWithPod: the changed pod counts (or stops counting) in its node's
 * domain for each constraint that selects it, if the node has every topology key and passes the
 * constraint's inclusion policies for the incoming pod. A domain keeps its entry at zero.
 */
function updateSpread(s: SpreadFilterState, p: PodInfo, q: PodInfo, n: NodeInfo, delta: number) {
  if (q.namespace !== p.namespace || !hasAllKeys(n, s.constraints)) return;
  for (const c of s.constraints) {
    if (!matchesLabels(c.selector, q.labels) || !includesNode(c, p, n)) continue;
    const k = pairKey(c.topologyKey, n.labels[c.topologyKey] ?? '');
    s.matchNum.set(k, (s.matchNum.get(k) ?? 0) + delta);
    // The critical paths keep the smallest count per key; recounting the domains gives the same.
    const prefix = pairKey(c.topologyKey, '');
    let min = Infinity;
    for (const [key, v] of s.matchNum) if (key.startsWith(prefix) && v < min) min = v;
    s.minByKey.set(c.topologyKey, min);
  }
}

/** InterPodAffinity's updateWithPod: the three term counts, for the changed pod's node. */
function updateAffinity(
  s: AffinityFilterState,
  p: PodInfo,
  q: PodInfo,
  n: NodeInfo,
  delta: number,
) {
  for (const t of q.requiredAntiAffinityTerms)
    if (termMatches(t, p, s.nsLabels)) bump(s.existingAnti, n, t.topologyKey, delta);
  if (matchesAll(s.affinityTerms, q))
    for (const t of s.affinityTerms) bump(s.affinity, n, t.topologyKey, delta);
  for (const t of s.antiTerms) if (termMatches(t, q, null)) bump(s.anti, n, t.topologyKey, delta);
}

/** RunPreFilterExtensionRemovePod: `q` leaves node `n` in the incoming pod `p`'s dry run. */
export function preFilterRemovePod(s: PreFilterState, p: PodInfo, q: PodInfo, n: NodeInfo): void {
  if (s.spread) updateSpread(s.spread, p, q, n, -1);
  if (s.affinity) updateAffinity(s.affinity, p, q, n, -1);
}

/** RunPreFilterExtensionAddPod: `q` is back on node `n`. */
export function preFilterAddPod(s: PreFilterState, p: PodInfo, q: PodInfo, n: NodeInfo): void {
  if (s.spread) updateSpread(s.spread, p, q, n, 1);
  if (s.affinity) updateAffinity(s.affinity, p, q, n, 1);
}
