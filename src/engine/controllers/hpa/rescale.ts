/**
 * The scaling decision's effect: PUT the target's scale subresource when the desired count
 * differs, and handle its reply (SuccessfulRescale / FailedRescale, the scale-event history).
 * Both the early decisions of the scale stage and the metrics stage end here.
 */
import { deepCopy } from '../../../shared/index.ts';
import type { ResourceInfo } from '../../api/resources.ts';
import { isSuccess, sendRequest, type ClientResponse } from '../../client/index.ts';
import type { ControllerKit } from '../framework.ts';
import { storeScaleEvent } from './normalize.ts';
import {
  condition,
  history,
  nowSeconds,
  specOf,
  targetResource,
  type HpaControllerState,
  type Reconcile,
} from './reconcileState.ts';
import { errorText } from './requests.ts';
import { setStatus, statusOf } from './status.ts';
import { updateStatusIfNeeded } from './writeStatus.ts';

/** The decision is made: PUT the scale if it changes, else record the status. */
export function decided(
  state: HpaControllerState,
  key: string,
  r: Reconcile,
  desired: number,
  rescale: boolean,
  kit: ControllerKit,
): void {
  r.desiredReplicas = desired;
  if (!rescale) {
    setStatus(
      r.hpa,
      r.currentReplicas,
      r.currentReplicas,
      r.metricStatuses,
      false,
      nowSeconds(kit),
    );
    return updateStatusIfNeeded(state, key, r, kit);
  }
  const scale = deepCopy(r.scale!);
  scale.spec = { ...((scale.spec ?? {}) as object), replicas: desired };
  const info = targetResource(specOf(r.hpa).scaleTargetRef) as ResourceInfo;
  r.stage = 'rescale';
  r.request = sendRequest(
    kit.client,
    kit.ctx,
    {
      verb: 'update',
      resource: info,
      namespace: r.hpa.metadata.namespace,
      name: scale.metadata.name,
      subresource: 'scale',
      body: scale,
    },
    { tag: kit.tag('rescale'), data: key },
  );
}

/** Stage 4: the scale update's reply. */
export function onRescale(
  state: HpaControllerState,
  key: string,
  r: Reconcile,
  res: ClientResponse,
  kit: ControllerKit,
): void {
  const desired = r.desiredReplicas;
  if (!isSuccess(res)) {
    const err = errorText(res, 'put', `${r.target}`);
    kit.event(
      r.hpa,
      'Warning',
      'FailedRescale',
      `New size: ${desired}; reason: ${r.rescaleReason}; error: ${err}`,
    );
    condition(
      kit,
      r,
      'AbleToScale',
      'False',
      'FailedUpdateScale',
      `the HPA controller was unable to update the target scale: ${err}`,
    );
    setStatus(
      r.hpa,
      r.currentReplicas,
      statusOf(r.hpa).desiredReplicas,
      r.metricStatuses,
      false,
      nowSeconds(kit),
    );
    return updateStatusIfNeeded(state, key, r, kit);
  }
  condition(
    kit,
    r,
    'AbleToScale',
    'True',
    'SucceededRescale',
    `the HPA controller was able to update the target scale to ${desired}`,
  );
  kit.event(
    r.hpa,
    'Normal',
    'SuccessfulRescale',
    `New size: ${desired}; reason: ${r.rescaleReason}`,
  );
  storeScaleEvent(
    history(state, key),
    specOf(r.hpa).behavior,
    r.currentReplicas,
    desired,
    kit.ctx.now,
  );
  setStatus(r.hpa, r.currentReplicas, desired, r.metricStatuses, true, nowSeconds(kit));
  updateStatusIfNeeded(state, key, r, kit);
}
