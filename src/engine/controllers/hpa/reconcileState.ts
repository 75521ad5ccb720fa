/**
 * The plain-data state of reconcileAutoscaler's request chain, and the small helpers every stage
 * shares (the HPA's spec, the virtual wall clock in seconds, setting a condition, the scale
 * history). Kept apart so each stage file depends on this one and not on each other.
 */
import type { KubeObject } from '../../api/objects.ts';
import { RESOURCES, type ResourceInfo } from '../../api/resources.ts';
import type { ControllerKit } from '../framework.ts';
import type { MetricSpec } from './computeMetrics.ts';
import type { Behavior, ScaleHistory } from './normalize.ts';
import { setCondition, type HpaStatus, type MetricStatus } from './status.ts';

/** --horizontal-pod-autoscaler-cpu-initialization-period and --...-initial-readiness-delay. */
export const CPU_INITIALIZATION_PERIOD_SECONDS = 5 * 60;
export const DELAY_OF_INITIAL_READINESS_STATUS_SECONDS = 30;

export const HPA_RESOURCE = 'horizontalpodautoscalers.autoscaling';

export interface HpaSpec {
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

export const specOf = (hpa: KubeObject): HpaSpec => hpa.spec as HpaSpec;
export const nowSeconds = (kit: ControllerKit): number =>
  kit.settings.startSeconds + kit.ctx.now / 1000;

export function condition(
  kit: ControllerKit,
  r: Reconcile,
  type: 'AbleToScale' | 'ScalingActive' | 'ScalingLimited',
  status: 'True' | 'False',
  reason: string,
  message: string,
): void {
  setCondition(r.hpa, type, status, reason, message, nowSeconds(kit));
}

export function history(state: HpaControllerState, key: string): ScaleHistory {
  return (state.history[key] ??= { recommendations: [], scaleUpEvents: [], scaleDownEvents: [] });
}

/** The RESTMapper's answer for scaleTargetRef: the resource serving that group and kind. */
export function targetResource(ref: HpaSpec['scaleTargetRef']): ResourceInfo | { error: string } {
  const apiVersion = ref.apiVersion ?? '';
  const parts = apiVersion.split('/');
  if (parts.length > 2) return { error: `unexpected GroupVersion string: ${apiVersion}` };
  const group = parts.length === 2 ? (parts[0] ?? '') : '';
  const info = RESOURCES.find((r) => r.group === group && r.kind === ref.kind);
  return info ?? { error: `no matches for kind "${ref.kind}" in group "${group}"` };
}
