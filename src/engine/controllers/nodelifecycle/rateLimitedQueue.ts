/**
 * RateLimitedTimedQueue as plain data: a per-zone queue of node names with a token bucket
 * (flowcontrol.NewTokenBucketRateLimiter with burst 1) deciding how many are processed per pass.
 * A name stays in the set after it is processed, so it is not queued twice until it is removed.
 */

export interface TokenBucket {
  /** 0 means never accept (flowcontrol's fake never limiter). */
  qps: number;
  burst: number;
  tokens: number;
  lastMs: number;
}

export interface TimedValue {
  value: string;
  uid: string;
  addedAt: number;
  processAt: number;
}

export interface RateLimitedTimedQueue {
  queue: TimedValue[];
  set: string[];
  limiter: TokenBucket;
}

/** scheduler.EvictionRateLimiterBurst. */
export const EVICTION_RATE_LIMITER_BURST = 1;

export function newTokenBucket(qps: number, nowMs: number): TokenBucket {
  const burst = qps > 0 ? EVICTION_RATE_LIMITER_BURST : 0;
  return { qps, burst, tokens: burst, lastMs: nowMs };
}

export function tryAccept(b: TokenBucket, nowMs: number): boolean {
  if (b.qps <= 0) return false;
  b.tokens = Math.min(b.burst, b.tokens + ((nowMs - b.lastMs) / 1000) * b.qps);
  b.lastMs = nowMs;
  if (b.tokens < 1) return false;
  b.tokens -= 1;
  return true;
}

/** When the bucket will next hold a whole token (undefined: never). */
export function nextTokenAt(b: TokenBucket, nowMs: number): number | undefined {
  if (b.qps <= 0) return undefined;
  const tokens = Math.min(b.burst, b.tokens + ((nowMs - b.lastMs) / 1000) * b.qps);
  if (tokens >= 1) return nowMs;
  return nowMs + Math.ceil(((1 - tokens) / b.qps) * 1000);
}

export function newRateLimitedTimedQueue(qps: number, nowMs: number): RateLimitedTimedQueue {
  return { queue: [], set: [], limiter: newTokenBucket(qps, nowMs) };
}

/** Add: false when the name is already in the set. */
export function queueAddNode(
  q: RateLimitedTimedQueue,
  value: string,
  uid: string,
  nowMs: number,
): boolean {
  if (q.set.includes(value)) return false;
  q.set.push(value);
  q.queue.push({ value, uid, addedAt: nowMs, processAt: nowMs });
  q.queue.sort((a, b) => a.processAt - b.processAt);
  return true;
}

/** Remove from both the queue and the set: true if it was in the set. */
export function queueRemoveNode(q: RateLimitedTimedQueue, value: string): boolean {
  const had = q.set.includes(value);
  q.set = q.set.filter((v) => v !== value);
  q.queue = q.queue.filter((v) => v.value !== value);
  return had;
}

/**
 * Try: while the limiter accepts and the head is due, run fn on it; done items leave the queue
 * (not the set), failed ones come back after the wait fn asked for.
 */
export function queueTry(
  q: RateLimitedTimedQueue,
  nowMs: number,
  fn: (value: TimedValue) => { done: boolean; waitMs: number },
): void {
  for (let head = q.queue[0]; head; head = q.queue[0]) {
    if (!tryAccept(q.limiter, nowMs)) break;
    if (nowMs < head.processAt) break;
    const result = fn(head);
    q.queue.shift();
    if (!result.done) {
      q.queue.push({ ...head, processAt: nowMs + result.waitMs + 1 });
      q.queue.sort((a, b) => a.processAt - b.processAt);
    }
  }
}

/** SwapLimiter: a new bucket at the new rate, drained if the old one was waiting. */
export function swapLimiter(q: RateLimitedTimedQueue, qps: number, nowMs: number): void {
  if (q.limiter.qps === qps) return;
  const next = newTokenBucket(qps, nowMs);
  if (qps > 0 && !tryAccept(q.limiter, nowMs)) tryAccept(next, nowMs);
  q.limiter = next;
}
