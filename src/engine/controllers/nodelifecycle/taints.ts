/**
 * Node taints as the node lifecycle controller manages them: the NoExecute pair that mirrors the
 * Ready condition (unreachable for Unknown, not-ready for False, never both) and the NoSchedule
 * taints that mirror node conditions (TaintNodesByCondition).
 */
import type { KubeObject } from '../../api/objects.ts';

export interface Taint {
  key: string;
  value?: string;
  effect: string;
  timeAdded?: string;
}

export const TAINT_NODE_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_NODE_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_NODE_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';

export const UNREACHABLE_TAINT_TEMPLATE: Taint = {
  key: TAINT_NODE_UNREACHABLE,
  effect: 'NoExecute',
};
export const NOT_READY_TAINT_TEMPLATE: Taint = { key: TAINT_NODE_NOT_READY, effect: 'NoExecute' };

/** Which condition status of which condition type the controller marks with which taint key. */
const NODE_CONDITION_TO_TAINT_KEY: Record<string, Record<string, string>> = {
  Ready: { False: TAINT_NODE_NOT_READY, Unknown: TAINT_NODE_UNREACHABLE },
  MemoryPressure: { True: 'node.kubernetes.io/memory-pressure' },
  DiskPressure: { True: 'node.kubernetes.io/disk-pressure' },
  NetworkUnavailable: { True: 'node.kubernetes.io/network-unavailable' },
  PIDPressure: { True: 'node.kubernetes.io/pid-pressure' },
};

const CONDITION_TAINT_KEYS = new Set(
  Object.values(NODE_CONDITION_TO_TAINT_KEY).flatMap((m) => Object.values(m)),
);

export function taintsOf(node: KubeObject): Taint[] {
  return ((node.spec as { taints?: Taint[] } | undefined)?.taints ?? []).slice();
}

/** Taints match when key and effect do (Taint.MatchTaint). */
export const matchTaint = (a: Taint, b: Taint): boolean => a.key === b.key && a.effect === b.effect;

export const taintExists = (taints: readonly Taint[], t: Taint): boolean =>
  taints.some((x) => matchTaint(x, t));

/**
 * SwapNodeControllerTaint on a list: removes `remove`, adds or replaces `add` stamped with
 * timeAdded. Returns the new list, or undefined when nothing would change.
 */
export function swapTaints(
  current: readonly Taint[],
  add: readonly Taint[],
  remove: readonly Taint[],
  timeAdded: string,
): Taint[] | undefined {
  let changed = false;
  let next = current.filter((t) => {
    const drop = remove.some((r) => matchTaint(r, t));
    if (drop) changed = true;
    return !drop;
  });
  for (const template of add) {
    const taint: Taint = { ...template, timeAdded };
    const existing = next.find((t) => matchTaint(t, taint));
    if (existing && existing.value === taint.value && existing.timeAdded === timeAdded) continue;
    next = next.filter((t) => !matchTaint(t, taint));
    next.push(taint);
    changed = true;
  }
  return changed ? next : undefined;
}

interface Condition {
  type: string;
  status: string;
}

/** doNoScheduleTaintingPass's diff: the NoSchedule taints the node's conditions call for. */
export function noScheduleTaintDiff(node: KubeObject): { add: Taint[]; remove: Taint[] } {
  const conditions = (node.status as { conditions?: Condition[] } | undefined)?.conditions ?? [];
  const want: Taint[] = [];
  for (const c of conditions) {
    const key = NODE_CONDITION_TO_TAINT_KEY[c.type]?.[c.status];
    if (key) want.push({ key, effect: 'NoSchedule' });
  }
  if ((node.spec as { unschedulable?: boolean } | undefined)?.unschedulable)
    want.push({ key: TAINT_NODE_UNSCHEDULABLE, effect: 'NoSchedule' });
  const have = taintsOf(node).filter(
    (t) =>
      t.effect === 'NoSchedule' &&
      (t.key === TAINT_NODE_UNSCHEDULABLE || CONDITION_TAINT_KEYS.has(t.key)),
  );
  return {
    add: want.filter((w) => !have.some((h) => matchTaint(h, w))),
    remove: have.filter((h) => !want.some((w) => matchTaint(h, w))),
  };
}
