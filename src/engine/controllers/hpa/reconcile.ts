/**
 * reconcileAutoscaler (horizontal.go) as a chain of requests: GET the target's scale, GET the
 * pods' metrics from metrics.k8s.io, compute and normalize the desired count, PUT the scale if it
 * changes, then PUT the HPA's status if it changed. Each stage runs when the previous reply comes
 * back; the chain's state is plain data in `inflight[key]`.
 */
import { deepCopy, deepEqual } from '../../../shared/index.ts';
import type { KubeObject } from '../../api/objects.ts';
import { parseLabelSelector, matchesLabels, type LabelSelector } from '../../api/labels.ts';
import { RESOURCES, groupResource, type ResourceInfo } from '../../api/resources.ts';
import {
  Lister,
  WorkQueue,
  isSuccess,
  sendRequest,
  sendUpdateStatus,
  type ClientResponse,
} from '../../client/index.ts';
import type { ControllerKit } from '../framework.ts';
import {
  computeReplicasForMetrics,
  needsResourceMetrics,
  type MetricSpec,
  type MetricsFetch,
} from './computeMetrics.ts';
import {
  normalizeDesiredReplicas,
  normalizeDesiredReplicasWithBehaviors,
  recordInitialRecommendation,
  storeScaleEvent,
  type Behavior,
  type ScaleHistory,
} from './normalize.ts';
import { errorText, sendGetPath } from './requests.ts';
import { setCondition, setStatus, statusOf, type HpaStatus, type MetricStatus } from './status.ts';

/** --horizontal-pod-autoscaler-cpu-initialization-period and --...-initial-readiness-delay. */
export const CPU_INITIALIZATION_PERIOD_SECONDS = 5 * 60;
export const DELAY_OF_INITIAL_READINESS_STATUS_SECONDS = 30;

export const HPA_RESOURCE = 'horizontalpodautoscalers.autoscaling';

interface HpaSpec {
  scaleTargetRef: { apiVersion?: string; kind: string; name: string };
  minReplicas?: number;
  maxReplicas: number;
  metrics?: MetricSpec[];
  behavior?: Behavior;
}

export interface Reconcile {
  hpa: KubeObject;
  original: HpaStatus;
  stage: 'scale' | 'metrics' | 'rescale' | 'status';
  /** The request whose reply the chain waits for. */
  request: string;
  reference: string;
  target?: string;
  scale?: KubeObject;
  selector?: string;
  currentReplicas: number;
  desiredReplicas: number;
  rescaleReason: string;
  metricStatuses?: MetricStatus[];
}

export interface HpaControllerState {
  history: Record<string, ScaleHistory>;
  /** hpaSelectors: each HPA's last selector (null: registered, selects nothing yet). */
  selectors: Record<string, string | null>;
  inflight: Record<string, Reconcile>;
}

const specOf = (hpa: KubeObject): HpaSpec => hpa.spec as HpaSpec;
const nowSeconds = (kit: ControllerKit): number => kit.settings.startSeconds + kit.ctx.now / 1000;

function condition(
  kit: ControllerKit,
  r: Reconcile,
  type: 'AbleToScale' | 'ScalingActive' | 'ScalingLimited',
  status: 'True' | 'False',
  reason: string,
  message: string,
): void {
  setCondition(r.hpa, type, status, reason, message, nowSeconds(kit));
}

function history(state: HpaControllerState, key: string): ScaleHistory {
  return (state.history[key] ??= { recommendations: [], scaleUpEvents: [], scaleDownEvents: [] });
}

/** The RESTMapper's answer for scaleTargetRef: the resource serving that group and kind. */
function targetResource(ref: HpaSpec['scaleTargetRef']): ResourceInfo | { error: string } {
  const apiVersion = ref.apiVersion ?? '';
  const parts = apiVersion.split('/');
  if (parts.length > 2) return { error: `unexpected GroupVersion string: ${apiVersion}` };
  const group = parts.length === 2 ? (parts[0] ?? '') : '';
  const info = RESOURCES.find((r) => r.group === group && r.kind === ref.kind);
  return info ?? { error: `no matches for kind "${ref.kind}" in group "${group}"` };
}

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

/** validateAndParseSelector, with the check that no other HPA drives the same pods. */
function validateAndParseSelector(
  state: HpaControllerState,
  key: string,
  r: Reconcile,
  kit: ControllerKit,
): LabelSelector | undefined {
  const text = ((r.scale?.status ?? {}) as { selector?: string }).selector ?? '';
  if (text === '') {
    kit.event(r.hpa, 'Warning', 'SelectorRequired', 'selector is required');
    condition(
      kit,
      r,
      'ScalingActive',
      'False',
      'InvalidSelector',
      "the HPA target's scale is missing a selector",
    );
    return undefined;
  }
  const parsed = parseLabelSelector(text);
  if (!parsed.ok) {
    const message = `couldn't convert selector into a corresponding internal selector object: ${parsed.error}`;
    kit.event(r.hpa, 'Warning', 'InvalidSelector', message);
    condition(kit, r, 'ScalingActive', 'False', 'InvalidSelector', message);
    return undefined;
  }
  if (key in state.selectors) state.selectors[key] = text;
  const ns = r.hpa.metadata.namespace ?? '';
  const pods = Lister.list(kit.informer('pods'), { namespace: ns, labelSelector: parsed.selector });
  const controlling = new Set<string>();
  for (const [other, otherText] of Object.entries(state.selectors)) {
    if (otherText === null || !other.startsWith(`${ns}/`)) continue;
    const sel = parseLabelSelector(otherText);
    if (sel.ok && pods.some((p) => matchesLabels(sel.selector, p.metadata.labels)))
      controlling.add(other);
  }
  if (controlling.size > 1) {
    const list = [...controlling].sort().join(' ');
    const message = `pods by selector ${text} are controlled by multiple HPAs: [${list}]`;
    kit.event(r.hpa, 'Warning', 'AmbiguousSelector', message);
    condition(kit, r, 'ScalingActive', 'False', 'AmbiguousSelector', message);
    return undefined;
  }
  r.selector = text;
  return parsed.selector;
}

/** Stage 3: metrics arrived (or none were needed). */
export function onMetrics(
  state: HpaControllerState,
  key: string,
  r: Reconcile,
  res: ClientResponse | undefined,
  kit: ControllerKit,
): void {
  const spec = specOf(r.hpa);
  let fetch: MetricsFetch | undefined;
  if (res)
    fetch = isSuccess(res)
      ? { list: res.body }
      : { error: errorText(res, 'get', 'pods.metrics.k8s.io') };
  const parsed = parseLabelSelector(r.selector ?? '');
  const pods = Lister.list(kit.informer('pods'), {
    namespace: r.hpa.metadata.namespace ?? '',
    ...(parsed.ok ? { labelSelector: parsed.selector } : {}),
  });
  const outcome = computeReplicasForMetrics(
    {
      namespace: r.hpa.metadata.namespace ?? '',
      specReplicas: r.currentReplicas,
      pods,
      fetch,
      config: {
        tolerance: kit.settings.hpaTolerance,
        cpuInitializationPeriod: CPU_INITIALIZATION_PERIOD_SECONDS,
        delayOfInitialReadinessStatus: DELAY_OF_INITIAL_READINESS_STATUS_SECONDS,
      },
      now: nowSeconds(kit),
    },
    spec.metrics ?? [],
  );
  for (const [reason, message] of outcome.events) kit.event(r.hpa, 'Warning', reason, message);
  const a = outcome.scalingActive;
  condition(kit, r, 'ScalingActive', a.status, a.reason, a.message);
  r.metricStatuses = outcome.statuses;
  if (outcome.replicas === -1) {
    setStatus(
      r.hpa,
      r.currentReplicas,
      statusOf(r.hpa).desiredReplicas,
      outcome.statuses,
      false,
      nowSeconds(kit),
    );
    updateStatusIfNeeded(state, key, r, kit);
    kit.event(r.hpa, 'Warning', 'FailedComputeMetricsReplicas', outcome.error ?? '');
    return;
  }
  const current = r.currentReplicas;
  let desired = 0;
  let rescaleMetric = '';
  if (outcome.replicas > desired) {
    desired = outcome.replicas;
    rescaleMetric = outcome.metric;
  }
  if (desired > current) r.rescaleReason = `${rescaleMetric} above target`;
  if (desired < current) r.rescaleReason = 'All metrics below target';
  const h = history(state, key);
  const minReplicas = spec.minReplicas ?? 1;
  const window = kit.settings.hpaDownscaleStabilizationMs;
  const n = spec.behavior
    ? normalizeDesiredReplicasWithBehaviors(
        h,
        spec.behavior,
        current,
        desired,
        minReplicas,
        spec.maxReplicas,
        window,
        kit.ctx.now,
      )
    : normalizeDesiredReplicas(
        h,
        current,
        desired,
        minReplicas,
        spec.maxReplicas,
        window,
        kit.ctx.now,
      );
  condition(kit, r, 'AbleToScale', 'True', n.ableToScale[0], n.ableToScale[1]);
  condition(
    kit,
    r,
    'ScalingLimited',
    n.limited ? 'True' : 'False',
    n.scalingLimited[0],
    n.scalingLimited[1],
  );
  decided(state, key, r, n.desiredReplicas, n.desiredReplicas !== current, kit);
}

/** The decision is made: PUT the scale if it changes, else record the status. */
function decided(
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

/** updateStatusIfNeeded: PUT the status only if it differs from what the sync started with. */
function updateStatusIfNeeded(
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
