/**
 * The image side of EnsureImageExists: the default imagePullPolicy and the node's serial image
 * puller (serializeImagePulls: true), which hands out one PullImage at a time. Kept apart from
 * the start steps because the queue is node-wide, not per pod worker.
 */
import type { StepContext } from '../../sim/component.ts';
import { sandboxConfigOf } from './containerConfig.ts';
import { criCall } from './cri.ts';
import type { SpecContainer } from './podStatus.ts';
import type { KubeletState } from './state.ts';

/** The default imagePullPolicy: Always for :latest or no tag, else IfNotPresent. */
export function pullPolicy(c: SpecContainer): string {
  if (c.imagePullPolicy) return c.imagePullPolicy;
  const ref = c.image.split('@')[0] ?? '';
  const tag =
    ref.lastIndexOf(':') > ref.lastIndexOf('/') ? ref.slice(ref.lastIndexOf(':') + 1) : '';
  return !tag || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

/** The serial image puller: one PullImage at a time per node (serializeImagePulls: true). */
export function processPullQueue(state: KubeletState, ctx: StepContext): void {
  while (!state.pulling && state.pullQueue.length > 0) {
    const next = state.pullQueue.shift()!;
    const w = state.workers.get(next.uid);
    const op = w?.op;
    if (!w || op?.kind !== 'start' || op.container !== next.container) continue;
    op.step = 'pulling';
    state.pulling = true;
    criCall(
      state,
      ctx,
      { method: 'PullImage', image: { image: next.image }, sandboxConfig: sandboxConfigOf(w) },
      'pullImage',
      w.uid,
    );
  }
}
