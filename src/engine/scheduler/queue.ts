/**
 * The scheduling queue (pkg/scheduler/internal/queue, v1.30 with SchedulerQueueingHints off):
 * activeQ ordered by PrioritySort (priority, then the time the pod entered the queue), backoffQ
 * ordered by when each pod's back-off ends (1 s doubling to 10 s per attempt), and
 * unschedulablePods, which leave on a cluster event one of the plugins that rejected them
 * registered for, or after 5 minutes.
 */
import { heapFix, heapPop, heapPush, heapRemoveAt, type Less } from './heap.ts';
import type { PodInfo } from './types.ts';

export const DEFAULT_POD_INITIAL_BACKOFF_MS = 1_000;
export const DEFAULT_POD_MAX_BACKOFF_MS = 10_000;
/** podMaxInUnschedulablePodsDuration */
export const POD_MAX_IN_UNSCHEDULABLE_PODS_MS = 5 * 60_000;
/** How often backoffQ and unschedulablePods are flushed (wait.Until periods). */
export const BACKOFF_FLUSH_PERIOD_MS = 1_000;
export const UNSCHEDULABLE_FLUSH_PERIOD_MS = 30_000;

export interface QueuedPodInfo {
  pod: PodInfo;
  /** When the pod was last added to the queue (QueuedPodInfo.Timestamp). */
  timestamp: number;
  initialAttemptTimestamp: number | null;
  attempts: number;
  unschedulablePlugins: string[];
  /** Held back by PreEnqueue (schedulingGates). */
  gated: boolean;
  /** Insertion order: makes equal priority and timestamp first-in first-out. */
  seq: number;
}

export type QueueName = 'activeQ' | 'backoffQ' | 'unschedulablePods';

export interface SchedulingQueue {
  activeQ: QueuedPodInfo[];
  backoffQ: QueuedPodInfo[];
  unschedulablePods: Map<string, QueuedPodInfo>;
  schedulingCycle: number;
  moveRequestCycle: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
  seq: number;
  /** pod key -> the queue holding it (kept so lookups never scan a heap). */
  where: Map<string, QueueName>;
}

/** A cluster event: the resource and what happened to it (framework.ActionType). */
export interface ClusterEvent {
  resource: 'Node' | 'Pod' | '*';
  action: string;
  label: string;
}

const NODE_UPDATES = [
  'UpdateNodeAllocatable',
  'UpdateNodeLabel',
  'UpdateNodeTaint',
  'UpdateNodeCondition',
  'UpdateNodeAnnotation',
];
const ALL_POD = ['Add', 'Update', 'Delete'];

/** EventsToRegister of the default profile's plugins (v1.30). */
const REGISTERED: Record<string, { Node: string[]; Pod: string[] }> = {
  NodeUnschedulable: { Node: ['Add', 'UpdateNodeTaint'], Pod: [] },
  NodeName: { Node: ['Add', ...NODE_UPDATES], Pod: [] },
  TaintToleration: { Node: ['Add', ...NODE_UPDATES], Pod: [] },
  NodeAffinity: { Node: ['Add', ...NODE_UPDATES], Pod: [] },
  NodePorts: { Node: ['Add', ...NODE_UPDATES], Pod: ['Delete'] },
  NodeResourcesFit: { Node: ['Add', ...NODE_UPDATES], Pod: ['Delete'] },
  PodTopologySpread: { Node: ['Add', 'Delete', 'UpdateNodeLabel'], Pod: ALL_POD },
  InterPodAffinity: { Node: ['Add', 'UpdateNodeLabel'], Pod: ALL_POD },
};

export const byPriority: Less<QueuedPodInfo> = (a, b) =>
  a.pod.priority !== b.pod.priority
    ? a.pod.priority > b.pod.priority
    : a.timestamp !== b.timestamp
      ? a.timestamp < b.timestamp
      : a.seq < b.seq;

export function newSchedulingQueue(
  initialBackoffMs: number,
  maxBackoffMs: number,
): SchedulingQueue {
  return {
    activeQ: [],
    backoffQ: [],
    unschedulablePods: new Map(),
    schedulingCycle: 0,
    moveRequestCycle: -1,
    initialBackoffMs,
    maxBackoffMs,
    seq: 0,
    where: new Map(),
  };
}

/** calculateBackoffDuration: initial × 2^(attempts-1), capped at the maximum. */
export function backoffDuration(q: SchedulingQueue, attempts: number): number {
  let d = q.initialBackoffMs;
  for (let i = 1; i < attempts; i++) {
    if (d > q.maxBackoffMs - d) return q.maxBackoffMs;
    d += d;
  }
  return d;
}

export function backoffTime(q: SchedulingQueue, p: QueuedPodInfo): number {
  return p.timestamp + backoffDuration(q, p.attempts);
}

function isBackingOff(q: SchedulingQueue, p: QueuedPodInfo, now: number): boolean {
  return !p.gated && backoffTime(q, p) > now;
}

const byBackoff =
  (q: SchedulingQueue): Less<QueuedPodInfo> =>
  (a, b) =>
    backoffTime(q, a) < backoffTime(q, b) ||
    (backoffTime(q, a) === backoffTime(q, b) && a.seq < b.seq);

/** Where a pod waits, if anywhere. */
export function queueOf(q: SchedulingQueue, key: string): QueueName | undefined {
  return q.where.get(key);
}

/** moveToActiveQ: PreEnqueue (SchedulingGates) may hold the pod back as gated. */
function moveToActiveQ(q: SchedulingQueue, p: QueuedPodInfo): QueueName {
  p.gated = p.pod.schedulingGates > 0;
  if (p.gated) {
    q.unschedulablePods.set(p.pod.key, p);
    q.where.set(p.pod.key, 'unschedulablePods');
    return 'unschedulablePods';
  }
  p.seq = q.seq++;
  heapPush(q.activeQ, p, byPriority);
  q.where.set(p.pod.key, 'activeQ');
  return 'activeQ';
}

function requeue(q: SchedulingQueue, p: QueuedPodInfo, now: number): QueueName {
  if (isBackingOff(q, p, now)) {
    p.seq = q.seq++;
    heapPush(q.backoffQ, p, byBackoff(q));
    q.where.set(p.pod.key, 'backoffQ');
    return 'backoffQ';
  }
  return moveToActiveQ(q, p);
}

/** Add: a new unscheduled pod. */
export function queueAdd(q: SchedulingQueue, pod: PodInfo, now: number): QueueName {
  queueDelete(q, pod.key);
  const p: QueuedPodInfo = {
    pod,
    timestamp: now,
    initialAttemptTimestamp: null,
    attempts: 0,
    unschedulablePlugins: [],
    gated: false,
    seq: 0,
  };
  return moveToActiveQ(q, p);
}

/** Pop: the next pod to schedule; starts a scheduling cycle. */
export function queuePop(q: SchedulingQueue, now: number): QueuedPodInfo | undefined {
  const p = heapPop(q.activeQ, byPriority);
  if (!p) return undefined;
  q.where.delete(p.pod.key);
  p.attempts++;
  p.initialAttemptTimestamp ??= now;
  q.schedulingCycle++;
  return p;
}

function removeFrom(
  h: QueuedPodInfo[],
  key: string,
  less: Less<QueuedPodInfo>,
): QueuedPodInfo | undefined {
  const i = h.findIndex((p) => p.pod.key === key);
  return i < 0 ? undefined : heapRemoveAt(h, i, less);
}

export function queueDelete(q: SchedulingQueue, key: string): boolean {
  const where = q.where.get(key);
  if (!where) return false;
  q.where.delete(key);
  if (where === 'unschedulablePods') return q.unschedulablePods.delete(key);
  if (where === 'activeQ') return removeFrom(q.activeQ, key, byPriority) !== undefined;
  return removeFrom(q.backoffQ, key, byBackoff(q)) !== undefined;
}

/**
 * AddUnschedulableIfNotPresent: after a failed attempt. Back to activeQ/backoffQ if a move request
 * came in since the cycle began or no plugin rejected it (an error); otherwise unschedulablePods.
 */
export function addUnschedulable(
  q: SchedulingQueue,
  p: QueuedPodInfo,
  podSchedulingCycle: number,
  now: number,
): QueueName {
  queueDelete(q, p.pod.key);
  p.timestamp = now;
  if (q.moveRequestCycle >= podSchedulingCycle || p.unschedulablePlugins.length === 0)
    return requeue(q, p, now);
  q.unschedulablePods.set(p.pod.key, p);
  q.where.set(p.pod.key, 'unschedulablePods');
  return 'unschedulablePods';
}

/**
 * isPodUpdated: anything but status, resourceVersion, generation, managed fields and finalizers
 * changed (the scheduler's own condition patch does not count).
 */
function isPodUpdated(a: PodInfo, b: PodInfo): boolean {
  const strip = (p: PodInfo) => {
    const {
      resourceVersion: _rv,
      generation: _g,
      managedFields: _m,
      finalizers: _f,
      ...meta
    } = p.pod.metadata;
    return JSON.stringify({ ...p.pod, metadata: meta, status: undefined });
  };
  return strip(a) !== strip(b);
}

/** Update: a pending pod changed. */
export function queueUpdate(q: SchedulingQueue, pod: PodInfo, now: number): QueueName {
  const key = pod.key;
  const where = q.where.get(key);
  const ai = where === 'activeQ' ? q.activeQ.findIndex((p) => p.pod.key === key) : -1;
  if (ai >= 0) {
    q.activeQ[ai]!.pod = pod;
    heapFix(q.activeQ, ai, byPriority);
    return 'activeQ';
  }
  const bi = where === 'backoffQ' ? q.backoffQ.findIndex((p) => p.pod.key === key) : -1;
  if (bi >= 0) {
    q.backoffQ[bi]!.pod = pod;
    return 'backoffQ';
  }
  const u = q.unschedulablePods.get(key);
  if (u) {
    const changed = isPodUpdated(u.pod, pod);
    u.pod = pod;
    if (!changed) return 'unschedulablePods';
    q.unschedulablePods.delete(key);
    q.where.delete(key);
    return u.gated ? moveToActiveQ(q, u) : requeue(q, u, now);
  }
  return queueAdd(q, pod, now);
}

function worthRequeuing(p: QueuedPodInfo, event: ClusterEvent): boolean {
  if (p.unschedulablePlugins.length === 0 || event.resource === '*') return true;
  for (const plugin of p.unschedulablePlugins) {
    const reg = REGISTERED[plugin];
    if (!reg) continue;
    if (reg[event.resource].includes(event.action)) return true;
  }
  return false;
}

/** movePodsToActiveOrBackoffQueue; returns how many pods moved. */
export function movePods(
  q: SchedulingQueue,
  pods: QueuedPodInfo[],
  event: ClusterEvent,
  now: number,
): number {
  let moved = 0;
  for (const p of pods) {
    if (p.gated || !worthRequeuing(p, event)) continue;
    q.unschedulablePods.delete(p.pod.key);
    q.where.delete(p.pod.key);
    requeue(q, p, now);
    moved++;
  }
  q.moveRequestCycle = q.schedulingCycle;
  return moved;
}

/** MoveAllToActiveOrBackoffQueue, with an optional pre-check (preCheckForNode). */
export function moveAll(
  q: SchedulingQueue,
  event: ClusterEvent,
  now: number,
  preCheck?: (p: PodInfo) => boolean,
): number {
  const pods = [...q.unschedulablePods.values()].filter((p) => !preCheck || preCheck(p.pod));
  return movePods(q, pods, event, now);
}

/** flushBackoffQCompleted: pods whose back-off has ended go to activeQ. */
export function flushBackoffQ(q: SchedulingQueue, now: number): number {
  let n = 0;
  const less = byBackoff(q);
  while (q.backoffQ.length > 0 && backoffTime(q, q.backoffQ[0]!) <= now) {
    const p = heapPop(q.backoffQ, less)!;
    q.where.delete(p.pod.key);
    moveToActiveQ(q, p);
    n++;
  }
  return n;
}

/** flushUnschedulablePodsLeftover: pods waiting longer than 5 minutes get another try. */
export function flushUnschedulableLeftover(q: SchedulingQueue, now: number): number {
  const stale = [...q.unschedulablePods.values()].filter(
    (p) => now - p.timestamp > POD_MAX_IN_UNSCHEDULABLE_PODS_MS,
  );
  if (stale.length === 0) return 0;
  return movePods(q, stale, { resource: '*', action: '*', label: 'UnschedulableTimeout' }, now);
}
