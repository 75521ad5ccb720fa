export { jobController, type JobControllerState } from './controller.ts';
export { JOB_TRACKING_FINALIZER } from './pods.ts';
export { DEFAULT_JOB_POD_FAILURE_BACKOFF_MS, MAX_JOB_POD_FAILURE_BACKOFF_MS } from './backoff.ts';
