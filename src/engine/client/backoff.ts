/**
 * The Reflector's back-off between failed list/watch attempts: apimachinery's
 * ExponentialBackoffManager as client-go configures it in NewReflectorWithOptions
 * (800ms initial, x2 per step, capped at 30s, jitter factor 1.0 so each wait is in [d, 2d), reset
 * to the initial duration when the previous back-off began more than 2 minutes ago).
 */
import { nextFloat, type PrngState } from '../../shared/index.ts';

export interface BackoffSpec {
  initialMs: number;
  capMs: number;
  resetMs: number;
  factor: number;
  jitter: number;
}

export const REFLECTOR_BACKOFF: BackoffSpec = {
  initialMs: 800,
  capMs: 30_000,
  resetMs: 120_000,
  factor: 2,
  jitter: 1,
};

export interface BackoffState {
  spec: BackoffSpec;
  /** The un-jittered duration of the next step. */
  durationMs: number;
  /** When the previous back-off started, or null if there was none. */
  lastStart: number | null;
}

export function newBackoff(spec: BackoffSpec = REFLECTOR_BACKOFF): BackoffState {
  return { spec: { ...spec }, durationMs: spec.initialMs, lastStart: null };
}

/** The wait before the next attempt (wait.Backoff.Step with the manager's reset), in ms. */
export function nextBackoff(b: BackoffState, now: number, rng: PrngState): number {
  if (b.lastStart !== null && now - b.lastStart > b.spec.resetMs) b.durationMs = b.spec.initialMs;
  b.lastStart = now;
  const base = b.durationMs;
  b.durationMs = Math.min(base * b.spec.factor, b.spec.capMs);
  const jittered = b.spec.jitter > 0 ? base + nextFloat(rng) * b.spec.jitter * base : base;
  // Millisecond resolution keeps traces readable; the floor keeps the delay inside [d, 2d).
  return Math.floor(jittered);
}
