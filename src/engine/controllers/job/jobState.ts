/**
 * The Job controller's plain-data state and the shapes of the Job fields it reads and writes.
 * Shared by the sync, the pod management and the response handling, so it sits on its own.
 */
import type { SyncOps } from '../controllerutil/index.ts';
import type { Expectations } from '../daemonset/expectations.ts';
import type { BackoffRecord } from './backoff.ts';

export const JOBS = 'jobs.batch';

export interface JobControllerState {
  expectations: Record<string, Expectations>;
  /** Syncs waiting on API replies (the claim's patches, the slow-start creates): syncRun.ts. */
  ops: SyncOps;
  backoff: Record<string, BackoffRecord>;
  /**
   * Status writes not yet seen by the informer: 0 while in flight, then the resourceVersion
   * written. Until the cache has it, a sync would act on a stale Job (and conflict).
   */
  writing: Record<string, number>;
  /** A finish decided while pods were still uncounted: written once they are (one sync, in the real controller). */
  finishing: Record<string, [string, string, string]>;
}

export interface JobCondition {
  type: string;
  status: string;
  lastProbeTime: string;
  lastTransitionTime: string;
  reason?: string;
  message?: string;
}

export interface JobStatus {
  conditions?: JobCondition[];
  startTime?: string;
  completionTime?: string;
  active?: number;
  succeeded?: number;
  failed?: number;
  terminating?: number;
  ready?: number;
  uncountedTerminatedPods?: { succeeded?: string[]; failed?: string[] };
}

export interface JobSpec {
  manualSelector?: boolean;
  parallelism?: number;
  completions?: number | null;
  backoffLimit?: number;
  activeDeadlineSeconds?: number;
  suspend?: boolean;
}

export interface StatusWrite {
  key: string;
  /** Pods whose finalizer comes off once the status holding their uids is stored. */
  release: string[];
  /** The finish event to record once the condition is stored: [type, reason, message]. */
  finished?: [string, string, string];
  /** The back-off record after this sync's newly finished pods, kept once the status is stored. */
  backoff: BackoffRecord;
}
