/**
 * The matching rules several plugins share: taints and tolerations (v1helper.ToleratesTaint),
 * node selector terms (component-helpers nodeaffinity) and host port conflicts (HostPortInfo).
 */
import type {
  HostPort,
  NodeInfo,
  NodeSelectorRequirement,
  NodeSelectorTerm,
  PodInfo,
  Taint,
  Toleration,
} from './types.ts';

export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect !== '' && t.effect !== taint.effect) return false;
  if (t.key !== '' && t.key !== taint.key) return false;
  if (t.operator === '' || t.operator === 'Equal') return t.value === taint.value;
  return t.operator === 'Exists';
}

export function tolerationsTolerateTaint(ts: readonly Toleration[], taint: Taint): boolean {
  for (const t of ts) if (toleratesTaint(t, taint)) return true;
  return false;
}

/** FindMatchingUntoleratedTaint: the first taint (of the effects asked for) nothing tolerates. */
export function findUntoleratedTaint(
  taints: readonly Taint[],
  tolerations: readonly Toleration[],
  noExecuteToo: boolean,
): Taint | undefined {
  for (const taint of taints) {
    if (taint.effect !== 'NoSchedule' && !(noExecuteToo && taint.effect === 'NoExecute')) continue;
    if (!tolerationsTolerateTaint(tolerations, taint)) return taint;
  }
  return undefined;
}

const INTEGER = /^[+-]?[0-9]+$/;

function requirementMatches(r: NodeSelectorRequirement, value: string | undefined): boolean {
  switch (r.operator) {
    case 'In':
      return value !== undefined && r.values.includes(value);
    case 'NotIn':
      return value === undefined || !r.values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      const want = r.values[0];
      if (value === undefined || r.values.length !== 1 || want === undefined) return false;
      if (!INTEGER.test(value) || !INTEGER.test(want)) return false;
      const a = Number(value);
      const b = Number(want);
      return r.operator === 'Gt' ? a > b : a < b;
    }
    default:
      return false;
  }
}

/** A NodeSelectorTerm: all of its requirements hold; a term with none matches nothing. */
export function termMatches(term: NodeSelectorTerm, info: NodeInfo): boolean {
  if (term.matchExpressions.length === 0 && term.matchFields.length === 0) return false;
  for (const r of term.matchExpressions)
    if (!requirementMatches(r, info.labels[r.key])) return false;
  for (const r of term.matchFields) {
    // metadata.name is the only field a node selector may name, and only with In / NotIn.
    if (r.key !== 'metadata.name' || (r.operator !== 'In' && r.operator !== 'NotIn')) return false;
    if (!requirementMatches(r, info.name)) return false;
  }
  return true;
}

/** RequiredNodeAffinity.Match: spec.nodeSelector and any one of the required terms. */
export function matchesRequiredNodeAffinity(p: PodInfo, info: NodeInfo): boolean {
  if (p.nodeSelector) {
    for (const k in p.nodeSelector) if (info.labels[k] !== p.nodeSelector[k]) return false;
  }
  if (p.requiredNodeTerms === null) return true;
  for (const term of p.requiredNodeTerms) if (termMatches(term, info)) return true;
  return false;
}

/** HostPortInfo.CheckConflict: 0.0.0.0 clashes with every address on the same protocol and port. */
export function portConflicts(used: readonly HostPort[], want: HostPort): boolean {
  for (const u of used) {
    if (u.port !== want.port || u.protocol !== want.protocol) continue;
    if (want.ip === '0.0.0.0' || u.ip === '0.0.0.0' || u.ip === want.ip) return true;
  }
  return false;
}
