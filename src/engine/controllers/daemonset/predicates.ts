/**
 * Whether a DaemonSet's pod belongs on a node (NodeShouldRunDaemonPod): the template's nodeName,
 * its nodeSelector and required node affinity, and the node's NoSchedule/NoExecute taints against
 * the pod's tolerations (including the ones every daemon pod gets, see tolerations.ts).
 */
import type { KubeObject } from '../../api/objects.ts';

export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

export interface Taint {
  key: string;
  value?: string;
  effect: string;
}

interface NodeSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

export interface PodSpecView {
  nodeName?: string;
  nodeSelector?: Record<string, string>;
  hostNetwork?: boolean;
  tolerations?: Toleration[];
  affinity?: {
    nodeAffinity?: {
      requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: NodeSelectorTerm[] };
    };
  };
  [field: string]: unknown;
}

/** Toleration.ToleratesTaint. */
export function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key !== undefined && t.key !== '' && t.key !== taint.key) return false;
  if ((t.key === undefined || t.key === '') && t.operator !== 'Exists') return false;
  if (t.operator === 'Exists') return true;
  return (t.value ?? '') === (taint.value ?? '');
}

function untolerated(
  taints: Taint[],
  tolerations: Toleration[],
  effects: string[],
): Taint | undefined {
  return taints.find(
    (taint) => effects.includes(taint.effect) && !tolerations.some((t) => tolerates(t, taint)),
  );
}

function requirementMatches(r: NodeSelectorRequirement, value: string | undefined): boolean {
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      const n = Number(value);
      const want = Number(values[0]);
      if (value === undefined || !Number.isInteger(n) || !Number.isInteger(want)) return false;
      return r.operator === 'Gt' ? n > want : n < want;
    }
    default:
      return false;
  }
}

/** A term matches if all its expressions (labels) and fields (metadata.name) do; an empty term matches nothing. */
export function termMatches(term: NodeSelectorTerm, node: KubeObject): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length + fields.length === 0) return false;
  const labels = node.metadata.labels ?? {};
  return (
    exprs.every((r) => requirementMatches(r, labels[r.key])) &&
    fields.every((r) => r.key === 'metadata.name' && requirementMatches(r, node.metadata.name))
  );
}

/** nodeaffinity.GetRequiredNodeAffinity(pod).Match(node): nodeSelector and any required term. */
export function fitsNodeAffinity(spec: PodSpecView, node: KubeObject): boolean {
  const labels = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries(spec.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const terms =
    spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!terms) return true;
  return terms.some((t) => termMatches(t, node));
}

/** NodeShouldRunDaemonPod for the pod NewPod(ds, node) would build. */
export function nodeShouldRunDaemonPod(
  spec: PodSpecView,
  node: KubeObject,
): { shouldRun: boolean; shouldContinueRunning: boolean } {
  const fitsNodeName = !spec.nodeName || spec.nodeName === node.metadata.name;
  if (!fitsNodeName || !fitsNodeAffinity(spec, node))
    return { shouldRun: false, shouldContinueRunning: false };
  const taints = ((node.spec as { taints?: Taint[] } | undefined)?.taints ?? []) as Taint[];
  const tolerations = spec.tolerations ?? [];
  if (untolerated(taints, tolerations, ['NoSchedule', 'NoExecute'])) {
    // A pod already there stays unless a NoExecute taint would evict it.
    return {
      shouldRun: false,
      shouldContinueRunning: !untolerated(taints, tolerations, ['NoExecute']),
    };
  }
  return { shouldRun: true, shouldContinueRunning: true };
}
