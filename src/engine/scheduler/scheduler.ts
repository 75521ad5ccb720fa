/**
 * kube-scheduler as an actor: informers for pods, nodes, namespaces and the workloads the default
 * spread constraints read; the scheduler cache and the scheduling queue; after every message,
 * once the caches have synced, scheduleOne for each pod in activeQ. The queue's periodic flushes
 * (backoffQ every second, unschedulablePods every 30 s) run as timers on the same period grid the
 * real wait.Until loops keep, armed only while there is something to flush.
 */
import { DEFAULT_START_SECONDS } from '../../shared/index.ts';
import type { Credentials } from '../api/protocol.ts';
import {
  clientHandle,
  hasSynced,
  informersHandle,
  newClient,
  newEventRecorder,
  newInformer,
  startInformer,
  type Informer,
} from '../client/index.ts';
import type { Component, StepContext } from '../sim/component.ts';
import { newCache } from './cache.ts';
import { handleNamespaceEvent, handleNodeEvent, handlePodEvent } from './eventHandlers.ts';
import {
  BACKOFF_FLUSH_PERIOD_MS,
  DEFAULT_POD_INITIAL_BACKOFF_MS,
  DEFAULT_POD_MAX_BACKOFF_MS,
  UNSCHEDULABLE_FLUSH_PERIOD_MS,
  flushBackoffQ,
  flushUnschedulableLeftover,
  newSchedulingQueue,
} from './queue.ts';
import { handleBindResponse, scheduleOne } from './scheduleOne.ts';
import type { SchedulerConfig, SchedulerState } from './state.ts';
import { MAX_ROWS } from './decisions.ts';

export const SCHEDULER_TYPE = 'kube-scheduler';
export const SCHEDULER_CREDENTIALS: Credentials = {
  type: 'x509',
  commonName: 'system:kube-scheduler',
};
const FLUSH_BACKOFF = 'flushBackoffQCompleted';
const FLUSH_UNSCHEDULABLE = 'flushUnschedulablePodsLeftover';

const SOURCE = { component: 'default-scheduler' };

export function newSchedulerState(config: SchedulerConfig, ctx: StepContext): SchedulerState {
  const credentials = SCHEDULER_CREDENTIALS;
  const startSeconds = config.startSeconds ?? DEFAULT_START_SECONDS;
  return {
    percentageOfNodesToScore: config.percentageOfNodesToScore ?? 0,
    startSeconds,
    maxDecisionRows: config.maxDecisionRows ?? MAX_ROWS,
    startedAt: ctx.now,
    informers: {
      // Terminal pods hold no resources: the real scheduler never lists them.
      pods: newInformer({
        resource: 'pods',
        credentials,
        fieldSelector: 'status.phase!=Succeeded,status.phase!=Failed',
      }),
      nodes: newInformer({ resource: 'nodes', credentials }),
      namespaces: newInformer({ resource: 'namespaces', credentials }),
      services: newInformer({ resource: 'services', credentials }),
      replicasets: newInformer({ resource: 'replicasets.apps', credentials }),
    },
    client: newClient({ credentials }),
    // The real scheduler writes through the events.k8s.io recorder: no aggregation, no spam filter.
    recorder: newEventRecorder(SOURCE, startSeconds, { correlate: false }),
    scheduledRecorder: newEventRecorder(SOURCE, startSeconds, { correlate: false }),
    cache: newCache(),
    queue: newSchedulingQueue(
      config.podInitialBackoffMs ?? DEFAULT_POD_INITIAL_BACKOFF_MS,
      config.podMaxBackoffMs ?? DEFAULT_POD_MAX_BACKOFF_MS,
    ),
    namespaceLabels: new Map(),
    nextStartNodeIndex: 0,
    binding: new Map(),
    decisions: [],
    backoffFlushAt: null,
    unschedulableFlushAt: null,
    stats: { attempts: 0, scheduled: 0, unschedulable: 0, errors: 0, bindFailures: 0 },
  };
}

function synced(state: SchedulerState): boolean {
  for (const i of Object.values(state.informers)) if (i && !hasSynced(i)) return false;
  return true;
}

/** The next tick of a period started at `startedAt`, strictly after now. */
function nextTick(state: SchedulerState, now: number, period: number): number {
  return state.startedAt + (Math.floor((now - state.startedAt) / period) + 1) * period;
}

function armTimers(state: SchedulerState, ctx: StepContext): void {
  if (state.queue.backoffQ.length > 0 && state.backoffFlushAt === null) {
    state.backoffFlushAt = nextTick(state, ctx.now, BACKOFF_FLUSH_PERIOD_MS);
    ctx.setTimer(state.backoffFlushAt - ctx.now, FLUSH_BACKOFF);
  }
  if (state.queue.unschedulablePods.size > 0 && state.unschedulableFlushAt === null) {
    state.unschedulableFlushAt = nextTick(state, ctx.now, UNSCHEDULABLE_FLUSH_PERIOD_MS);
    ctx.setTimer(state.unschedulableFlushAt - ctx.now, FLUSH_UNSCHEDULABLE);
  }
}

function handleTimer(state: SchedulerState, name: string, ctx: StepContext): void {
  if (name === FLUSH_BACKOFF) {
    state.backoffFlushAt = null;
    const n = flushBackoffQ(state.queue, ctx.now);
    if (n) ctx.note(`flushBackoffQCompleted: ${n} pod(s) to activeQ`);
  } else if (name === FLUSH_UNSCHEDULABLE) {
    state.unschedulableFlushAt = null;
    const n = flushUnschedulableLeftover(state.queue, ctx.now);
    if (n) ctx.note(`flushUnschedulablePodsLeftover: moved ${n} pod(s)`);
  }
}

export const kubeScheduler: Component<SchedulerState, SchedulerConfig> = {
  type: SCHEDULER_TYPE,
  init(config, ctx) {
    const state = newSchedulerState(config ?? {}, ctx);
    for (const i of Object.values(state.informers)) if (i) startInformer(i, ctx);
    return state;
  },
  step(state, message, ctx) {
    const handled = informersHandle(state.informers as Record<string, Informer>, message, ctx);
    if (handled) {
      for (const e of handled.events) {
        if (handled.informer === 'pods') handlePodEvent(state, e, ctx);
        else if (handled.informer === 'nodes') handleNodeEvent(state, e, ctx);
        else if (handled.informer === 'namespaces') handleNamespaceEvent(state, e);
      }
    }
    for (const r of clientHandle(state.client, message, ctx) ?? []) {
      if (r.tag === 'bind') handleBindResponse(state, ctx, r);
    }
    const p = message.payload;
    if (p.kind === 'timer') handleTimer(state, p.name, ctx);
    if (synced(state)) while (state.queue.activeQ.length > 0) scheduleOne(state, ctx);
    armTimers(state, ctx);
    return state;
  },
};
