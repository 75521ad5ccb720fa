/**
 * Per-pod wake-ups: the pod worker's requeue after a back-off or a failed sync. Each time is
 * armed once; the timer carries the pod uid.
 */
import type { StepContext } from '../../sim/component.ts';
import type { KubeletState, PodWorker } from './state.ts';

export const POD_SYNC_TIMER = 'podSync';

export function scheduleWake(
  _state: KubeletState,
  ctx: StepContext,
  w: PodWorker,
  at: number,
): void {
  if (w.wakes.includes(at)) return;
  w.wakes.push(at);
  ctx.setTimer(Math.max(1, at - ctx.now), POD_SYNC_TIMER, { uid: w.uid, at });
}

/** Consumes a wake-up; returns the worker it is for, if it still exists. */
export function takeWake(
  state: KubeletState,
  data: { uid: string; at: number },
): PodWorker | undefined {
  const w = state.workers.get(data.uid);
  if (!w) return undefined;
  w.wakes = w.wakes.filter((t) => t !== data.at);
  return w;
}
