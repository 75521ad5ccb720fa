/**
 * syncJob: one pass over a Job. Claims its pods (getPodsForJob), counts finished pods through
 * uncountedTerminatedPods and the tracking finalizer (tally.ts), decides whether the Job is
 * finished (complete, back-off limit, deadline), otherwise manages its active pods, and writes
 * the status when it changed. The reply to that write is handled in controller.ts.
 */
import { deepCopy, deepEqual, formatRfc3339 } from '../../../shared/index.ts';
import { splitKey, type KubeObject } from '../../api/objects.ts';
import { Lister, WorkQueue, sendUpdateStatus } from '../../client/index.ts';
import type { ControllerKit } from '../framework.ts';
import { epochSeconds, type Run } from '../controllerutil/index.ts';
import { satisfied } from '../daemonset/expectations.ts';
import {
  JOBS,
  type JobCondition,
  type JobControllerState,
  type JobSpec,
  type JobStatus,
  type StatusWrite,
} from './jobState.ts';
import { deletePods, manageJob, type ManageResult } from './manageJob.ts';
import { getPodsForJob, ownedPods, removeFinalizer } from './ownedPods.ts';
import { hasTrackingFinalizer, isFinished, isReady } from './pods.ts';
import { tallyJob, type Finish, type Tally } from './tally.ts';

function finishedCondition(job: KubeObject): JobCondition | undefined {
  return ((job.status as JobStatus | undefined)?.conditions ?? []).find(
    (c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True',
  );
}

function forget(state: JobControllerState, key: string): void {
  delete state.expectations[key];
  delete state.backoff[key];
  delete state.finishing[key];
}

export function syncJob(state: JobControllerState, run: Run): string | undefined {
  const { kit, key } = run;
  const { namespace, name } = splitKey(key);
  const job = run.read(() => Lister.get(kit.informer(JOBS), namespace, name));
  if (!job) {
    run.effect(() => forget(state, key));
    return undefined;
  }
  if (finishedCondition(job)) {
    run.effect(() => {
      for (const pod of ownedPods(job, kit))
        if (hasTrackingFinalizer(pod) && (isFinished(pod) || pod.metadata.deletionTimestamp))
          removeFinalizer(pod, key, kit);
    });
    return undefined;
  }
  // Until the informer has the last status written, this sync would act on a stale Job.
  const written = run.read(() => state.writing[key]);
  if (written !== undefined) {
    if (written === 0 || Number(job.metadata.resourceVersion) < written) return undefined;
    run.effect(() => delete state.writing[key]);
  }
  const claimed = getPodsForJob(run, job);
  if (claimed.error !== undefined) return claimed.error;
  const nowSeconds = epochSeconds(kit, run.now());
  const tally = run.read(() =>
    tallyJob(job, claimed.pods, state.backoff[key], state.finishing[key], nowSeconds),
  );
  const needsSync = run.read(() => satisfied(state.expectations, key, kit.ctx.now));
  const spec = job.spec as JobSpec;
  if (tally.deadlineInMs !== undefined) {
    const ms = tally.deadlineInMs;
    run.effect(() => WorkQueue.addAfter(kit.queue, key, ms, kit.ctx));
  }
  const completions = spec.completions ?? null;
  const complete =
    completions !== null
      ? tally.succeeded >= completions
      : tally.succeeded > 0 && tally.active.length === 0;
  let finish = tally.finish;
  let managed: ManageResult = { active: tally.active.length, deleted: [] };
  if (finish || complete) {
    finish ??= ['Complete', '', ''];
    run.effect(() => deletePods(state, key, tally.active, kit));
    managed = { active: 0, deleted: tally.active };
  } else if (needsSync && !spec.suspend && !job.metadata.deletionTimestamp) {
    managed = manageJob(state, run, job, tally.active, tally.succeeded, tally.record);
  }
  run.effect(() => writeStatus(state, key, job, tally, managed, finish, kit));
  return managed.error;
}

/** The status after this sync, written when it changed; the finish waits for every count. */
function writeStatus(
  state: JobControllerState,
  key: string,
  job: KubeObject,
  tally: Tally,
  managed: ManageResult,
  finish: Finish | undefined,
  kit: ControllerKit,
): void {
  const nowText = formatRfc3339(epochSeconds(kit, kit.ctx.now));
  const status = deepCopy(tally.status);
  const uncounted = {
    succeeded: [...tally.uncounted.succeeded],
    failed: [...tally.uncounted.failed],
  };
  // A failing Job counts the pods it stops as failed, and declares the failure once they are.
  if (finish?.[0] === 'Failed')
    for (const pod of tally.active) {
      const uid = pod.metadata.uid ?? '';
      if (hasTrackingFinalizer(pod) && !uncounted.failed.includes(uid)) uncounted.failed.push(uid);
    }
  status.active = managed.active;
  status.ready = tally.active.filter((p) => !managed.deleted.includes(p) && isReady(p)).length;
  status.terminating = tally.terminating;
  status.uncountedTerminatedPods = {
    ...(uncounted.succeeded.length ? { succeeded: uncounted.succeeded } : {}),
    ...(uncounted.failed.length ? { failed: uncounted.failed } : {}),
  };
  const write: StatusWrite = {
    key,
    release: [...uncounted.succeeded, ...uncounted.failed],
    backoff: tally.record,
  };
  if (finish && uncounted.succeeded.length + uncounted.failed.length === 0) {
    const [type, reason, message] = finish;
    const c: JobCondition = {
      type,
      status: 'True',
      lastProbeTime: nowText,
      lastTransitionTime: nowText,
    };
    if (reason) c.reason = reason;
    if (message) c.message = message;
    status.conditions = [...(status.conditions ?? []), c];
    if (type === 'Complete') status.completionTime = nowText;
    write.finished = finish;
    delete state.finishing[key];
  } else if (finish) {
    state.finishing[key] = finish;
  }
  // active, succeeded and failed are omitempty; ready and terminating are pointers, written as 0.
  for (const k of ['active', 'succeeded', 'failed'] as const) if (status[k] === 0) delete status[k];
  if (deepEqual(status, job.status ?? {})) return;
  state.writing[key] = 0;
  sendUpdateStatus(
    kit.client,
    kit.ctx,
    JOBS,
    { ...job, status },
    { tag: kit.tag('status'), data: write as unknown as Record<string, string> },
  );
}
