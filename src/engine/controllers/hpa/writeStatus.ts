/**
 * The end of every reconcile: write the HPA's status only if it changed, then requeue the key
 * after the sync period. Every stage can end the chain early, so this is the shared tail.
 */
import { deepEqual } from '../../../shared/index.ts';
import { WorkQueue, isSuccess, sendUpdateStatus, type ClientResponse } from '../../client/index.ts';
import type { ControllerKit } from '../framework.ts';
import { HPA_RESOURCE, type HpaControllerState, type Reconcile } from './reconcileState.ts';
import { errorText } from './requests.ts';

/** updateStatusIfNeeded: PUT the status only if it differs from what the sync started with. */
export function updateStatusIfNeeded(
  state: HpaControllerState,
  key: string,
  r: Reconcile,
  kit: ControllerKit,
): void {
  if (deepEqual(r.original, r.hpa.status)) return finish(state, key, kit);
  r.stage = 'status';
  r.request = sendUpdateStatus(kit.client, kit.ctx, HPA_RESOURCE, r.hpa, {
    tag: kit.tag('status'),
    data: key,
  });
}

export function onStatus(
  state: HpaControllerState,
  key: string,
  r: Reconcile,
  res: ClientResponse,
  kit: ControllerKit,
): void {
  if (!isSuccess(res))
    kit.event(r.hpa, 'Warning', 'FailedUpdateStatus', errorText(res, 'put', HPA_RESOURCE));
  finish(state, key, kit);
}

/** The reconcile is over: the key comes back after the sync period (the HPA's fixed-interval rate limiter). */
export function finish(state: HpaControllerState, key: string, kit: ControllerKit): void {
  delete state.inflight[key];
  addRateLimited(kit, key);
}

/**
 * AddRateLimited with NewDefaultHPARateLimiter: every add waits the sync period, and an add while
 * one already waits is dropped (the earlier one wins), so each HPA syncs once per period.
 */
export function addRateLimited(kit: ControllerKit, key: string): void {
  WorkQueue.addAfter(kit.queue, key, kit.settings.hpaSyncPeriodMs, kit.ctx);
}
