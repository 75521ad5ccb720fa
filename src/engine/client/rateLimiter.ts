/**
 * Work queue rate limiters (client-go util/workqueue/default_rate_limiters.go) as data: a spec
 * says which limiter, newRateLimiter makes its state, and when/forget/numRequeues operate on it.
 * Times are virtual milliseconds.
 */

export type RateLimiterSpec =
  /** baseDelay * 2^failures, capped at maxDelay (per item). */
  | { type: 'itemExponentialFailure'; baseDelayMs: number; maxDelayMs: number }
  /** A token bucket over all items (golang.org/x/time/rate: qps refill, burst capacity). */
  | { type: 'bucket'; qps: number; burst: number }
  /** fastDelay for the first maxFastAttempts failures of an item, then slowDelay. */
  | { type: 'itemFastSlow'; fastDelayMs: number; slowDelayMs: number; maxFastAttempts: number }
  /** The longest delay any of the limiters asks for. */
  | { type: 'maxOf'; limiters: RateLimiterSpec[] };

export type RateLimiterState =
  | {
      type: 'itemExponentialFailure';
      baseDelayMs: number;
      maxDelayMs: number;
      failures: Map<string, number>;
    }
  | { type: 'bucket'; qps: number; burst: number; tokens: number; last: number | null }
  | {
      type: 'itemFastSlow';
      fastDelayMs: number;
      slowDelayMs: number;
      maxFastAttempts: number;
      failures: Map<string, number>;
    }
  | { type: 'maxOf'; limiters: RateLimiterState[] };

/**
 * workqueue.DefaultControllerRateLimiter: per-item exponential back-off from 5ms to 1000s, and
 * overall 10 qps with a burst of 100 (which only limits retries, since plain adds bypass it).
 */
export const DEFAULT_CONTROLLER_RATE_LIMITER: RateLimiterSpec = {
  type: 'maxOf',
  limiters: [
    { type: 'itemExponentialFailure', baseDelayMs: 5, maxDelayMs: 1000 * 1000 },
    { type: 'bucket', qps: 10, burst: 100 },
  ],
};

export function newRateLimiter(spec: RateLimiterSpec): RateLimiterState {
  switch (spec.type) {
    case 'itemExponentialFailure':
    case 'itemFastSlow':
      return { ...spec, failures: new Map() };
    case 'bucket':
      // A new rate.Limiter starts with a full bucket.
      return { ...spec, tokens: spec.burst, last: null };
    case 'maxOf':
      return { type: 'maxOf', limiters: spec.limiters.map(newRateLimiter) };
  }
}

/** When: how long `key` should wait before it is added again. Records the attempt. */
export function rateLimiterWhen(rl: RateLimiterState, key: string, now: number): number {
  switch (rl.type) {
    case 'itemExponentialFailure': {
      const exp = rl.failures.get(key) ?? 0;
      rl.failures.set(key, exp + 1);
      const backoff = rl.baseDelayMs * 2 ** exp;
      return backoff > rl.maxDelayMs ? rl.maxDelayMs : backoff;
    }
    case 'itemFastSlow': {
      const n = (rl.failures.get(key) ?? 0) + 1;
      rl.failures.set(key, n);
      return n <= rl.maxFastAttempts ? rl.fastDelayMs : rl.slowDelayMs;
    }
    case 'bucket': {
      // rate.Limiter.Reserve: refill since the last reservation, take a token even if that
      // leaves the bucket in debt, and wait until the debt is paid.
      const elapsed = rl.last === null ? Infinity : Math.max(0, now - rl.last);
      rl.tokens = Math.min(rl.burst, rl.tokens + (elapsed * rl.qps) / 1000);
      rl.last = now;
      rl.tokens -= 1;
      return rl.tokens < 0 ? (-rl.tokens / rl.qps) * 1000 : 0;
    }
    case 'maxOf': {
      let max = 0;
      for (const limiter of rl.limiters) max = Math.max(max, rateLimiterWhen(limiter, key, now));
      return max;
    }
  }
}

/** Forget: the item succeeded (or was given up on); stop tracking its failures. */
export function rateLimiterForget(rl: RateLimiterState, key: string): void {
  if (rl.type === 'maxOf') for (const limiter of rl.limiters) rateLimiterForget(limiter, key);
  else if (rl.type !== 'bucket') rl.failures.delete(key);
}

/** NumRequeues: how many times the item has been rate-limited since it was last forgotten. */
export function rateLimiterNumRequeues(rl: RateLimiterState, key: string): number {
  if (rl.type === 'maxOf')
    return Math.max(0, ...rl.limiters.map((l) => rateLimiterNumRequeues(l, key)));
  return rl.type === 'bucket' ? 0 : (rl.failures.get(key) ?? 0);
}
