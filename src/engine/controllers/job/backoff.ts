/**
 * The delay before a Job replaces failed pods (backoffRecord, backoff_utils.go): 10 s after the
 * first failure since the last success, doubling with each further failure, at most 6 minutes.
 * Failures and successes are placed in time by when the pods finished (getFinishedTime), not by
 * when the controller noticed: a failure seen late has already served part of its back-off.
 */
import { parseRfc3339 } from '../../../shared/index.ts';
import type { KubeObject } from '../../api/objects.ts';

export const DEFAULT_JOB_POD_FAILURE_BACKOFF_MS = 10_000;
export const MAX_JOB_POD_FAILURE_BACKOFF_MS = 6 * 60_000;

export interface BackoffRecord {
  failuresAfterLastSuccess: number;
  /** Epoch seconds the last counted failure finished; undefined after a success. */
  lastFailureTime?: number;
}

interface TerminatedState {
  finishedAt?: string;
}
interface ContainerStatusView {
  state?: { terminated?: TerminatedState };
}
interface PodStatusView {
  containerStatuses?: ContainerStatusView[];
  conditions?: { type: string; status: string; lastTransitionTime?: string }[];
}

/** The latest finishedAt when every container has terminated with one; else undefined. */
function finishTimeFromContainers(status: PodStatusView): number | undefined {
  let latest: number | undefined;
  for (const c of status.containerStatuses ?? []) {
    const at = c.state?.terminated?.finishedAt;
    const t = at ? parseRfc3339(at) : undefined;
    if (t === undefined) return undefined;
    if (latest === undefined || t > latest) latest = t;
  }
  return latest;
}

/**
 * getFinishedTime in epoch seconds: the containers' last finish, else the Ready=False transition
 * (the kubelet sets it as the pod turns terminal), else the deletion time less its grace period,
 * else the creation time.
 */
export function getFinishedTime(pod: KubeObject): number {
  const status = (pod.status ?? {}) as PodStatusView;
  const fromContainers = finishTimeFromContainers(status);
  if (fromContainers !== undefined) return fromContainers;
  const ready = status.conditions?.find((c) => c.type === 'Ready');
  const readyFalse =
    ready?.status === 'False' && ready.lastTransitionTime
      ? parseRfc3339(ready.lastTransitionTime)
      : undefined;
  if (readyFalse !== undefined) return readyFalse;
  const deleted = pod.metadata.deletionTimestamp
    ? parseRfc3339(pod.metadata.deletionTimestamp)
    : undefined;
  if (deleted !== undefined) return deleted - (pod.metadata.deletionGracePeriodSeconds ?? 0);
  return parseRfc3339(pod.metadata.creationTimestamp ?? '') ?? 0;
}

/**
 * newBackoffRecord: the record after the newly finished pods. With no new success, failures add
 * up and the last one sets the time; with one, only the failures after the last success count.
 */
export function newBackoffRecord(
  old: BackoffRecord | undefined,
  newSucceeded: readonly KubeObject[],
  newFailed: readonly KubeObject[],
): BackoffRecord {
  const record: BackoffRecord = { failuresAfterLastSuccess: old?.failuresAfterLastSuccess ?? 0 };
  if (old?.lastFailureTime !== undefined) record.lastFailureTime = old.lastFailureTime;
  const failedTimes = newFailed.map(getFinishedTime).sort((a, b) => a - b);
  if (newSucceeded.length === 0) {
    if (failedTimes.length === 0) return record;
    record.failuresAfterLastSuccess += failedTimes.length;
    record.lastFailureTime = failedTimes[failedTimes.length - 1]!;
    return record;
  }
  const lastSuccess = Math.max(...newSucceeded.map(getFinishedTime));
  const after = failedTimes.filter((t) => t > lastSuccess);
  const reset: BackoffRecord = { failuresAfterLastSuccess: after.length };
  if (after.length) reset.lastFailureTime = after[after.length - 1]!;
  return reset;
}

/** getRemainingTime: how long new pods must still wait (ms); 0 once the back-off has passed. */
export function remainingBackoff(r: BackoffRecord, nowSeconds: number): number {
  if (r.failuresAfterLastSuccess === 0 || r.lastFailureTime === undefined) return 0;
  let backoff = DEFAULT_JOB_POD_FAILURE_BACKOFF_MS;
  for (let i = 1; i < r.failuresAfterLastSuccess; i++) {
    backoff *= 2;
    if (backoff >= MAX_JOB_POD_FAILURE_BACKOFF_MS) {
      backoff = MAX_JOB_POD_FAILURE_BACKOFF_MS;
      break;
    }
  }
  const elapsed = (nowSeconds - r.lastFailureTime) * 1000;
  return backoff < elapsed ? 0 : backoff - elapsed;
}
