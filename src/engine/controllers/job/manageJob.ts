/**
 * manageJob and deletePods: bringing the number of active pods to what parallelism and the
 * remaining completions ask for, under the expectations and the pod-failure back-off, at most
 * MaxPodCreateDeletePerSync (500) pods per sync, creations in slow-start batches. The one place
 * the controller creates or deletes pods.
 */
import type { KubeObject } from '../../api/objects.ts';
import { WorkQueue, sendDelete } from '../../client/index.ts';
import type { ControllerKit } from '../framework.ts';
import {
  NAMESPACE_TERMINATING_CAUSE,
  SLOW_START_BATCH_INITIAL_SIZE,
  createPodSpec,
  epochSeconds,
  hasStatusCause,
  observeCreate,
  slowStartBatch,
  type Run,
} from '../controllerutil/index.ts';
import { expect as expectOps, observe } from '../daemonset/expectations.ts';
import { remainingBackoff, type BackoffRecord } from './backoff.ts';
import type { JobControllerState, JobSpec } from './jobState.ts';
import { deletionOrder, newJobPod } from './pods.ts';

/** MaxPodCreateDeletePerSync: a big Job is brought up (or down) over several syncs. */
export const MAX_POD_CREATE_DELETE_PER_SYNC = 500;

export interface ManageResult {
  /** The number of active pods after this sync's creations and deletions. */
  active: number;
  deleted: KubeObject[];
  error?: string;
}

/** manageJob: the number of active pods it wants, created or deleted. */
export function manageJob(
  state: JobControllerState,
  run: Run,
  job: KubeObject,
  active: readonly KubeObject[],
  succeeded: number,
  record: BackoffRecord,
): ManageResult {
  const { kit, key } = run;
  const spec = job.spec as JobSpec;
  const parallelism = spec.parallelism ?? 1;
  let wantActive: number;
  if (spec.completions === undefined || spec.completions === null)
    wantActive = succeeded > 0 ? active.length : parallelism;
  else wantActive = Math.max(0, Math.min(spec.completions - succeeded, parallelism));
  if (active.length > wantActive) {
    const extra = [...active]
      .sort(deletionOrder)
      .slice(0, Math.min(active.length - wantActive, MAX_POD_CREATE_DELETE_PER_SYNC));
    run.effect(() => deletePods(state, key, extra, kit));
    return { active: active.length - extra.length, deleted: extra };
  }
  let diff = wantActive - active.length;
  if (diff <= 0) return { active: active.length, deleted: [] };
  const wait = remainingBackoff(record, epochSeconds(kit, run.now()));
  if (wait > 0) {
    run.effect(() => WorkQueue.addAfter(kit.queue, key, wait, kit.ctx));
    return { active: active.length, deleted: [] };
  }
  diff = Math.min(diff, MAX_POD_CREATE_DELETE_PER_SYNC);
  run.effect(() => expectOps(state.expectations, key, diff, 0, kit.ctx.now));
  const result = slowStartBatch(diff, SLOW_START_BATCH_INITIAL_SIZE, (batch) => {
    const replies = run.callAll(Array.from({ length: batch }, () => createPodSpec(newJobPod(job))));
    return replies.map((reply) => {
      const error = observeCreate(run, job, reply);
      // Every create fails alike while the namespace terminates: neither an error nor a retry.
      if (error === undefined || hasStatusCause(reply, NAMESPACE_TERMINATING_CAUSE))
        return undefined;
      return error;
    });
  });
  // Creations that failed, or were never tried, will not be observed by the informer.
  const unobserved = diff - result.successes;
  if (unobserved > 0) run.effect(() => observe(state.expectations, key, unobserved, 0));
  const out: ManageResult = { active: active.length + diff - unobserved, deleted: [] };
  if (result.error !== undefined) out.error = result.error;
  return out;
}

export function deletePods(
  state: JobControllerState,
  key: string,
  pods: readonly KubeObject[],
  kit: ControllerKit,
): void {
  if (!pods.length) return;
  expectOps(state.expectations, key, 0, pods.length, kit.ctx.now);
  for (const pod of pods)
    sendDelete(kit.client, kit.ctx, 'pods', pod.metadata.namespace ?? '', pod.metadata.name ?? '', {
      tag: kit.tag('delete'),
      data: { key, name: pod.metadata.name ?? '' },
    });
}
