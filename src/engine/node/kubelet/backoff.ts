/**
 * client-go's flowcontrol.Backoff as the kubelet uses it for container restarts and image pulls:
 * 10 s initially, doubling to 300 s, forgotten once 2 x 300 s pass without an update. No jitter
 * (the kubelet builds its back-offs without).
 */
import type { BackoffEntry } from './state.ts';

export const INITIAL_BACKOFF_MS = 10_000;
export const MAX_BACKOFF_MS = 300_000;

const expired = (eventTime: number, entry: BackoffEntry) =>
  eventTime - entry.lastUpdate > 2 * MAX_BACKOFF_MS;

/** Backoff.Next: start at the initial delay, or double. */
export function backoffNext(
  table: Record<string, BackoffEntry>,
  key: string,
  eventTime: number,
  now: number,
): void {
  const entry = table[key];
  if (!entry || expired(eventTime, entry)) {
    table[key] = { backoffMs: INITIAL_BACKOFF_MS, lastUpdate: now };
    return;
  }
  entry.backoffMs = Math.min(entry.backoffMs * 2, MAX_BACKOFF_MS);
  entry.lastUpdate = now;
}

/** Backoff.IsInBackOffSince: still waiting, counting from eventTime (a container's finishedAt). */
export function inBackoffSince(
  table: Record<string, BackoffEntry>,
  key: string,
  eventTime: number,
  now: number,
): boolean {
  const entry = table[key];
  if (!entry || expired(now, entry)) return false;
  return now - eventTime < entry.backoffMs;
}

/** Backoff.IsInBackOffSinceUpdate: still waiting, counting from the last update (image pulls). */
export function inBackoffSinceUpdate(
  table: Record<string, BackoffEntry>,
  key: string,
  now: number,
): boolean {
  const entry = table[key];
  if (!entry || expired(now, entry)) return false;
  return now - entry.lastUpdate < entry.backoffMs;
}

export function backoffGet(table: Record<string, BackoffEntry>, key: string): number {
  return table[key]?.backoffMs ?? 0;
}
