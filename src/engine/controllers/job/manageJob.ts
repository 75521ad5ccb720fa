/**
 * manageJob and deletePods: bringing the number of active pods to what parallelism and the
 * remaining completions ask for, under the expectations and the pod-failure back-off. The one
 * place the controller creates or deletes pods.
 */
import type { KubeObject } from '../../api/objects.ts';
import { WorkQueue, sendCreate, sendDelete } from '../../client/index.ts';
import type { ControllerKit } from '../framework.ts';
import { expect as expectOps } from '../daemonset/expectations.ts';
import { remainingBackoff, type BackoffRecord } from './backoff.ts';
import type { JobControllerState, JobSpec } from './jobState.ts';
import { deletionOrder, newJobPod } from './pods.ts';

/** manageJob: the number of active pods it wants, created or deleted. Returns the active pods after it. */
export function manageJob(
  state: JobControllerState,
  key: string,
  job: KubeObject,
  active: KubeObject[],
  succeeded: number,
  record: BackoffRecord,
  kit: ControllerKit,
): KubeObject[] {
  const spec = job.spec as JobSpec;
  const parallelism = spec.parallelism ?? 1;
  let wantActive: number;
  if (spec.completions === undefined || spec.completions === null)
    wantActive = succeeded > 0 ? active.length : parallelism;
  else wantActive = Math.max(0, Math.min(spec.completions - succeeded, parallelism));
  if (active.length > wantActive) {
    const extra = [...active].sort(deletionOrder).slice(0, active.length - wantActive);
    deletePods(state, key, extra, kit);
    return active.filter((p) => !extra.includes(p));
  }
  const diff = wantActive - active.length;
  if (diff <= 0) return active;
  const wait = remainingBackoff(record, kit.ctx.now);
  if (wait > 0) {
    WorkQueue.addAfter(kit.queue, key, wait, kit.ctx);
    return active;
  }
  expectOps(state.expectations, key, diff, 0, kit.ctx.now);
  const created: KubeObject[] = [];
  for (let i = 0; i < diff; i++) {
    const pod = newJobPod(job);
    sendCreate(kit.client, kit.ctx, 'pods', pod, { tag: kit.tag('create'), data: key });
    created.push(pod);
  }
  return [...active, ...created];
}

export function deletePods(
  state: JobControllerState,
  key: string,
  pods: KubeObject[],
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
