/**
 * The narration's view of one delivery: the event, its payload and what the optional lookups
 * answer, with the small queries every narrator makes (what it sent, which request a reply
 * answers, which notes it wrote).
 */
import type { ApiRequestPayload, ApiResponsePayload } from '../api/protocol.ts';
import type { Payload } from '../protocol.ts';
import type { TraceEvent } from '../sim/trace.ts';
import type { NarrationContext, SentMessage } from './types.ts';

export interface Delivery {
  event: TraceEvent;
  payload: Payload | undefined;
  context: NarrationContext;
  /** The messages the delivery sent; undefined when nobody could say. */
  sent: readonly SentMessage[] | undefined;
  notes: readonly string[];
}

export function delivery(
  event: TraceEvent,
  payload: Payload | undefined,
  context: NarrationContext,
): Delivery {
  return { event, payload, context, sent: context.sent?.(event.seq), notes: event.notes ?? [] };
}

/** The sent messages of one payload kind, with their payloads narrowed. */
export function sentOfKind<K extends Payload['kind']>(
  d: Delivery,
  kind: K,
): { to: string; payload: Extract<Payload, { kind: K }> }[] {
  const out: { to: string; payload: Extract<Payload, { kind: K }> }[] = [];
  for (const m of d.sent ?? [])
    if (m.payload.kind === kind)
      out.push({ to: m.to, payload: m.payload as Extract<Payload, { kind: K }> });
  return out;
}

/** The API requests the delivery sent. */
export function sentRequests(d: Delivery): { to: string; payload: ApiRequestPayload }[] {
  return sentOfKind(d, 'api.request');
}

/** The notes that start with a prefix, with the prefix removed. */
export function notesAfter(d: Delivery, prefix: string): string[] {
  return d.notes.filter((n) => n.startsWith(prefix)).map((n) => n.slice(prefix.length));
}

export function hasNote(d: Delivery, prefix: string): boolean {
  return d.notes.some((n) => n.startsWith(prefix));
}

/** The request a reply answers, when the context can find it. */
export function requestOf(d: Delivery, inReplyTo: string): Payload | undefined {
  return d.context.message?.(inReplyTo);
}

/** The API request an api.response answers, when the context can find it. */
export function apiRequestOf(
  d: Delivery,
  response: ApiResponsePayload,
): ApiRequestPayload | undefined {
  const p = requestOf(d, response.inReplyTo);
  return p?.kind === 'api.request' ? p : undefined;
}
