/**
 * syncJob: one pass over a Job. Counts finished pods through uncountedTerminatedPods and the
 * tracking finalizer, decides whether the Job is finished (complete, back-off limit, deadline),
 * otherwise manages its active pods, and writes the status when it changed. The reply to that
 * write is handled in controller.ts.
 */
import { deepCopy, deepEqual, formatRfc3339, parseRfc3339 } from '../../../shared/index.ts';
import { splitKey, type KubeObject } from '../../api/objects.ts';
import { Lister, WorkQueue, sendUpdateStatus } from '../../client/index.ts';
import type { ControllerKit } from '../framework.ts';
import { satisfied } from '../daemonset/expectations.ts';
import { updateBackoff } from './backoff.ts';
import {
  JOBS,
  type JobCondition,
  type JobControllerState,
  type JobSpec,
  type JobStatus,
  type StatusWrite,
} from './jobState.ts';
import { deletePods, manageJob } from './manageJob.ts';
import { isPodFailed, ownedPods, removeFinalizer } from './ownedPods.ts';
import { hasTrackingFinalizer, isFinished, isReady, phaseOf } from './pods.ts';

function finishedCondition(job: KubeObject): JobCondition | undefined {
  return ((job.status as JobStatus | undefined)?.conditions ?? []).find(
    (c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True',
  );
}

export function syncJob(state: JobControllerState, key: string, kit: ControllerKit): void {
  const { namespace, name } = splitKey(key);
  const job = Lister.get(kit.informer(JOBS), namespace, name);
  if (!job) {
    delete state.expectations[key];
    delete state.backoff[key];
    delete state.finishing[key];
    return;
  }
  const pods = ownedPods(job, kit);
  if (finishedCondition(job)) {
    for (const pod of pods)
      if (hasTrackingFinalizer(pod) && (isFinished(pod) || pod.metadata.deletionTimestamp))
        removeFinalizer(pod, key, kit);
    return;
  }
  const written = state.writing[key];
  if (written !== undefined) {
    if (written === 0 || Number(job.metadata.resourceVersion) < written) return;
    delete state.writing[key];
  }
  const now = kit.ctx.now;
  const nowText = formatRfc3339(kit.settings.startSeconds + now / 1000);
  const spec = job.spec as JobSpec;
  const status: JobStatus = deepCopy((job.status ?? {}) as JobStatus);
  const byUid = new Map(pods.map((p) => [p.metadata.uid ?? '', p]));

  // Flush: uids whose finalizer is gone are counted for good.
  const uncounted = {
    succeeded: [...(status.uncountedTerminatedPods?.succeeded ?? [])],
    failed: [...(status.uncountedTerminatedPods?.failed ?? [])],
  };
  const stillHeld = (uid: string) => {
    const p = byUid.get(uid);
    return !!p && hasTrackingFinalizer(p);
  };
  status.succeeded =
    (status.succeeded ?? 0) + uncounted.succeeded.filter((u) => !stillHeld(u)).length;
  status.failed = (status.failed ?? 0) + uncounted.failed.filter((u) => !stillHeld(u)).length;
  uncounted.succeeded = uncounted.succeeded.filter(stillHeld);
  uncounted.failed = uncounted.failed.filter(stillHeld);

  // Newly finished pods still holding the finalizer join the uncounted lists.
  const newSucceeded: string[] = [];
  const newFailed: string[] = [];
  for (const pod of pods) {
    const uid = pod.metadata.uid ?? '';
    if (
      !hasTrackingFinalizer(pod) ||
      uncounted.succeeded.includes(uid) ||
      uncounted.failed.includes(uid)
    )
      continue;
    if (phaseOf(pod) === 'Succeeded') newSucceeded.push(uid);
    else if (isPodFailed(pod)) newFailed.push(uid);
  }
  uncounted.succeeded.push(...newSucceeded);
  uncounted.failed.push(...newFailed);
  const record = (state.backoff[key] ??= { failuresAfterLastSuccess: 0, lastFailureTime: 0 });
  updateBackoff(record, newSucceeded.length, newFailed.length, now);

  const succeeded = status.succeeded + uncounted.succeeded.length;
  const failed = status.failed + uncounted.failed.length;
  let active = pods.filter((p) => !isFinished(p) && !p.metadata.deletionTimestamp);
  status.startTime ??= nowText;

  let finish: [string, string, string] | undefined = state.finishing[key];
  const backoffLimit = spec.backoffLimit ?? 6;
  const started = parseRfc3339(status.startTime) ?? 0;
  if (finish) {
    // decided by an earlier sync
  } else if (newFailed.length > 0 && failed > backoffLimit) {
    finish = ['Failed', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'];
  } else if (
    spec.activeDeadlineSeconds !== undefined &&
    kit.settings.startSeconds + now / 1000 - started >= spec.activeDeadlineSeconds
  ) {
    finish = ['Failed', 'DeadlineExceeded', 'Job was active longer than specified deadline'];
  } else if (spec.activeDeadlineSeconds !== undefined) {
    WorkQueue.addAfter(
      kit.queue,
      key,
      (started + spec.activeDeadlineSeconds) * 1000 - (kit.settings.startSeconds * 1000 + now),
      kit.ctx,
    );
  }
  const completions = spec.completions ?? null;
  const complete =
    completions !== null ? succeeded >= completions : succeeded > 0 && active.length === 0;
  if (finish) {
    deletePods(state, key, active, kit);
    active = [];
  } else if (complete) {
    finish = ['Complete', '', ''];
    if (active.length) deletePods(state, key, active, kit);
    active = [];
  } else if (satisfied(state.expectations, key, now) && !spec.suspend) {
    active = manageJob(state, key, job, active, succeeded, record, kit);
  }

  status.active = active.length;
  status.ready = active.filter(isReady).length;
  status.terminating = pods.filter((p) => p.metadata.deletionTimestamp && !isFinished(p)).length;
  status.uncountedTerminatedPods = {
    ...(uncounted.succeeded.length ? { succeeded: uncounted.succeeded } : {}),
    ...(uncounted.failed.length ? { failed: uncounted.failed } : {}),
  };
  // The finish condition waits until every finished pod has been counted.
  const write: StatusWrite = { key, release: [...uncounted.succeeded, ...uncounted.failed] };
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
