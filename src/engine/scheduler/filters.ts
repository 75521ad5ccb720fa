/**
 * The node-local Filter plugins of the default profile, in the order it runs them, with the
 * reasons and status codes the real plugins return (v1.30). PodTopologySpread and
 * InterPodAffinity need cluster-wide state and live in their own files.
 */
import {
  findUntoleratedTaint,
  matchesRequiredNodeAffinity,
  portConflicts,
  tolerationsTolerateTaint,
} from './nodeMatch.ts';
import type { FilterStatus, NodeInfo, PodInfo, StatusCode } from './types.ts';

export const ERR_NODE_UNSCHEDULABLE = 'node(s) were unschedulable';
export const ERR_NODE_NAME = "node(s) didn't match the requested node name";
export const ERR_NODE_AFFINITY = "node(s) didn't match Pod's node affinity/selector";
export const ERR_NODE_PORTS = "node(s) didn't have free ports for the requested pod ports";
export const ERR_TOO_MANY_PODS = 'Too many pods';
export const ERR_INSUFFICIENT_CPU = 'Insufficient cpu';
export const ERR_INSUFFICIENT_MEMORY = 'Insufficient memory';

function status(plugin: string, code: StatusCode, ...reasons: string[]): FilterStatus {
  return { plugin, code, reasons };
}

// Shared, never changed: a filter pass allocates nothing for the common failures.
const UNSCHEDULABLE = status(
  'NodeUnschedulable',
  'UnschedulableAndUnresolvable',
  ERR_NODE_UNSCHEDULABLE,
);
const NODE_NAME = status('NodeName', 'UnschedulableAndUnresolvable', ERR_NODE_NAME);
const NODE_AFFINITY = status('NodeAffinity', 'UnschedulableAndUnresolvable', ERR_NODE_AFFINITY);
const NODE_PORTS = status('NodePorts', 'Unschedulable', ERR_NODE_PORTS);
const FIT: Record<string, FilterStatus> = {};

const UNSCHEDULABLE_TAINT = {
  key: 'node.kubernetes.io/unschedulable',
  value: '',
  effect: 'NoSchedule',
};

/** NodeUnschedulable: spec.unschedulable, unless the pod tolerates the unschedulable taint. */
export function filterNodeUnschedulable(p: PodInfo, n: NodeInfo): FilterStatus | null {
  if (!n.unschedulable) return null;
  return tolerationsTolerateTaint(p.tolerations, UNSCHEDULABLE_TAINT) ? null : UNSCHEDULABLE;
}

export function filterNodeName(p: PodInfo, n: NodeInfo): FilterStatus | null {
  return p.nodeName === '' || p.nodeName === n.name ? null : NODE_NAME;
}

/** TaintToleration: the first NoSchedule or NoExecute taint the pod does not tolerate. */
export function filterTaintToleration(p: PodInfo, n: NodeInfo): FilterStatus | null {
  if (n.taints.length === 0) return null;
  const taint = findUntoleratedTaint(n.taints, p.tolerations, true);
  if (!taint) return null;
  return status(
    'TaintToleration',
    'UnschedulableAndUnresolvable',
    `node(s) had untolerated taint {${taint.key}: ${taint.value}}`,
  );
}

export function filterNodeAffinity(p: PodInfo, n: NodeInfo): FilterStatus | null {
  return matchesRequiredNodeAffinity(p, n) ? null : NODE_AFFINITY;
}

export function filterNodePorts(p: PodInfo, n: NodeInfo): FilterStatus | null {
  for (const want of p.hostPorts) if (portConflicts(n.usedPorts, want)) return NODE_PORTS;
  return null;
}

/** The reasons fitsRequest finds (pods count, cpu, memory), in its order. */
export function insufficientResources(
  p: PodInfo,
  n: NodeInfo,
  podCount: number,
  reqCpu: number,
  reqMem: number,
): string[] {
  const reasons: string[] = [];
  if (podCount + 1 > n.allocPods) reasons.push(ERR_TOO_MANY_PODS);
  if (p.reqCpu === 0 && p.reqMem === 0) return reasons;
  if (p.reqCpu > 0 && p.reqCpu > n.allocCpu - reqCpu) reasons.push(ERR_INSUFFICIENT_CPU);
  if (p.reqMem > 0 && p.reqMem > n.allocMem - reqMem) reasons.push(ERR_INSUFFICIENT_MEMORY);
  return reasons;
}

/** NodeResourcesFit: requests against allocatable minus what the node's pods already request. */
export function filterNodeResourcesFit(p: PodInfo, n: NodeInfo): FilterStatus | null {
  const tooMany = n.pods.length + 1 > n.allocPods;
  const cpu = p.reqCpu > 0 && p.reqCpu > n.allocCpu - n.reqCpu;
  const mem = p.reqMem > 0 && p.reqMem > n.allocMem - n.reqMem;
  if (!tooMany && !cpu && !mem) return null;
  const reasons = insufficientResources(p, n, n.pods.length, n.reqCpu, n.reqMem);
  if (reasons.length === 0) return null;
  const key = reasons.join('|');
  return (FIT[key] ??= status('NodeResourcesFit', 'Unschedulable', ...reasons));
}
