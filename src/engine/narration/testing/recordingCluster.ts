/**
 * A test cluster that remembers what the trace leaves out: the payload of every message and the
 * messages each delivery sent. Trace events carry neither; the runtime has both at hand (the
 * delivered envelope and the DeliveryResult's out) and should pass them to the narration. Tests
 * only: every component type is wrapped to watch its step's messages.
 */
import { KubevizCluster, type FullClusterOptions } from '../../cluster/fullCluster.ts';
import { CORE_COMPONENTS } from '../../cluster/cluster.ts';
import { FULL_COMPONENTS } from '../../cluster/components.ts';
import type { Payload } from '../../protocol.ts';
import type { AnyComponent, StepContext } from '../../sim/component.ts';
import type { ComponentRegistry } from '../../sim/host.ts';
import { DEFAULT_NETWORK } from '../../sim/network.ts';
import type { TraceEvent } from '../../sim/trace.ts';
import type { NarrationContext, SentMessage } from '../types.ts';
import { latestDecisionFor, type SchedulerState } from '../../scheduler/index.ts';

export interface Recording {
  cluster: KubevizCluster;
  /** Every message's payload, by message id (recorded when sent or delivered). */
  payloads: Map<string, Payload>;
  /** What each delivery sent, for deliveries after `listen()`. */
  sent: Map<number, SentMessage[]>;
  /** Starts attributing sent messages to trace events (call once the cluster is built). */
  listen(): void;
  /** A narration context over what was recorded and the cluster's live state. */
  context(): NarrationContext;
}

export function recordingCluster(options: FullClusterOptions = {}): Recording {
  const payloads = new Map<string, Payload>();
  const sent = new Map<number, SentMessage[]>();
  let buffer: SentMessage[] = [];
  const minLatency = (options.network ?? DEFAULT_NETWORK).minLatencyMs;

  // Sends leave with at least the minimum latency; only a timer's delay matters to beats.
  const watch = (ctx: StepContext): StepContext => ({
    now: ctx.now,
    self: ctx.self,
    rng: ctx.rng,
    note: (text) => ctx.note(text),
    tracing: ctx.tracing,
    send(to, payload) {
      const id = ctx.send(to, payload);
      payloads.set(id, payload);
      buffer.push({
        id,
        from: ctx.self,
        to,
        sentAt: ctx.now,
        deliverAt: ctx.now + minLatency,
        payload,
      });
      return id;
    },
    setTimer(delayMs, name, data) {
      const id = ctx.setTimer(delayMs, name, data);
      const payload: Payload =
        data === undefined ? { kind: 'timer', name } : { kind: 'timer', name, data };
      payloads.set(id, payload);
      const deliverAt = ctx.now + Math.max(delayMs, minLatency);
      buffer.push({ id, from: ctx.self, to: ctx.self, sentAt: ctx.now, deliverAt, payload });
      return id;
    },
  });
  const wrap = (c: AnyComponent): AnyComponent => ({
    type: c.type,
    init: (config, ctx) => c.init(config, watch(ctx)),
    step(state, message, ctx) {
      payloads.set(message.id, message.payload);
      return c.step(state, message, watch(ctx));
    },
  });
  const registry: Record<string, AnyComponent> = {};
  for (const [type, c] of Object.entries({
    ...CORE_COMPONENTS,
    ...FULL_COMPONENTS,
  } as ComponentRegistry))
    registry[type] = wrap(c);

  const cluster = new KubevizCluster({ seed: 1, ...options, registry });
  const trace = cluster.sequencer.trace;
  const bySeq = (seq: number): TraceEvent | undefined =>
    trace[seq - 1]?.seq === seq ? trace[seq - 1] : trace.find((e) => e.seq === seq);
  return {
    cluster,
    payloads,
    sent,
    listen() {
      buffer = [];
      cluster.sequencer.onTrace((event) => {
        sent.set(event.seq, buffer);
        buffer = [];
      });
    },
    context: () => ({
      sent: (seq) => sent.get(seq),
      message: (id) => payloads.get(id),
      event: bySeq,
      payload: (seq) => {
        const e = bySeq(seq);
        return e?.id ? payloads.get(e.id) : undefined;
      },
      schedulingDecision(namespace, name) {
        const s = cluster.sequencer.stateOf<SchedulerState>('kube-scheduler');
        return s ? latestDecisionFor(s, namespace, name) : undefined;
      },
    }),
  };
}
