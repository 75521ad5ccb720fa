/**
 * failedPodsBackoff (flowcontrol.Backoff, 1 s initial, 15 min max, as kube-controller-manager
 * builds it for the DaemonSet controller): how often a failed daemon pod on one node may be
 * deleted and replaced. A kubelet that keeps rejecting the pod would otherwise make the
 * controller and the kubelet fight in a hot loop. Keyed by DaemonSet uid, observed generation and
 * node, so a new template starts afresh. An entry untouched for twice the maximum is forgotten:
 * it reads as absent at once, and is swept when a DaemonSet is found gone (the real controller's
 * GC runs every minute; only memory tells the two apart).
 */
import type { KubeObject } from '../../api/objects.ts';

export const FAILED_PODS_BACKOFF_INITIAL_MS = 1_000;
export const FAILED_PODS_BACKOFF_MAX_MS = 15 * 60_000;

export interface BackoffEntry {
  backoffMs: number;
  lastUpdate: number;
}

export type FailedPodsBackoff = Record<string, BackoffEntry>;

/** failedPodsBackoffKey. */
export function failedPodsBackoffKey(ds: KubeObject, node: string): string {
  const generation = (ds.status as { observedGeneration?: number } | undefined)?.observedGeneration;
  return `${ds.metadata.uid ?? ''}/${generation ?? 0}/${node}`;
}

function hasExpired(e: BackoffEntry, now: number): boolean {
  return now - e.lastUpdate > FAILED_PODS_BACKOFF_MAX_MS * 2;
}

/** IsInBackOffSinceUpdate: the delay still to wait, or 0 when the pod may go now. */
export function inBackoff(all: FailedPodsBackoff, key: string, now: number): number {
  const e = all[key];
  if (!e || hasExpired(e, now)) return 0;
  return now - e.lastUpdate < e.backoffMs ? e.backoffMs : 0;
}

/** Next: the first failure waits 1 s, each further one twice the last, up to 15 minutes. */
export function nextBackoff(all: FailedPodsBackoff, key: string, now: number): void {
  const e = all[key];
  if (!e || hasExpired(e, now))
    all[key] = { backoffMs: FAILED_PODS_BACKOFF_INITIAL_MS, lastUpdate: now };
  else {
    e.backoffMs = Math.min(e.backoffMs * 2, FAILED_PODS_BACKOFF_MAX_MS);
    e.lastUpdate = now;
  }
}

/** The GC: entries untouched for twice the maximum go. */
export function gcBackoff(all: FailedPodsBackoff, now: number): void {
  for (const [key, e] of Object.entries(all)) if (hasExpired(e, now)) delete all[key];
}
