/**
 * The BoundedFrequencyRunner that governs syncProxyRules, as plain data: a token bucket with
 * burst 2 refilled once per minSyncPeriod (1 s by default). A change asks for a sync; it runs
 * at once if a token is left, otherwise when the next token arrives, and changes that come in
 * meanwhile ride along with that one sync.
 */
import type { StepContext } from '../../sim/component.ts';
import type { Envelope } from '../../sim/envelope.ts';

export const SYNC_RUNNER_TIMER = 'sync-runner';
/** kube-proxy passes burstSyncs = 2. */
export const BURST_SYNCS = 2;

export interface SyncRunnerState {
  minIntervalMs: number;
  tokens: number;
  lastRefill: number;
  /** A sync was asked for and has not run yet. */
  wanted: boolean;
  /** A timer is set for when the next token arrives. */
  timerPending: boolean;
}

export function newSyncRunner(minIntervalMs: number, now: number): SyncRunnerState {
  return {
    minIntervalMs,
    tokens: BURST_SYNCS,
    lastRefill: now,
    wanted: false,
    timerPending: false,
  };
}

function refill(r: SyncRunnerState, now: number): void {
  if (r.minIntervalMs <= 0) {
    r.tokens = BURST_SYNCS;
  } else {
    r.tokens = Math.min(BURST_SYNCS, r.tokens + (now - r.lastRefill) / r.minIntervalMs);
  }
  r.lastRefill = now;
}

/** Run(): returns true when the caller should sync now. */
export function runnerRun(r: SyncRunnerState, ctx: StepContext): boolean {
  r.wanted = true;
  return tryRun(r, ctx);
}

function tryRun(r: SyncRunnerState, ctx: StepContext): boolean {
  if (!r.wanted) return false;
  refill(r, ctx.now);
  if (r.tokens >= 1) {
    r.tokens -= 1;
    r.wanted = false;
    return true;
  }
  if (!r.timerPending) {
    r.timerPending = true;
    ctx.setTimer(Math.ceil((1 - r.tokens) * r.minIntervalMs), SYNC_RUNNER_TIMER);
  }
  return false;
}

/**
 * Handles the runner's timer: undefined if the message is not it, otherwise whether to sync.
 */
export function runnerHandle(
  r: SyncRunnerState,
  message: Envelope,
  ctx: StepContext,
): boolean | undefined {
  const p = message.payload;
  if (p.kind !== 'timer' || p.name !== SYNC_RUNNER_TIMER) return undefined;
  r.timerPending = false;
  return tryRun(r, ctx);
}
