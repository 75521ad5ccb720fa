/**
 * Pod readiness and availability as pkg/api/v1/pod and pkg/controller read them (v1.30):
 * IsPodReady, IsPodAvailable (Ready for longer than minReadySeconds), IsPodActive.
 */
import { parseRfc3339 } from '../../../shared/index.ts';
import type { KubeObject } from '../../api/objects.ts';

interface PodCondition {
  type: string;
  status: string;
  lastTransitionTime?: string;
}

export interface PodView {
  phase?: string;
  nodeName?: string;
  conditions: PodCondition[];
  restarts: number[];
}

function statusOf(pod: KubeObject): Record<string, unknown> {
  return (pod.status ?? {}) as Record<string, unknown>;
}

export function podPhase(pod: KubeObject): string {
  return (statusOf(pod).phase as string | undefined) ?? '';
}

export function podNodeName(pod: KubeObject): string {
  return ((pod.spec ?? {}) as { nodeName?: string }).nodeName ?? '';
}

/** GetPodReadyCondition. */
export function getPodReadyCondition(pod: KubeObject): PodCondition | undefined {
  const conditions = (pod.status as { conditions?: PodCondition[] } | undefined)?.conditions;
  if (!conditions) return undefined;
  for (const c of conditions) if (c.type === 'Ready') return c;
  return undefined;
}

/** IsPodReady: the Ready condition is True. */
export function isPodReady(pod: KubeObject): boolean {
  return getPodReadyCondition(pod)?.status === 'True';
}

/** When the pod last became Ready, in epoch seconds; undefined when not ready or unset (IsZero). */
export function podReadyTime(pod: KubeObject): number | undefined {
  if (!isPodReady(pod)) return undefined;
  const t = getPodReadyCondition(pod)?.lastTransitionTime;
  return t ? parseRfc3339(t) : undefined;
}

/**
 * IsPodAvailable: ready, and (minReadySeconds is 0 or the Ready transition plus minReadySeconds is
 * strictly before now). A zero lastTransitionTime never counts as available when minReadySeconds > 0.
 */
export function isPodAvailable(
  pod: KubeObject,
  minReadySeconds: number,
  nowSeconds: number,
): boolean {
  const ready = getPodReadyCondition(pod);
  if (ready?.status !== 'True') return false;
  if (minReadySeconds === 0) return true;
  const t = ready.lastTransitionTime;
  const since = t ? parseRfc3339(t) : undefined;
  return since !== undefined && since + minReadySeconds < nowSeconds;
}

/** IsPodActive: not Succeeded, not Failed, not being deleted. */
export function isPodActive(pod: KubeObject): boolean {
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata.deletionTimestamp;
}

/** FilterActivePods. */
export function filterActivePods(pods: readonly KubeObject[]): KubeObject[] {
  return pods.filter(isPodActive);
}

/** The highest restartCount among the pod's containers (maxContainerRestarts). */
export function maxContainerRestarts(pod: KubeObject): number {
  const statuses = (statusOf(pod).containerStatuses ?? []) as { restartCount?: number }[];
  return statuses.reduce((m, c) => Math.max(m, c.restartCount ?? 0), 0);
}
