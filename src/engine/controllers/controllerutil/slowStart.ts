/**
 * slowStartBatch (pkg/controller/controller_utils.go's SlowStartInitialBatchSize and the loops
 * the ReplicaSet, Job and DaemonSet controllers build on it): `count` calls in batches of 1, 2,
 * 4, ... that wait for each batch and stop at the first batch with a failure, so a quota that
 * refuses the first pod does not get hundreds more requests (nor hundreds of events).
 */

/** SlowStartInitialBatchSize. */
export const SLOW_START_BATCH_INITIAL_SIZE = 1;

/**
 * Calls `fn(batchSize)` until `count` calls were made or a batch returned an error; `fn` returns
 * one error (or undefined) per call. Returns the successes and the first error; `count - successes`
 * calls failed or were never tried.
 */
export function slowStartBatch(
  count: number,
  initialBatchSize: number,
  fn: (batchSize: number) => (string | undefined)[],
): { successes: number; error?: string } {
  let remaining = count;
  let successes = 0;
  for (
    let batch = Math.min(remaining, initialBatchSize);
    batch > 0;
    batch = Math.min(2 * batch, remaining)
  ) {
    const errors = fn(batch).filter((e): e is string => e !== undefined);
    successes += batch - errors.length;
    remaining -= batch;
    if (errors.length) return { successes, error: errors[0]! };
  }
  return { successes };
}
