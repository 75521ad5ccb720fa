/**
 * An EventRecorder: what components use to write core/v1 Events (`kubectl get events`). Like
 * client-go's recorder with its correlator, a repeat of the same event (same object, reason,
 * message, type and source) within 10 minutes bumps `count` and `lastTimestamp` on the existing
 * Event with a PATCH instead of creating a new one.
 */
import { formatRfc3339 } from '../../shared/index.ts';
import type { KubeObject } from '../api/objects.ts';
import type { StepContext } from '../sim/component.ts';
import type { ClientState } from './requests.ts';
import { sendCreate, sendPatch } from './verbs.ts';

export type EventType = 'Normal' | 'Warning';

export interface EventSource {
  /** 'kubelet', 'default-scheduler', 'replicaset-controller', ... */
  component: string;
  /** The node, for node agents. */
  host?: string;
}

interface SeenEvent {
  name: string;
  namespace: string;
  count: number;
  firstTimestamp: string;
  lastSeenMs: number;
}

export interface EventRecorderState {
  source: EventSource;
  /** Wall-clock seconds at virtual time 0, so timestamps read like a real cluster's. */
  startSeconds: number;
  seen: Record<string, SeenEvent>;
  /** Entries in `seen` (kept as a count: counting keys per event grows with the history). */
  seenCount: number;
  /** Events created so far; makes names unique within one nanosecond. */
  created: number;
  /** Prune old entries when seenCount passes this (doubling keeps pruning amortized O(1)). */
  pruneAt: number;
}

const CORRELATION_WINDOW_MS = 10 * 60 * 1000;

export function newEventRecorder(source: EventSource, startSeconds: number): EventRecorderState {
  return { source, startSeconds, seen: {}, seenCount: 0, created: 0, pruneAt: 4096 };
}

/** The object reference an Event points at. */
export function involvedObjectOf(obj: KubeObject, fieldPath?: string) {
  const ref: Record<string, string> = {
    kind: obj.kind,
    namespace: obj.metadata.namespace ?? '',
    name: obj.metadata.name ?? '',
    uid: obj.metadata.uid ?? '',
    apiVersion: obj.apiVersion,
    resourceVersion: obj.metadata.resourceVersion ?? '',
  };
  if (!ref.namespace) delete ref.namespace;
  if (fieldPath) ref.fieldPath = fieldPath;
  return ref;
}

/** Records an event about `obj`; returns the request id. */
export function recordEvent(
  recorder: EventRecorderState,
  client: ClientState,
  ctx: StepContext,
  obj: KubeObject,
  type: EventType,
  reason: string,
  message: string,
  fieldPath?: string,
): string {
  const nowSeconds = recorder.startSeconds + ctx.now / 1000;
  const timestamp = formatRfc3339(nowSeconds);
  // Events of cluster-scoped objects (nodes) live in the default namespace.
  const namespace = obj.metadata.namespace || 'default';
  const source = recorder.source;
  const key = [
    obj.metadata.uid ?? obj.metadata.name,
    reason,
    message,
    type,
    source.component,
    source.host ?? '',
    fieldPath ?? '',
  ].join('\u0000');
  const seen = recorder.seen[key];
  if (seen && ctx.now - seen.lastSeenMs < CORRELATION_WINDOW_MS) {
    seen.count++;
    seen.lastSeenMs = ctx.now;
    return sendPatch(
      client,
      ctx,
      'events',
      seen.namespace,
      seen.name,
      { count: seen.count, lastTimestamp: timestamp },
      { tag: 'event', patchType: 'application/strategic-merge-patch+json' },
    );
  }
  // Prune old correlation entries now and then; a running count avoids counting keys per event.
  if (recorder.seenCount > recorder.pruneAt) {
    for (const [k, v] of Object.entries(recorder.seen)) {
      if (ctx.now - v.lastSeenMs >= CORRELATION_WINDOW_MS) {
        delete recorder.seen[k];
        recorder.seenCount--;
      }
    }
    recorder.pruneAt = Math.max(4096, recorder.seenCount * 2);
  }
  // client-go names events after the object and the time in nanoseconds, in hex.
  const nanos = BigInt(Math.round(nowSeconds * 1e6)) * 1000n + BigInt(recorder.created++ % 1000);
  const name = `${obj.metadata.name ?? 'unknown'}.${nanos.toString(16)}`;
  recorder.seen[key] = {
    name,
    namespace,
    count: 1,
    firstTimestamp: timestamp,
    lastSeenMs: ctx.now,
  };
  recorder.seenCount++;
  const event: KubeObject = {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace },
    involvedObject: involvedObjectOf(obj, fieldPath),
    reason,
    message,
    source: source.host
      ? { component: source.component, host: source.host }
      : { component: source.component },
    firstTimestamp: timestamp,
    lastTimestamp: timestamp,
    count: 1,
    type,
    eventTime: null,
    reportingComponent: source.component,
    reportingInstance: source.host ?? '',
  };
  return sendCreate(client, ctx, 'events', event, { tag: 'event' });
}
