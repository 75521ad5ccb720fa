/**
 * The two stages of client-go's EventCorrelator (tools/record/events_cache.go) in front of the
 * count-bumping logger in events.ts:
 *
 * - The aggregator: events that differ only in their message (same source, object, type and
 *   reason), 10 distinct messages inside 10 minutes, are replaced by one event whose message
 *   reads "(combined from similar events): <latest message>", which later ones then PATCH.
 * - The spam filter: a token bucket per source and object, 25 events at once and one more every
 *   5 minutes; an event over the budget is dropped on the client and never reaches the apiserver.
 *
 * Scaling a ReplicaSet to thousands of replicas therefore writes 25 SuccessfulCreate events about
 * it, not thousands, as in a real cluster. Each cache is an LRU of 4096 entries, like client-go's.
 */

export const LRU_ENTRIES = 4096;
const AGGREGATE_MAX_EVENTS = 10;
const AGGREGATE_INTERVAL_MS = 600 * 1000;
const SPAM_BURST = 25;
const SPAM_REFILL_PER_MS = 1 / (300 * 1000);

interface AggregateRecord {
  /** The distinct messages seen in the current interval (never more than 9 kept). */
  messages: string[];
  lastMs: number;
}

interface TokenBucket {
  tokens: number;
  lastMs: number;
}

export interface CorrelatorState {
  aggregates: Map<string, AggregateRecord>;
  spam: Map<string, TokenBucket>;
}

export function newCorrelator(): CorrelatorState {
  return { aggregates: new Map(), spam: new Map() };
}

/**
 * Takes an LRU entry out, to be stored back as the most recently used (a Map iterates in
 * insertion order): a read and a store are three Map operations, not four.
 */
function take<V>(lru: Map<string, V>, key: string): V | undefined {
  const value = lru.get(key);
  if (value !== undefined) lru.delete(key);
  return value;
}

function store<V>(lru: Map<string, V>, key: string, value: V): void {
  lru.set(key, value);
  if (lru.size > LRU_ENTRIES) lru.delete(lru.keys().next().value!);
}

/**
 * Counts a message under its aggregate key; true when the event must be replaced by the
 * aggregate (this is the tenth distinct message or later within the interval).
 */
export function aggregate(
  c: CorrelatorState,
  aggregateKey: string,
  message: string,
  nowMs: number,
): boolean {
  let record = take(c.aggregates, aggregateKey);
  if (!record || nowMs - record.lastMs > AGGREGATE_INTERVAL_MS)
    record = { messages: [], lastMs: 0 };
  if (!record.messages.includes(message)) record.messages.push(message);
  record.lastMs = nowMs;
  store(c.aggregates, aggregateKey, record);
  if (record.messages.length < AGGREGATE_MAX_EVENTS) return false;
  // client-go pops an arbitrary member to keep the set at its maximum; the oldest here.
  record.messages.shift();
  return true;
}

/** The spam filter: true when the source has spent its budget of events about this object. */
export function isSpam(c: CorrelatorState, spamKey: string, nowMs: number): boolean {
  const bucket = take(c.spam, spamKey) ?? { tokens: SPAM_BURST, lastMs: nowMs };
  bucket.tokens = Math.min(
    SPAM_BURST,
    bucket.tokens + (nowMs - bucket.lastMs) * SPAM_REFILL_PER_MS,
  );
  bucket.lastMs = nowMs;
  store(c.spam, spamKey, bucket);
  if (bucket.tokens < 1) return true;
  bucket.tokens -= 1;
  return false;
}
