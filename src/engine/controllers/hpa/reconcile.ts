/**
 * reconcileAutoscaler (horizontal.go) as a chain of requests: GET the target's scale, GET the
 * pods' metrics from metrics.k8s.io, compute and normalize the desired count, PUT the scale if it
 * changes, then PUT the HPA's status if it changed. Each stage runs when the previous reply comes
 * back; the chain's state is plain data in `inflight[key]`. This file holds the first two stages
 * (starting the chain, the scale reply); the later stages live in metricsStage.ts, rescale.ts and
 * writeStatus.ts, and are re-exported here so the controller sees one entry point.
 */
import { deepCopy } from '../../../shared/index.ts';
import type { KubeObject } from '../../api/objects.ts';
import { groupResource } from '../../api/resources.ts';
import { isSuccess, sendRequest, type ClientResponse } from '../../client/index.ts';
import type { ControllerKit } from '../framework.ts';
import { needsResourceMetrics } from './computeMetrics.ts';
import { onMetrics } from './metricsStage.ts';
import { recordInitialRecommendation } from './normalize.ts';
import {
  condition,
  history,
  nowSeconds,
  specOf,
  targetResource,
  type HpaControllerState,
  type Reconcile,
} from './reconcileState.ts';
import { decided } from './rescale.ts';
import { errorText, sendGetPath } from './requests.ts';
import { validateAndParseSelector } from './selector.ts';
import { setStatus, statusOf } from './status.ts';
import { updateStatusIfNeeded } from './writeStatus.ts';

export function startReconcile(
  state: HpaControllerState,
  key: string,
  shared: KubeObject,
  kit: ControllerKit,
): void {
  const hpa = deepCopy(shared);
  const spec = specOf(hpa);
  const r: Reconcile = {
    hpa,
    original: deepCopy(statusOf(hpa)),
    stage: 'scale',
    request: '',
    reference: `${spec.scaleTargetRef.kind}/${hpa.metadata.namespace ?? ''}/${spec.scaleTargetRef.name}`,
    currentReplicas: 0,
    desiredReplicas: 0,
    rescaleReason: '',
  };
  state.inflight[key] = r;
  const info = targetResource(spec.scaleTargetRef);
  if ('error' in info) return failedGetScale(state, key, r, info.error, kit);
  r.target = groupResource(info);
  r.request = sendRequest(
    kit.client,
    kit.ctx,
    {
      verb: 'get',
      resource: info,
      namespace: hpa.metadata.namespace,
      name: spec.scaleTargetRef.name,
      subresource: 'scale',
    },
    { tag: kit.tag('scale'), data: key },
  );
}

function failedGetScale(
  state: HpaControllerState,
  key: string,
  r: Reconcile,
  message: string,
  kit: ControllerKit,
): void {
  kit.event(r.hpa, 'Warning', 'FailedGetScale', message);
  condition(
    kit,
    r,
    'AbleToScale',
    'False',
    'FailedGetScale',
    `the HPA controller was unable to get the target's current scale: ${message}`,
  );
  updateStatusIfNeeded(state, key, r, kit);
}

/** Stage 2: the scale arrived. Decide whether metrics are needed, or what to do without them. */
export function onScale(
  state: HpaControllerState,
  key: string,
  r: Reconcile,
  res: ClientResponse,
  kit: ControllerKit,
): void {
  if (!isSuccess(res))
    return failedGetScale(state, key, r, errorText(res, 'get', `${r.target}`), kit);
  const scale = res.body as KubeObject;
  r.scale = scale;
  condition(
    kit,
    r,
    'AbleToScale',
    'True',
    'SucceededGetScale',
    "the HPA controller was able to get the target's current scale",
  );
  const spec = specOf(r.hpa);
  const current = (scale.spec as { replicas?: number } | undefined)?.replicas ?? 0;
  r.currentReplicas = current;
  recordInitialRecommendation(history(state, key), current, kit.ctx.now);
  const minReplicas = spec.minReplicas ?? 1;
  if (current === 0 && minReplicas !== 0) {
    condition(
      kit,
      r,
      'ScalingActive',
      'False',
      'ScalingDisabled',
      'scaling is disabled since the replica count of the target is zero',
    );
    return decided(state, key, r, 0, false, kit);
  }
  if (current > spec.maxReplicas) {
    r.rescaleReason = 'Current number of replicas above Spec.MaxReplicas';
    return decided(state, key, r, spec.maxReplicas, true, kit);
  }
  if (current < minReplicas) {
    r.rescaleReason = 'Current number of replicas below Spec.MinReplicas';
    return decided(state, key, r, minReplicas, true, kit);
  }
  const selector = validateAndParseSelector(state, key, r, kit);
  if (!selector) {
    setStatus(r.hpa, current, statusOf(r.hpa).desiredReplicas, undefined, false, nowSeconds(kit));
    return updateStatusIfNeeded(state, key, r, kit);
  }
  const metrics = spec.metrics ?? [];
  if (!needsResourceMetrics(metrics)) return onMetrics(state, key, r, undefined, kit);
  r.stage = 'metrics';
  const ns = r.hpa.metadata.namespace ?? '';
  r.request = sendGetPath(
    kit.client,
    kit.ctx,
    `/apis/metrics.k8s.io/v1beta1/namespaces/${ns}/pods`,
    { labelSelector: r.selector ?? '' },
    kit.tag('metrics'),
    key,
  );
  kit.setTimer(kit.client.timeoutMs, 'metricsTimeout', { key, request: r.request });
}

export {
  CPU_INITIALIZATION_PERIOD_SECONDS,
  DELAY_OF_INITIAL_READINESS_STATUS_SECONDS,
  HPA_RESOURCE,
  type HpaControllerState,
  type Reconcile,
} from './reconcileState.ts';
export { onMetrics } from './metricsStage.ts';
export { onRescale } from './rescale.ts';
export { addRateLimited, finish, onStatus } from './writeStatus.ts';
