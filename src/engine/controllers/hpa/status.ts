/** The HPA's status as the controller writes it: conditions (setConditionInList) and setStatus. */
import { formatRfc3339 } from '../../../shared/index.ts';
import type { KubeObject } from '../../api/objects.ts';

export interface HpaCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastTransitionTime?: string;
  reason: string;
  message: string;
}

export interface MetricStatus {
  type: string;
  [field: string]: unknown;
}

export interface HpaStatus {
  currentReplicas?: number;
  desiredReplicas: number;
  lastScaleTime?: string;
  currentMetrics?: MetricStatus[];
  conditions?: HpaCondition[];
}

export function statusOf(hpa: KubeObject): HpaStatus {
  hpa.status ??= { desiredReplicas: 0 };
  return hpa.status as HpaStatus;
}

/** setCondition: adds or updates one type; lastTransitionTime moves only when the status flips. */
export function setCondition(
  hpa: KubeObject,
  type: 'AbleToScale' | 'ScalingActive' | 'ScalingLimited',
  status: 'True' | 'False',
  reason: string,
  message: string,
  nowSeconds: number,
): void {
  const s = statusOf(hpa);
  const list = (s.conditions ??= []);
  let existing = list.find((c) => c.type === type);
  if (!existing) {
    existing = { type, status: 'Unknown', reason: '', message: '' };
    list.push(existing);
  }
  if (existing.status !== status) existing.lastTransitionTime = formatRfc3339(nowSeconds);
  existing.status = status;
  existing.reason = reason;
  existing.message = message;
}

/** setStatus: a fresh status keeping lastScaleTime and conditions; a rescale stamps lastScaleTime. */
export function setStatus(
  hpa: KubeObject,
  currentReplicas: number,
  desiredReplicas: number,
  metricStatuses: MetricStatus[] | undefined,
  rescale: boolean,
  nowSeconds: number,
): void {
  const old = statusOf(hpa);
  const next: HpaStatus = { desiredReplicas };
  // currentReplicas is omitempty in autoscaling/v2.
  if (currentReplicas) next.currentReplicas = currentReplicas;
  const lastScaleTime = rescale ? formatRfc3339(nowSeconds) : old.lastScaleTime;
  if (lastScaleTime) next.lastScaleTime = lastScaleTime;
  if (metricStatuses?.length) next.currentMetrics = metricStatuses;
  if (old.conditions) next.conditions = old.conditions;
  hpa.status = next;
}
