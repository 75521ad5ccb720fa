/**
 * addAllEventHandlers: assigned pods feed the cache, unassigned pods for this scheduler feed the
 * queue (an update that binds a pod moves it from one to the other), and node changes that could
 * make pods schedulable move them out of unschedulablePods.
 */
import type { KubeObject } from '../api/objects.ts';
import type { InformerEvent } from '../client/index.ts';
import type { StepContext } from '../sim/component.ts';
import { isAssumed, refreshPod, removeNode, removePod, setNode, setPod } from './cache.ts';
import { insufficientResources } from './filters.ts';
import { findUntoleratedTaint, matchesRequiredNodeAffinity, portConflicts } from './nodeMatch.ts';
import { newPodInfo } from './podInfo.ts';
import {
  moveAll,
  movePods,
  queueAdd,
  queueDelete,
  queueUpdate,
  type ClusterEvent,
} from './queue.ts';
import { matchesLabels } from '../api/labels.ts';
import type { SchedulerState } from './state.ts';
import { DEFAULT_SCHEDULER_NAME, type NodeInfo, type PodInfo } from './types.ts';

type Obj = Record<string, unknown>;
const spec = (o: KubeObject) => (o.spec ?? {}) as Obj;
const assigned = (o: KubeObject) => !!spec(o).nodeName;
const responsible = (o: KubeObject) =>
  (spec(o).schedulerName ?? DEFAULT_SCHEDULER_NAME) === DEFAULT_SCHEDULER_NAME;
const unscheduledForUs = (o: KubeObject) => !assigned(o) && responsible(o);

export function handlePodEvent(state: SchedulerState, e: InformerEvent, ctx: StepContext): void {
  const old = e.type === 'update' ? e.oldObject : undefined;
  const obj = e.object;
  if (e.type === 'delete') {
    if (assigned(obj)) deleteAssigned(state, obj, ctx);
    else if (responsible(obj)) queueDelete(state.queue, keyOf(obj));
    return;
  }
  // The scheduled-pod cache handler.
  if (assigned(obj)) {
    let info = old && assigned(old) ? refreshPod(state.cache, keyOf(obj), old, obj) : undefined;
    if (!info) setPod(state.cache, (info = newPodInfo(obj)));
    const event: ClusterEvent =
      old && assigned(old)
        ? { resource: 'Pod', action: 'Update', label: 'AssignedPodUpdate' }
        : { resource: 'Pod', action: 'Add', label: 'AssignedPodAdd' };
    assignedPodChanged(state, info, event, ctx);
  }
  // The unscheduled-pod queue handler (FilteringResourceEventHandler).
  const was = old !== undefined && unscheduledForUs(old);
  const is = unscheduledForUs(obj);
  if (was && !is) queueDelete(state.queue, keyOf(obj));
  else if (!was && is) queueAdd(state.queue, newPodInfo(obj), ctx.now);
  else if (was && is && old && old.metadata.resourceVersion !== obj.metadata.resourceVersion) {
    if (!isAssumed(state.cache, keyOf(obj))) queueUpdate(state.queue, newPodInfo(obj), ctx.now);
  }
}

function keyOf(o: KubeObject): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;
}

function deleteAssigned(state: SchedulerState, obj: KubeObject, ctx: StepContext): void {
  removePod(state.cache, keyOf(obj));
  const n = moveAll(
    state.queue,
    { resource: 'Pod', action: 'Delete', label: 'AssignedPodDelete' },
    ctx.now,
  );
  if (n) ctx.note(`AssignedPodDelete ${keyOf(obj)}: moved ${n} unschedulable pod(s)`);
}

/** AssignedPodAdded / AssignedPodUpdated: pods whose required affinity the new pod satisfies. */
function assignedPodChanged(
  state: SchedulerState,
  p: PodInfo,
  event: ClusterEvent,
  ctx: StepContext,
): void {
  const nsLabels = state.namespaceLabels.get(p.namespace) ?? null;
  const pods = [...state.queue.unschedulablePods.values()].filter((u) =>
    u.pod.requiredAffinityTerms.some(
      (t) =>
        (t.namespaces.includes(p.namespace) ||
          (!t.namespaceSelector.nothing &&
            nsLabels !== null &&
            matchesLabels(t.namespaceSelector, nsLabels))) &&
        matchesLabels(t.selector, p.labels),
    ),
  );
  const n = movePods(state.queue, pods, event, ctx.now);
  if (n) ctx.note(`${event.label} ${p.key}: moved ${n} unschedulable pod(s)`);
}

/** preCheckForNode: only pods that would pass the node-local admission checks move. */
function preCheckForNode(n: NodeInfo): (p: PodInfo) => boolean {
  return (p) =>
    insufficientResources(p, n, n.pods.length, n.reqCpu, n.reqMem).length === 0 &&
    matchesRequiredNodeAffinity(p, n) &&
    (p.nodeName === '' || p.nodeName === n.name) &&
    !p.hostPorts.some((hp) => portConflicts(n.usedPorts, hp)) &&
    !findUntoleratedTaint(n.taints, p.tolerations, false);
}

/**
 * nodeSchedulingPropertiesChange: one event per property that changed in a way that could make a
 * pod schedulable (since v1.29 every one of them, not only the first), in the real order.
 */
export function nodeSchedulingPropertiesChange(
  newNode: KubeObject,
  oldNode: KubeObject,
): ClusterEvent[] {
  const ns = spec(newNode);
  const os = spec(oldNode);
  const st = (o: KubeObject) => (o.status ?? {}) as Obj;
  const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  const events: ClusterEvent[] = [];
  if (!!ns.unschedulable !== !!os.unschedulable && !ns.unschedulable)
    events.push({
      resource: 'Node',
      action: 'UpdateNodeTaint',
      label: 'NodeSpecUnschedulableChange',
    });
  if (!same(st(newNode).allocatable, st(oldNode).allocatable))
    events.push({
      resource: 'Node',
      action: 'UpdateNodeAllocatable',
      label: 'NodeAllocatableChange',
    });
  if (!same(newNode.metadata.labels, oldNode.metadata.labels))
    events.push({ resource: 'Node', action: 'UpdateNodeLabel', label: 'NodeLabelChange' });
  if (!same(ns.taints, os.taints))
    events.push({ resource: 'Node', action: 'UpdateNodeTaint', label: 'NodeTaintChange' });
  const conds = (o: KubeObject) =>
    Object.fromEntries(
      ((st(o).conditions as Obj[] | undefined) ?? []).map((c) => [c.type, c.status]),
    );
  if (!same(conds(newNode), conds(oldNode)))
    events.push({ resource: 'Node', action: 'UpdateNodeCondition', label: 'NodeConditionChange' });
  if (!same(newNode.metadata.annotations, oldNode.metadata.annotations))
    events.push({
      resource: 'Node',
      action: 'UpdateNodeAnnotation',
      label: 'NodeAnnotationChange',
    });
  return events;
}

export function handleNodeEvent(state: SchedulerState, e: InformerEvent, ctx: StepContext): void {
  const name = e.object.metadata.name ?? '';
  if (e.type === 'delete') {
    removeNode(state.cache, name);
    return;
  }
  const info = setNode(state.cache, e.object);
  const events: ClusterEvent[] =
    e.type === 'add'
      ? [{ resource: 'Node', action: 'Add', label: 'NodeAdd' }]
      : nodeSchedulingPropertiesChange(e.object, e.oldObject);
  // updateNodeInCache moves pods once per event: a pod the first event leaves behind (its
  // rejecting plugin did not register for it) may still leave on a later one.
  const preCheck = preCheckForNode(info);
  for (const event of events) {
    const n = moveAll(state.queue, event, ctx.now, preCheck);
    if (n) ctx.note(`${event.label} ${name}: moved ${n} unschedulable pod(s)`);
  }
}

export function handleNamespaceEvent(state: SchedulerState, e: InformerEvent): void {
  const name = e.object.metadata.name ?? '';
  if (e.type === 'delete') state.namespaceLabels.delete(name);
  else
    state.namespaceLabels.set(
      name,
      (e.object.metadata.labels as Record<string, string> | undefined) ?? {},
    );
}
