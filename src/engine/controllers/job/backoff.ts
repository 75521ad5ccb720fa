/**
 * The delay before a Job replaces failed pods (backoffRecord): 10 s after the first failure since
 * the last success, doubling with each further failure, at most 6 minutes.
 */
export const DEFAULT_JOB_POD_FAILURE_BACKOFF_MS = 10_000;
export const MAX_JOB_POD_FAILURE_BACKOFF_MS = 6 * 60_000;

export interface BackoffRecord {
  failuresAfterLastSuccess: number;
  /** Virtual ms of the last failure seen. */
  lastFailureTime: number;
}

export function updateBackoff(
  r: BackoffRecord,
  newSucceeded: number,
  newFailed: number,
  now: number,
): void {
  if (newSucceeded > 0) r.failuresAfterLastSuccess = 0;
  if (newFailed > 0) {
    r.failuresAfterLastSuccess += newFailed;
    r.lastFailureTime = now;
  }
}

/** getRemainingTime: how long new pods must still wait; 0 once the back-off has passed. */
export function remainingBackoff(r: BackoffRecord, now: number): number {
  if (r.failuresAfterLastSuccess === 0) return 0;
  const exp = Math.min(r.failuresAfterLastSuccess - 1, 30);
  const backoff = Math.min(
    DEFAULT_JOB_POD_FAILURE_BACKOFF_MS * 2 ** exp,
    MAX_JOB_POD_FAILURE_BACKOFF_MS,
  );
  return Math.max(0, backoff - (now - r.lastFailureTime));
}
