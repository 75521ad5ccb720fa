/**
 * PodTopologySpread (v1.30): DoNotSchedule constraints filter (skew = matching pods in the
 * node's domain + 1 if the pod matches itself - the smallest domain's count, at most maxSkew),
 * ScheduleAnyway constraints, or the system defaults (hostname maxSkew 3, zone maxSkew 5, with
 * the pod's services and controller as the selector) score. Node inclusion policies: node affinity
 * Honor and taints Ignore unless the constraint says otherwise.
 */
import {
  labelSelectorFromObject,
  matchesLabels,
  nothing,
  type LabelSelector,
} from '../api/labels.ts';
import { findUntoleratedTaint, matchesRequiredNodeAffinity } from './nodeMatch.ts';
import { countPodsMatchSelector, selectorKey, withLabels } from './selectors.ts';
import {
  distinctKeys,
  domainCounts,
  includesEveryNode,
  knownDomainNodes,
  selectorCounts,
  type SpreadCountsSource,
} from './spreadCounts.ts';
import {
  LABEL_HOSTNAME,
  LABEL_ZONE,
  MAX_NODE_SCORE,
  type FilterStatus,
  type NodeInfo,
  type PodInfo,
  type TopologySpreadConstraintSpec,
} from './types.ts';

export const ERR_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
export const ERR_NODE_LABEL_NOT_MATCH = `${ERR_CONSTRAINTS_NOT_MATCH} (missing required label)`;

const CONSTRAINTS_NOT_MATCH: FilterStatus = {
  plugin: 'PodTopologySpread',
  code: 'Unschedulable',
  reasons: [ERR_CONSTRAINTS_NOT_MATCH],
};
const NODE_LABEL_NOT_MATCH: FilterStatus = {
  plugin: 'PodTopologySpread',
  code: 'UnschedulableAndUnresolvable',
  reasons: [ERR_NODE_LABEL_NOT_MATCH],
};

interface Constraint extends TopologySpreadConstraintSpec {
  memoKey: string;
}

type Obj = Record<string, unknown>;

/** filterTopologySpreadConstraints: the pod's constraints of one kind, as plugin data. */
export function spreadConstraints(p: PodInfo, action: string): Constraint[] {
  const spec = (p.pod.spec ?? {}) as Obj;
  const out: Constraint[] = [];
  for (const c of (spec.topologySpreadConstraints as Obj[] | undefined) ?? []) {
    if (c.whenUnsatisfiable !== action) continue;
    const parsed = c.labelSelector
      ? labelSelectorFromObject(c.labelSelector as Parameters<typeof labelSelectorFromObject>[0])
      : { ok: true as const, selector: nothing };
    let selector: LabelSelector = parsed.ok ? parsed.selector : nothing;
    const keys = (c.matchLabelKeys as string[] | undefined) ?? [];
    const extra: Record<string, string> = {};
    for (const k of keys) if (k in p.labels) extra[k] = p.labels[k] ?? '';
    selector = withLabels(selector, extra);
    out.push(
      constraint(p, {
        maxSkew: typeof c.maxSkew === 'number' ? c.maxSkew : 1,
        topologyKey: String(c.topologyKey ?? ''),
        whenUnsatisfiable: action,
        selector,
        minDomains: typeof c.minDomains === 'number' ? c.minDomains : 1,
        nodeAffinityPolicy: (c.nodeAffinityPolicy as string | undefined) ?? 'Honor',
        nodeTaintsPolicy: (c.nodeTaintsPolicy as string | undefined) ?? 'Ignore',
      }),
    );
  }
  return out;
}

function constraint(p: PodInfo, c: TopologySpreadConstraintSpec): Constraint {
  return { ...c, memoKey: selectorKey(p.namespace, c.selector) };
}

/** The system default constraints, selecting the pods of the pod's services and controller. */
export function defaultConstraints(p: PodInfo, selector: LabelSelector | null): Constraint[] {
  if (!selector || selector.nothing || selector.requirements.length === 0) return [];
  const base = {
    whenUnsatisfiable: 'ScheduleAnyway',
    selector,
    minDomains: 1,
    nodeAffinityPolicy: 'Honor',
    nodeTaintsPolicy: 'Ignore',
  };
  return [
    constraint(p, { ...base, maxSkew: 3, topologyKey: LABEL_HOSTNAME }),
    constraint(p, { ...base, maxSkew: 5, topologyKey: LABEL_ZONE }),
  ];
}

/**
 * A node's label for a topology key. The default constraints' two keys are read as constants:
 * a lookup by a variable key is several times slower, and this runs for every node of every pod.
 */
function nodeLabel(n: NodeInfo, key: string): string | undefined {
  if (key === LABEL_HOSTNAME) return n.labels[LABEL_HOSTNAME];
  if (key === LABEL_ZONE) return n.labels[LABEL_ZONE];
  return n.labels[key];
}

export function hasAllKeys(n: NodeInfo, cs: readonly Constraint[]): boolean {
  for (const c of cs) if (!(c.topologyKey in n.labels)) return false;
  return true;
}

export function includesNode(c: Constraint, p: PodInfo, n: NodeInfo): boolean {
  if (c.nodeAffinityPolicy === 'Honor' && !matchesRequiredNodeAffinity(p, n)) return false;
  if (c.nodeTaintsPolicy === 'Honor' && findUntoleratedTaint(n.taints, p.tolerations, true))
    return false;
  return true;
}

export const pairKey = (key: string, value: string) => `${key}\u0000${value}`;

export interface SpreadFilterState {
  constraints: Constraint[];
  matchNum: Map<string, number>;
  minByKey: Map<string, number>;
  domainsByKey: Map<string, number>;
}

/** PreFilter: matching pods per topology pair over every node that passes the inclusion policies. */
export function spreadPreFilter(
  p: PodInfo,
  all: readonly NodeInfo[],
  src?: SpreadCountsSource,
): SpreadFilterState | null {
  const constraints = spreadConstraints(p, 'DoNotSchedule');
  if (constraints.length === 0) return null;
  const matchNum = new Map<string, number>();
  // With two constraints on one key the per-node pair is overwritten; only the walk does that.
  const incremental = src && includesEveryNode(constraints, p) && distinctKeys(constraints);
  if (incremental) {
    const keys = constraints.map((c) => c.topologyKey);
    for (const c of constraints) {
      const d = domainCounts(src, c.memoKey, p.namespace, c.selector, c.topologyKey, keys);
      for (const v of d.nodes.keys()) matchNum.set(pairKey(c.topologyKey, v), d.pods.get(v) ?? 0);
    }
  }
  for (const n of incremental ? [] : all) {
    if (!hasAllKeys(n, constraints)) continue;
    const perNode = new Map<string, number>();
    for (const c of constraints) {
      if (!includesNode(c, p, n)) continue;
      const count = countPodsMatchSelector(n, c.selector, p.namespace, c.memoKey);
      perNode.set(pairKey(c.topologyKey, nodeLabel(n, c.topologyKey) ?? ''), count);
    }
    for (const [k, v] of perNode) matchNum.set(k, (matchNum.get(k) ?? 0) + v);
  }
  const minByKey = new Map<string, number>();
  const domainsByKey = new Map<string, number>();
  for (const [k, v] of matchNum) {
    const key = k.slice(0, k.indexOf('\u0000'));
    domainsByKey.set(key, (domainsByKey.get(key) ?? 0) + 1);
    minByKey.set(key, Math.min(minByKey.get(key) ?? Infinity, v));
  }
  return { constraints, matchNum, minByKey, domainsByKey };
}

export function spreadFilter(s: SpreadFilterState, p: PodInfo, n: NodeInfo): FilterStatus | null {
  for (const c of s.constraints) {
    const value = nodeLabel(n, c.topologyKey);
    if (value === undefined) return NODE_LABEL_NOT_MATCH;
    let min = s.minByKey.get(c.topologyKey) ?? Infinity;
    if ((s.domainsByKey.get(c.topologyKey) ?? 0) < c.minDomains) min = 0;
    const self = matchesLabels(c.selector, p.labels) ? 1 : 0;
    const skew = (s.matchNum.get(pairKey(c.topologyKey, value)) ?? 0) + self - min;
    if (skew > c.maxSkew) return CONSTRAINTS_NOT_MATCH;
  }
  return null;
}

export interface SpreadScoreState {
  constraints: Constraint[];
  ignored: Set<string>;
  /** Per constraint: topology value -> matching pods (not used for hostname). */
  counts: Map<string, number>[];
  weights: number[];
  /** Per constraint, from the cache's incremental counts: node name -> matching pods. */
  perNode: (ReadonlyMap<string, number> | null)[];
}

/** PreScore: null means Skip (no soft constraints). */
export function spreadPreScore(
  p: PodInfo,
  filtered: readonly NodeInfo[],
  all: readonly NodeInfo[],
  defaultSelector: LabelSelector | null,
  src?: SpreadCountsSource,
): SpreadScoreState | null {
  if (all.length === 0) return null;
  const own =
    ((p.pod.spec as Obj | undefined)?.topologySpreadConstraints as unknown[] | undefined) ?? [];
  const requireAll = own.length > 0;
  const constraints = requireAll
    ? spreadConstraints(p, 'ScheduleAnyway')
    : defaultConstraints(p, defaultSelector);
  if (constraints.length === 0) return null;
  const ignored = new Set<string>();
  const counts = constraints.map(() => new Map<string, number>());
  const sizes = constraints.map(() => 0);
  // Every filtered node is one the cache counts domains over. Without per-node requirements, once
  // each key has shown every value the cluster has (and none other), the remaining nodes bring no
  // new domain: the walk may stop there (nodes come zone by zone, so that is after a few).
  const everyDomain =
    !requireAll && src && includesEveryNode(constraints, p)
      ? constraints.map((c) =>
          c.topologyKey === LABEL_HOSTNAME
            ? undefined
            : (knownDomainNodes(src, c.memoKey, c.topologyKey) ?? null),
        )
      : undefined;
  let canStop = everyDomain !== undefined && !everyDomain.includes(null);
  for (const n of filtered) {
    if (requireAll && !hasAllKeys(n, constraints)) {
      ignored.add(n.name);
      continue;
    }
    let complete = canStop;
    for (let i = 0; i < constraints.length; i++) {
      const c = constraints[i]!;
      if (c.topologyKey === LABEL_HOSTNAME) continue;
      // A node without the key joins the "" domain, as the real map lookup does.
      const value = nodeLabel(n, c.topologyKey) ?? '';
      const m = counts[i]!;
      if (!m.has(value)) {
        m.set(value, 0);
        sizes[i]!++;
        if (canStop && !everyDomain![i]!.has(value)) canStop = complete = false;
      }
      if (complete && sizes[i] !== everyDomain![i]!.size) complete = false;
    }
    if (complete) break;
  }
  const weights = constraints.map((c, i) =>
    Math.log((c.topologyKey === LABEL_HOSTNAME ? filtered.length - ignored.size : sizes[i]!) + 2),
  );
  // Only the constraints with domains among the filtered nodes count anything (not hostname).
  const counted = constraints.flatMap((c, i) => (counts[i]!.size > 0 ? [i] : []));
  const incremental = src && includesEveryNode(constraints, p);
  const perNode = constraints.map((c) =>
    incremental ? selectorCounts(src, c.memoKey, p.namespace, c.selector).perNode : null,
  );
  if (incremental) {
    const keys = requireAll ? constraints.map((c) => c.topologyKey) : [];
    for (const i of counted) {
      const c = constraints[i]!;
      const d = domainCounts(src, c.memoKey, p.namespace, c.selector, c.topologyKey, keys);
      const m = counts[i]!;
      for (const v of m.keys()) m.set(v, d.pods.get(v) ?? 0);
    }
  } else if (counted.length > 0) {
    for (const n of all) {
      if (requireAll && !hasAllKeys(n, constraints)) continue;
      for (const i of counted) {
        const c = constraints[i]!;
        const m = counts[i]!;
        const value = nodeLabel(n, c.topologyKey) ?? '';
        const current = m.get(value);
        if (current === undefined || !includesNode(c, p, n)) continue;
        m.set(value, current + countPodsMatchSelector(n, c.selector, p.namespace, c.memoKey));
      }
    }
  }
  return { constraints, ignored, counts, weights, perNode };
}

/** Score: matching pods in the node's domains, weighted by log(domains + 2), plus maxSkew - 1. */
export function spreadScore(s: SpreadScoreState, p: PodInfo, n: NodeInfo): number {
  if (s.ignored.size > 0 && s.ignored.has(n.name)) return 0;
  let score = 0;
  for (let i = 0; i < s.constraints.length; i++) {
    const c = s.constraints[i]!;
    const value = nodeLabel(n, c.topologyKey);
    if (value === undefined) continue;
    const perNode = s.perNode[i];
    const cnt =
      c.topologyKey !== LABEL_HOSTNAME
        ? (s.counts[i]!.get(value) ?? 0)
        : perNode
          ? (perNode.get(n.name) ?? 0)
          : countPodsMatchSelector(n, c.selector, p.namespace, c.memoKey);
    score += cnt * s.weights[i]! + (c.maxSkew - 1);
  }
  return Math.round(score);
}

/** NormalizeScore: fewer matching pods score higher; ignored nodes score 0. */
export function spreadNormalize(
  s: SpreadScoreState,
  nodes: readonly NodeInfo[],
  scores: number[],
): void {
  let min = Infinity;
  let max = 0;
  for (let i = 0; i < scores.length; i++) {
    if (s.ignored.size > 0 && s.ignored.has(nodes[i]!.name)) continue;
    min = Math.min(min, scores[i]!);
    max = Math.max(max, scores[i]!);
  }
  for (let i = 0; i < scores.length; i++) {
    if (s.ignored.size > 0 && s.ignored.has(nodes[i]!.name)) scores[i] = 0;
    else if (max === 0) scores[i] = MAX_NODE_SCORE;
    else scores[i] = Math.trunc((MAX_NODE_SCORE * (max + min - scores[i]!)) / max);
  }
}
