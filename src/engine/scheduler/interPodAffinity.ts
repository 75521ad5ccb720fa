/**
 * InterPodAffinity (v1.30): required pod affinity and anti-affinity of the incoming pod, the
 * required anti-affinity of the pods already placed (symmetry), and the preferred terms of both
 * sides for scoring, counted per topology pair (any topology key: hostname, zone, ...).
 */
import { isEverything, matchesLabels } from '../api/labels.ts';
import {
  MAX_NODE_SCORE,
  type AffinityTerm,
  type FilterStatus,
  type NodeInfo,
  type PodInfo,
  type WeightedAffinityTerm,
} from './types.ts';
import { hasAffinity } from './podInfo.ts';

export const ERR_EXISTING_ANTI_AFFINITY =
  "node(s) didn't satisfy existing pods anti-affinity rules";
export const ERR_AFFINITY = "node(s) didn't match pod affinity rules";
export const ERR_ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";

const AFFINITY: FilterStatus = {
  plugin: 'InterPodAffinity',
  code: 'UnschedulableAndUnresolvable',
  reasons: [ERR_AFFINITY],
};
const ANTI: FilterStatus = {
  plugin: 'InterPodAffinity',
  code: 'Unschedulable',
  reasons: [ERR_ANTI_AFFINITY],
};
const EXISTING_ANTI: FilterStatus = {
  plugin: 'InterPodAffinity',
  code: 'Unschedulable',
  reasons: [ERR_EXISTING_ANTI_AFFINITY],
};

type NamespaceLabels = ReadonlyMap<string, Record<string, string>>;

/** AffinityTerm.Matches: the namespace is listed or its labels match, and the pod's labels match. */
export function termMatches(
  t: AffinityTerm,
  p: PodInfo,
  nsLabels: Record<string, string> | null,
): boolean {
  const nsOk =
    t.namespaces.includes(p.namespace) ||
    (!t.namespaceSelector.nothing &&
      (isEverything(t.namespaceSelector) ||
        (nsLabels !== null && matchesLabels(t.namespaceSelector, nsLabels))));
  return nsOk && matchesLabels(t.selector, p.labels);
}

/** mergeAffinityTermNamespacesIfNotEmpty: a namespace selector becomes the namespaces it selects. */
function merge<T extends AffinityTerm>(t: T, namespaces: NamespaceLabels): T {
  const sel = t.namespaceSelector;
  if (sel.nothing || isEverything(sel)) return t;
  const names = [...t.namespaces];
  for (const [name, labels] of namespaces) if (matchesLabels(sel, labels)) names.push(name);
  return { ...t, namespaces: names, namespaceSelector: { requirements: [], nothing: true } };
}

const pair = (key: string, value: string) => `${key}\u0000${value}`;

export function bump(m: Map<string, number>, n: NodeInfo, key: string, by: number): void {
  const v = n.labels[key];
  if (v === undefined) return;
  const k = pair(key, v);
  const next = (m.get(k) ?? 0) + by;
  if (next === 0) m.delete(k);
  else m.set(k, next);
}

export function matchesAll(terms: readonly AffinityTerm[], p: PodInfo): boolean {
  if (terms.length === 0) return false;
  for (const t of terms) if (!termMatches(t, p, null)) return false;
  return true;
}

export interface AffinityFilterState {
  affinityTerms: AffinityTerm[];
  antiTerms: AffinityTerm[];
  existingAnti: Map<string, number>;
  affinity: Map<string, number>;
  anti: Map<string, number>;
  selfMatch: boolean;
  /** The incoming pod's namespace labels (existing pods' anti-affinity namespace selectors). */
  nsLabels: Record<string, string> | null;
}

/** PreFilter: null means Skip (nothing to check). */
export function affinityPreFilter(
  p: PodInfo,
  all: readonly NodeInfo[],
  namespaces: NamespaceLabels,
): AffinityFilterState | null {
  const nsLabels = namespaces.get(p.namespace) ?? null;
  const affinityTerms = p.requiredAffinityTerms.map((t) => merge(t, namespaces));
  const antiTerms = p.requiredAntiAffinityTerms.map((t) => merge(t, namespaces));
  const existingAnti = new Map<string, number>();
  const affinity = new Map<string, number>();
  const anti = new Map<string, number>();
  const incoming = affinityTerms.length > 0 || antiTerms.length > 0;
  for (const n of all) {
    if (n.podsWithRequiredAntiAffinity > 0)
      for (const e of n.pods)
        for (const t of e.requiredAntiAffinityTerms)
          if (termMatches(t, p, nsLabels)) bump(existingAnti, n, t.topologyKey, 1);
    if (!incoming) continue;
    for (const e of n.pods) {
      if (matchesAll(affinityTerms, e))
        for (const t of affinityTerms) bump(affinity, n, t.topologyKey, 1);
      for (const t of antiTerms) if (termMatches(t, e, null)) bump(anti, n, t.topologyKey, 1);
    }
  }
  if (existingAnti.size === 0 && !incoming) return null;
  const selfMatch = matchesAll(affinityTerms, p);
  return { affinityTerms, antiTerms, existingAnti, affinity, anti, selfMatch, nsLabels };
}

export function affinityFilter(s: AffinityFilterState, n: NodeInfo): FilterStatus | null {
  let podsExist = true;
  for (const t of s.affinityTerms) {
    const v = n.labels[t.topologyKey];
    if (v === undefined) return AFFINITY;
    if ((s.affinity.get(pair(t.topologyKey, v)) ?? 0) <= 0) podsExist = false;
  }
  // The first pod of a group with affinity to itself may go anywhere its topology keys exist.
  if (!podsExist && !(s.affinity.size === 0 && s.selfMatch)) return AFFINITY;
  for (const t of s.antiTerms) {
    const v = n.labels[t.topologyKey];
    if (v !== undefined && (s.anti.get(pair(t.topologyKey, v)) ?? 0) > 0) return ANTI;
  }
  if (s.existingAnti.size > 0)
    for (const k in n.labels)
      if ((s.existingAnti.get(pair(k, n.labels[k] ?? '')) ?? 0) > 0) return EXISTING_ANTI;
  return null;
}

export interface AffinityScoreState {
  /** topology key -> value -> score. */
  topologyScore: Map<string, Map<string, number>>;
}

function add(
  s: AffinityScoreState,
  t: AffinityTerm,
  weight: number,
  target: PodInfo,
  nsLabels: Record<string, string> | null,
  n: NodeInfo,
): void {
  const v = n.labels[t.topologyKey];
  if (v === undefined || !termMatches(t, target, nsLabels)) return;
  let m = s.topologyScore.get(t.topologyKey);
  if (!m) s.topologyScore.set(t.topologyKey, (m = new Map()));
  m.set(v, (m.get(v) ?? 0) + weight);
}

/** PreScore: null means Skip (no preferred terms on either side). */
export function affinityPreScore(
  p: PodInfo,
  all: readonly NodeInfo[],
  namespaces: NamespaceLabels,
): AffinityScoreState | null {
  const preferred: WeightedAffinityTerm[] = p.preferredAffinityTerms.map((t) =>
    merge(t, namespaces),
  );
  const preferredAnti = p.preferredAntiAffinityTerms.map((t) => merge(t, namespaces));
  const hasConstraints = preferred.length > 0 || preferredAnti.length > 0;
  const nsLabels = namespaces.get(p.namespace) ?? null;
  const s: AffinityScoreState = { topologyScore: new Map() };
  for (const n of all) {
    if (!hasConstraints && n.podsWithAffinity === 0) continue;
    if (Object.keys(n.labels).length === 0) continue;
    for (const e of n.pods) {
      if (!hasConstraints && !hasAffinity(e)) continue;
      for (const t of preferred) add(s, t, t.weight, e, null, n);
      for (const t of preferredAnti) add(s, t, -t.weight, e, null, n);
      for (const t of e.requiredAffinityTerms) add(s, t, 1, p, nsLabels, n);
      for (const t of e.preferredAffinityTerms) add(s, t, t.weight, p, nsLabels, n);
      for (const t of e.preferredAntiAffinityTerms) add(s, t, -t.weight, p, nsLabels, n);
    }
  }
  return s.topologyScore.size === 0 ? null : s;
}

export function affinityScore(s: AffinityScoreState, n: NodeInfo): number {
  let score = 0;
  for (const [key, values] of s.topologyScore) {
    const v = n.labels[key];
    if (v !== undefined) score += values.get(v) ?? 0;
  }
  return score;
}

/** NormalizeScore: scaled to 0..100 between the lowest and the highest score. */
export function affinityNormalize(scores: number[]): void {
  let min = Infinity;
  let max = -Infinity;
  for (const v of scores) {
    if (v > max) max = v;
    if (v < min) min = v;
  }
  const diff = max - min;
  for (let i = 0; i < scores.length; i++)
    scores[i] = diff > 0 ? Math.trunc(MAX_NODE_SCORE * ((scores[i]! - min) / diff)) : 0;
}
