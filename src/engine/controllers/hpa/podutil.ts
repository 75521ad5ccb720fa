/** The few pod facts the HPA reads (podutil.IsPodReady, GetPodCondition, requests). */
import type { KubeObject } from '../../api/objects.ts';
import { parseRfc3339 } from '../../../shared/index.ts';

export interface PodCondition {
  type: string;
  status: string;
  lastTransitionTime?: string;
}

interface PodStatusView {
  phase?: string;
  startTime?: string;
  conditions?: PodCondition[];
}

export interface ContainerView {
  name: string;
  restartPolicy?: string;
  resources?: { requests?: Record<string, string | number> };
}

export function podStatus(pod: KubeObject): PodStatusView {
  return (pod.status ?? {}) as PodStatusView;
}

export function podPhase(pod: KubeObject): string {
  return podStatus(pod).phase ?? '';
}

export function readyCondition(pod: KubeObject): PodCondition | undefined {
  return podStatus(pod).conditions?.find((c) => c.type === 'Ready');
}

export function isPodReady(pod: KubeObject): boolean {
  return readyCondition(pod)?.status === 'True';
}

export function startTimeSeconds(pod: KubeObject): number | undefined {
  const t = podStatus(pod).startTime;
  return t ? parseRfc3339(t) : undefined;
}

/** Regular containers and restartable (sidecar) init containers: what requests count for. */
export function requestContainers(pod: KubeObject): ContainerView[] {
  const spec = (pod.spec ?? {}) as {
    containers?: ContainerView[];
    initContainers?: ContainerView[];
  };
  return [
    ...(spec.containers ?? []),
    ...(spec.initContainers ?? []).filter((c) => c.restartPolicy === 'Always'),
  ];
}
