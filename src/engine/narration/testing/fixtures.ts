/**
 * Hand-made trace events, messages and contexts for the narration's unit tests: each test states
 * only the fields it is about.
 */
import type { Payload } from '../../protocol.ts';
import type { DecisionRecord } from '../../scheduler/index.ts';
import type { TraceEvent } from '../../sim/trace.ts';
import type { NarrationContext, SentMessage } from '../types.ts';

let counter = 0;

/** A delivery from `from` to `to` with a payload; summary and kind follow the payload. */
export function delivered(
  from: string,
  to: string,
  payload: Payload,
  extra: Partial<TraceEvent> = {},
): TraceEvent {
  counter++;
  return {
    seq: 100,
    id: `${from}#${counter}`,
    from,
    to,
    sentAt: 1000,
    deliverAt: 1002,
    kind: payload.kind,
    summary: payload.kind,
    cause: 99,
    ...extra,
  };
}

/** A message sent by `from` (its id is fresh; timers go to `from` itself). */
export function message(from: string, to: string, payload: Payload, delayMs = 2): SentMessage {
  counter++;
  return { id: `${from}#s${counter}`, from, to, sentAt: 1002, deliverAt: 1002 + delayMs, payload };
}

export interface ContextParts {
  sent?: readonly SentMessage[];
  messages?: Record<string, Payload>;
  decision?: DecisionRecord;
}

/** A context that knows what one delivery sent, some message payloads, and a decision record. */
export function contextOf(parts: ContextParts = {}): NarrationContext {
  const ctx: NarrationContext = {};
  if (parts.sent) ctx.sent = () => parts.sent;
  if (parts.messages) ctx.message = (id) => parts.messages![id];
  if (parts.decision) ctx.schedulingDecision = () => parts.decision;
  return ctx;
}

/** A pod as the API returns it. */
export function podObject(name: string, extra: Record<string, unknown> = {}) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, resourceVersion: '60' },
    spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
    ...extra,
  };
}

/** etcd's watch event to the apiserver: one PUT of `key` at `revision`, or none. */
export function etcdChange(
  revision: number,
  put?: { key: string; value: Record<string, unknown>; createRevision: number; version: number },
): Payload {
  return {
    kind: 'etcd.watch',
    watchId: 'w',
    header: { revision },
    events: put ? [{ type: 'PUT', kv: { ...put, modRevision: revision } }] : [],
  };
}
