/**
 * An EventRecorder: what components use to write core/v1 Events (`kubectl get events`). Like
 * client-go's recorder with its correlator, a repeat of the same event (same object, reason,
 * message, type and source) within 10 minutes bumps `count` and `lastTimestamp` on the existing
 * Event with a PATCH instead of creating a new one; before that, similar events are aggregated
 * and a source's events about one object are rate-limited (eventCorrelator.ts).
 */
import { formatRfc3339 } from '../../shared/index.ts';
import type { KubeObject } from '../api/objects.ts';
import type { StepContext } from '../sim/component.ts';
import type { ClientState } from './requests.ts';
import { aggregate, isSpam, newCorrelator, type CorrelatorState } from './eventCorrelator.ts';
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
  /** Correlation key -> the event it made (a Map: long keys, thousands of them). */
  seen: Map<string, SeenEvent>;
  /** Entries in `seen` (kept as a count: counting keys per event grows with the history). */
  seenCount: number;
  /** Events created so far; makes names unique within one nanosecond. */
  created: number;
  /** Prune old entries when seenCount passes this (doubling keeps pruning amortized O(1)). */
  pruneAt: number;
  /**
   * The aggregator's and spam filter's memory; absent for clients of the events.k8s.io API (the
   * scheduler), whose recorder has no EventCorrelator.
   */
  correlator?: CorrelatorState;
}

const CORRELATION_WINDOW_MS = 10 * 60 * 1000;

export function newEventRecorder(
  source: EventSource,
  startSeconds: number,
  { correlate = true }: { correlate?: boolean } = {},
): EventRecorderState {
  const recorder: EventRecorderState = {
    source,
    startSeconds,
    seen: new Map(),
    seenCount: 0,
    created: 0,
    pruneAt: 4096,
  };
  if (correlate) recorder.correlator = newCorrelator();
  return recorder;
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

/**
 * Records an event about `obj`; returns the request id, or undefined when the spam filter
 * dropped it.
 */
export function recordEvent(
  recorder: EventRecorderState,
  client: ClientState,
  ctx: StepContext,
  obj: KubeObject,
  type: EventType,
  reason: string,
  message: string,
  fieldPath?: string,
): string | undefined {
  const nowSeconds = recorder.startSeconds + ctx.now / 1000;
  const timestamp = formatRfc3339(nowSeconds);
  // Events of cluster-scoped objects (nodes) live in the default namespace.
  const namespace = obj.metadata.namespace || 'default';
  const source = recorder.source;
  // client-go's keys also join the source, which is this recorder's own and the same in every
  // key it keeps; and an object with a uid is told apart by the uid alone. Short keys: a recorder
  // builds three per event and keeps them in its caches.
  const uid = obj.metadata.uid;
  const objectKey = uid
    ? uid
    : `${obj.kind ?? ''}\u0000${namespace}\u0000${obj.metadata.name ?? ''}\u0000`;
  const similarKey = `${objectKey}\u0000${type}\u0000${reason}`;
  const correlator = recorder.correlator;
  const aggregated =
    correlator !== undefined && aggregate(correlator, similarKey, message, ctx.now);
  if (aggregated) message = `(combined from similar events): ${message}`;
  // The aggregate event is correlated under the similar-events key: later ones patch it.
  const key = aggregated
    ? `aggregate\u0000${similarKey}`
    : `${similarKey}\u0000${message}\u0000${fieldPath ?? ''}`;
  // The logger counts the event before the spam filter looks at it, as client-go's does, so the
  // next event that passes carries the true count.
  const seen = recorder.seen.get(key);
  const repeat = seen !== undefined && ctx.now - seen.lastSeenMs < CORRELATION_WINDOW_MS;
  if (repeat) {
    seen.count++;
    seen.lastSeenMs = ctx.now;
  }
  if (correlator && isSpam(correlator, objectKey, ctx.now)) {
    if (!repeat) remember(recorder, key, obj, namespace, timestamp, ctx.now);
    return undefined;
  }
  if (repeat) {
    return sendPatch(
      client,
      ctx,
      'events',
      seen.namespace,
      seen.name,
      { count: seen.count, lastTimestamp: timestamp, message },
      { tag: 'event', patchType: 'application/strategic-merge-patch+json' },
    );
  }
  // Prune old correlation entries now and then; a running count avoids counting keys per event.
  if (recorder.seenCount > recorder.pruneAt) {
    for (const [k, v] of recorder.seen) {
      if (ctx.now - v.lastSeenMs >= CORRELATION_WINDOW_MS) {
        recorder.seen.delete(k);
        recorder.seenCount--;
      }
    }
    recorder.pruneAt = Math.max(4096, recorder.seenCount * 2);
  }
  const name = remember(recorder, key, obj, namespace, timestamp, ctx.now);
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
    // client-go's aggregate event copies neither reporting field.
    reportingComponent: aggregated ? '' : source.component,
    reportingInstance: aggregated ? '' : (source.host ?? ''),
  };
  return sendCreate(client, ctx, 'events', event, { tag: 'event' });
}

/** Names a new event and remembers it for correlation; returns the name. */
function remember(
  recorder: EventRecorderState,
  key: string,
  obj: KubeObject,
  namespace: string,
  timestamp: string,
  nowMs: number,
): string {
  const nowSeconds = recorder.startSeconds + nowMs / 1000;
  // client-go names events after the object and the time in nanoseconds, in hex.
  const nanos = nanosHex(Math.round(nowSeconds * 1e6), recorder.created++ % 1000);
  const name = `${obj.metadata.name ?? 'unknown'}.${nanos}`;
  recorder.seen.set(key, {
    name,
    namespace,
    count: 1,
    firstTimestamp: timestamp,
    lastSeenMs: nowMs,
  });
  recorder.seenCount++;
  return name;
}

const LOW = 2 ** 24;

/**
 * micros * 1000 + extra in hex. The product passes 2^53, so it is worked out in two halves (the
 * low 24 bits and the rest) rather than with BigInt, which allocated on every event.
 */
export function nanosHex(micros: number, extra: number): string {
  const low = (micros % LOW) * 1000 + extra;
  const high = Math.floor(micros / LOW) * 1000 + Math.floor(low / LOW);
  const lowHex = (low % LOW).toString(16);
  return high > 0 ? high.toString(16) + lowHex.padStart(6, '0') : lowHex;
}
