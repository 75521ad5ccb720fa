import type { ComponentId, Envelope } from './envelope.ts';
import type { DeliveryResult } from './host.ts';
import { summarize } from './summary.ts';

/** The object a message is about, when it is about one. */
export interface ObjectRef {
  kind?: string;
  namespace?: string;
  name?: string;
  resourceVersion?: string;
}

export type TraceKind =
  | 'cri.request'
  | 'cri.response'
  | 'cri.event'
  | 'fault'
  | 'metrics.scrape'
  | 'metrics.report'
  | 'load.demand'
  | 'load.set'
  | 'traffic'
  | 'cloud.request'
  | 'cloud.response'
  | 'timer'
  | 'etcd.request'
  | 'etcd.response'
  | 'etcd.watch'
  | 'api.request'
  | 'api.response'
  | 'api.watch'
  | 'api.watchClose'
  | 'api.watchEnd'
  | 'component.start'
  | 'component.stop'
  | 'component.crash'
  | 'network.partition'
  | 'network.heal'
  /** A learner's action (the messages and lifecycle changes it caused follow it). */
  | 'user.action';

/**
 * One delivery (or lifecycle change), as the diagram, the narration, the event log, lesson checks
 * and rewind all see it. The trace is the single source of truth about what happened.
 */
export interface TraceEvent {
  /** Position in the run, from 1; also what `cause` refers to. */
  seq: number;
  /** The message id `${from}#${n}`, or '' for lifecycle events. */
  id: string;
  from: ComponentId;
  to: ComponentId;
  sentAt: number;
  deliverAt: number;
  kind: TraceKind;
  /** One line a person can read: "POST /api/v1/namespaces/default/pods". */
  summary: string;
  object?: ObjectRef;
  /** The seq of the delivery that caused this message; null for a user action. */
  cause: number | null;
  /** What the receiver did that is worth seeing (e.g. each stage of the request pipeline). */
  notes?: string[];
  /** Why the message was not delivered, when it was not. */
  dropped?: 'receiver down' | 'network partition';
  /** The error the receiver threw while handling the message (it is now crashed). */
  error?: string;
}

/** Walks the cause links back to the root: the chain "why did this happen?". */
export function causalChain(trace: readonly TraceEvent[], seq: number): TraceEvent[] {
  const chain: TraceEvent[] = [];
  let current: number | null = seq;
  // The trace is indexed by seq - 1 whenever it was recorded from the start.
  while (current !== null) {
    const event: TraceEvent | undefined =
      trace[current - 1]?.seq === current
        ? trace[current - 1]
        : trace.find((e) => e.seq === current);
    if (!event) break;
    chain.push(event);
    current = event.cause;
  }
  return chain.reverse();
}

/** The trace event of one delivery (or of a message that could not be delivered). */
export function deliveryEvent(
  envelope: Envelope,
  seq: number,
  dropped: TraceEvent['dropped'],
  result: DeliveryResult | undefined,
): TraceEvent {
  const { summary, object } = summarize(envelope.payload);
  const event: TraceEvent = {
    seq,
    id: envelope.id,
    from: envelope.from,
    to: envelope.to,
    sentAt: envelope.sentAt,
    deliverAt: envelope.deliverAt,
    kind: envelope.payload.kind,
    summary,
    cause: envelope.cause,
  };
  if (object) event.object = object;
  if (dropped) event.dropped = dropped;
  if (result?.notes.length) event.notes = result.notes;
  if (result?.error !== undefined) event.error = result.error;
  return event;
}
