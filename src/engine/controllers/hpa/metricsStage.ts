/**
 * Stage 3 of reconcileAutoscaler: turn the metrics reply (or its absence when no resource
 * metric is configured) into a desired replica count, then normalize it against min/max and the
 * scaling behavior. Separate from the scale stages because it is the whole replica computation.
 */
import { isSuccess, Lister, type ClientResponse } from '../../client/index.ts';
import { parseLabelSelector } from '../../api/labels.ts';
import type { ControllerKit } from '../framework.ts';
import { computeReplicasForMetrics, type MetricsFetch } from './computeMetrics.ts';
import { normalizeDesiredReplicas, normalizeDesiredReplicasWithBehaviors } from './normalize.ts';
import {
  CPU_INITIALIZATION_PERIOD_SECONDS,
  DELAY_OF_INITIAL_READINESS_STATUS_SECONDS,
  condition,
  history,
  nowSeconds,
  specOf,
  type HpaControllerState,
  type Reconcile,
} from './reconcileState.ts';
import { errorText } from './requests.ts';
import { decided } from './rescale.ts';
import { setStatus, statusOf } from './status.ts';
import { updateStatusIfNeeded } from './writeStatus.ts';

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
