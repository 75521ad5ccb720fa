/**
 * Incremental PodTopologySpread counts kept beside the scheduler cache: for each selector a
 * spreading pod used recently, the matching pods per node, and per (topology key, required keys)
 * the matching pods and the nodes in each topology domain. The real plugin re-counts every node in
 * PreFilter/PreScore; the answers here are the same numbers, kept up to date as pods are
 * added/removed/assumed/forgotten and nodes come, go or change labels, so a cycle reads them in
 * O(domains) instead of O(nodes x pods). Selectors are few (one per ReplicaSet or Service), and the
 * least recently used one is dropped past a small limit; a dropped or new one is rebuilt lazily.
 */
import { isEverything, matchesLabels, type LabelSelector } from '../api/labels.ts';
import type { NodeInfo, PodInfo, TopologySpreadConstraintSpec } from './types.ts';

/** Matching pods and nodes per topology value, over the nodes that have every required key. */
export interface DomainCounts {
  topologyKey: string;
  requiredKeys: string[];
  pods: Map<string, number>;
  nodes: Map<string, number>;
}

export interface SelectorCounts {
  namespace: string;
  selector: LabelSelector;
  /** Node name -> matching pods on that NodeInfo (absent means 0). */
  perNode: Map<string, number>;
  /** `${topologyKey}\0${requiredKeys}` -> domain counts, built on first use. */
  domains: Map<string, DomainCounts>;
  lastUsed: number;
}

export interface SpreadCounts {
  /** selectorKey (namespace + selector) -> counts. */
  selectors: Map<string, SelectorCounts>;
  tick: number;
}

/** Past this many selectors the least recently used is dropped (each costs a match per pod event). */
const MAX_SELECTORS = 32;

/** The scheduler cache's incremental counts; `all` must then be that cache's node list. */
export interface SpreadCountsSource {
  spread: SpreadCounts;
  nodes: ReadonlyMap<string, NodeInfo>;
}

/** The incremental domain counts apply when every listed node passes the inclusion policies. */
export function includesEveryNode(
  cs: readonly TopologySpreadConstraintSpec[],
  p: PodInfo,
): boolean {
  const affinity =
    (p.nodeSelector !== null && Object.keys(p.nodeSelector).length > 0) ||
    p.requiredNodeTerms !== null;
  for (const c of cs) {
    if (c.nodeAffinityPolicy === 'Honor' && affinity) return false;
    if (c.nodeTaintsPolicy === 'Honor') return false;
  }
  return true;
}

export function distinctKeys(cs: readonly TopologySpreadConstraintSpec[]): boolean {
  return new Set(cs.map((c) => c.topologyKey)).size === cs.length;
}

export function newSpreadCounts(): SpreadCounts {
  return { selectors: new Map(), tick: 0 };
}

/** What countPodsMatchSelector counts: not terminating, same namespace, selected; {} counts nothing. */
function podMatches(s: SelectorCounts, p: PodInfo): boolean {
  return (
    !p.deleting &&
    p.namespace === s.namespace &&
    !isEverything(s.selector) &&
    matchesLabels(s.selector, p.labels)
  );
}

function qualifies(labels: Record<string, string>, requiredKeys: readonly string[]): boolean {
  for (const k of requiredKeys) if (!(k in labels)) return false;
  return true;
}

function bump(m: Map<string, number>, key: string, by: number): void {
  const v = (m.get(key) ?? 0) + by;
  if (v === 0) m.delete(key);
  else m.set(key, v);
}

/** Matching pods counted on a node in a domain: only nodes the snapshot lists (node object known). */
function addNodeToDomain(d: DomainCounts, info: NodeInfo, pods: number, sign: number): void {
  if (!info.node || !qualifies(info.labels, d.requiredKeys)) return;
  const value = info.labels[d.topologyKey] ?? '';
  bump(d.nodes, value, sign);
  if (pods !== 0) bump(d.pods, value, sign * pods);
}

export function selectorCounts(
  { spread: sc, nodes }: SpreadCountsSource,
  key: string,
  namespace: string,
  selector: LabelSelector,
): SelectorCounts {
  let s = sc.selectors.get(key);
  if (!s) {
    if (sc.selectors.size >= MAX_SELECTORS) {
      let oldest: string | undefined;
      let at = Infinity;
      for (const [k, v] of sc.selectors) if (v.lastUsed < at) [oldest, at] = [k, v.lastUsed];
      if (oldest !== undefined) sc.selectors.delete(oldest);
    }
    s = { namespace, selector, perNode: new Map(), domains: new Map(), lastUsed: 0 };
    for (const info of nodes.values()) {
      let n = 0;
      for (const p of info.pods) if (podMatches(s, p)) n++;
      if (n) s.perNode.set(info.name, n);
    }
    sc.selectors.set(key, s);
  }
  s.lastUsed = ++sc.tick;
  return s;
}

/**
 * Per value of `topologyKey` (missing reads as ""), over the listed nodes that have every one of
 * `requiredKeys`: the matching pods and how many nodes are there.
 */
export function domainCounts(
  src: SpreadCountsSource,
  key: string,
  namespace: string,
  selector: LabelSelector,
  topologyKey: string,
  requiredKeys: readonly string[],
): DomainCounts {
  const s = selectorCounts(src, key, namespace, selector);
  const dkey = `${topologyKey}\u0000${requiredKeys.join('\u0000')}`;
  let d = s.domains.get(dkey);
  if (!d) {
    d = { topologyKey, requiredKeys: [...requiredKeys], pods: new Map(), nodes: new Map() };
    for (const info of src.nodes.values())
      addNodeToDomain(d, info, s.perNode.get(info.name) ?? 0, 1);
    s.domains.set(dkey, d);
  }
  return d;
}

/**
 * The nodes per value of `topologyKey` (no required keys) that domainCounts keeps for a selector,
 * if it has counted them already; reading them changes nothing (no LRU tick, no counting).
 */
export function knownDomainNodes(
  src: SpreadCountsSource,
  key: string,
  topologyKey: string,
): ReadonlyMap<string, number> | undefined {
  return src.spread.selectors.get(key)?.domains.get(`${topologyKey}\u0000`)?.nodes;
}

/** A pod joined (+1) or left (-1) a node's pod list. */
export function spreadPodChanged(sc: SpreadCounts, info: NodeInfo, p: PodInfo, sign: number): void {
  for (const s of sc.selectors.values()) {
    if (!podMatches(s, p)) continue;
    bump(s.perNode, info.name, sign);
    if (!info.node) continue;
    for (const d of s.domains.values()) {
      if (!qualifies(info.labels, d.requiredKeys)) continue;
      bump(d.pods, info.labels[d.topologyKey] ?? '', sign);
    }
  }
}

/** Take a node out of (-1) or put it back into (+1) every domain, around a label or presence change. */
export function spreadNodeChanged(sc: SpreadCounts, info: NodeInfo, sign: number): void {
  for (const s of sc.selectors.values()) {
    if (s.domains.size === 0) continue;
    const pods = s.perNode.get(info.name) ?? 0;
    for (const d of s.domains.values()) addNodeToDomain(d, info, pods, sign);
  }
}
