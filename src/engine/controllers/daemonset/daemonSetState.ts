/**
 * The DaemonSet controller's plain-data state, the spec fields it reads, and the virtual wall
 * clock in seconds: shared by the sync, the rolling update and the status write.
 */
import type { ControllerKit } from '../framework.ts';
import type { SyncOps } from '../controllerutil/index.ts';
import type { Expectations } from './expectations.ts';
import type { FailedPodsBackoff } from './failedPodsBackoff.ts';

export const DAEMONSETS = 'daemonsets.apps';

export interface DaemonSetControllerState {
  expectations: Record<string, Expectations>;
  /** Syncs waiting on the claim's API calls (syncRun.ts). */
  ops: SyncOps;
  failedPodsBackoff: FailedPodsBackoff;
}

export interface DaemonSetSpecView {
  minReadySeconds?: number;
  updateStrategy?: { type?: string; rollingUpdate?: { maxUnavailable?: number | string } };
}

export function nowSeconds(kit: ControllerKit): number {
  return kit.settings.startSeconds + kit.ctx.now / 1000;
}
