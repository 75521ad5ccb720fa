/**
 * What one sync makes of a Job's pods before it acts: the counts flushed from
 * uncountedTerminatedPods (uids whose finalizer is gone are counted for good), the newly finished
 * pods still holding the finalizer, the back-off record after them, the active pods, and whether
 * the Job is past its back-off limit or deadline. Pure in what it is given, so a sync that waits
 * on API calls reads it once from its journal.
 */
import { deepCopy, formatRfc3339, parseRfc3339 } from '../../../shared/index.ts';
import type { KubeObject } from '../../api/objects.ts';
import { newBackoffRecord, type BackoffRecord } from './backoff.ts';
import type { JobSpec, JobStatus } from './jobState.ts';
import { isPodFailed } from './ownedPods.ts';
import { hasTrackingFinalizer, isFinished, pastBackoffLimitOnFailure, phaseOf } from './pods.ts';

export type Finish = [type: string, reason: string, message: string];

export interface Tally {
  status: JobStatus;
  uncounted: { succeeded: string[]; failed: string[] };
  succeeded: number;
  failed: number;
  active: KubeObject[];
  terminating: number;
  record: BackoffRecord;
  finish?: Finish;
  /** ms until activeDeadlineSeconds runs out, when it is set and not yet past. */
  deadlineInMs?: number;
}

export function tallyJob(
  job: KubeObject,
  pods: readonly KubeObject[],
  oldRecord: BackoffRecord | undefined,
  decided: Finish | undefined,
  nowSeconds: number,
): Tally {
  const spec = job.spec as JobSpec;
  const status: JobStatus = deepCopy((job.status ?? {}) as JobStatus);
  const byUid = new Map(pods.map((p) => [p.metadata.uid ?? '', p]));
  const stillHeld = (uid: string) => {
    const p = byUid.get(uid);
    return !!p && hasTrackingFinalizer(p);
  };
  const before = status.uncountedTerminatedPods ?? {};
  const uncounted = {
    succeeded: (before.succeeded ?? []).filter(stillHeld),
    failed: (before.failed ?? []).filter(stillHeld),
  };
  status.succeeded =
    (status.succeeded ?? 0) + (before.succeeded ?? []).filter((u) => !stillHeld(u)).length;
  status.failed = (status.failed ?? 0) + (before.failed ?? []).filter((u) => !stillHeld(u)).length;

  const newSucceeded: KubeObject[] = [];
  const newFailed: KubeObject[] = [];
  for (const pod of pods) {
    const uid = pod.metadata.uid ?? '';
    if (
      !hasTrackingFinalizer(pod) ||
      uncounted.succeeded.includes(uid) ||
      uncounted.failed.includes(uid)
    )
      continue;
    if (phaseOf(pod) === 'Succeeded') newSucceeded.push(pod);
    else if (isPodFailed(pod)) newFailed.push(pod);
  }
  uncounted.succeeded.push(...newSucceeded.map((p) => p.metadata.uid ?? ''));
  uncounted.failed.push(...newFailed.map((p) => p.metadata.uid ?? ''));
  const record = newBackoffRecord(oldRecord, newSucceeded, newFailed);

  const succeeded = status.succeeded + uncounted.succeeded.length;
  const failed = status.failed + uncounted.failed.length;
  const active = pods.filter((p) => !isFinished(p) && !p.metadata.deletionTimestamp);
  const terminating = pods.filter((p) => p.metadata.deletionTimestamp && !isFinished(p)).length;
  status.startTime ??= formatRfc3339(nowSeconds);

  const tally: Tally = { status, uncounted, succeeded, failed, active, terminating, record };
  const backoffLimit = spec.backoffLimit ?? 6;
  const started = parseRfc3339(status.startTime) ?? 0;
  if (decided) tally.finish = decided;
  else if (failed > backoffLimit || pastBackoffLimitOnFailure(job, pods, backoffLimit))
    tally.finish = [
      'Failed',
      'BackoffLimitExceeded',
      'Job has reached the specified backoff limit',
    ];
  else if (spec.activeDeadlineSeconds !== undefined && !spec.suspend) {
    const left = (started + spec.activeDeadlineSeconds - nowSeconds) * 1000;
    if (left <= 0)
      tally.finish = [
        'Failed',
        'DeadlineExceeded',
        'Job was active longer than specified deadline',
      ];
    else tally.deadlineInMs = left;
  }
  return tally;
}
