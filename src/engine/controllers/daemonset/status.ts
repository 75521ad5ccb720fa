/** updateDaemonSetStatus: the counts `kubectl get ds` shows (DESIRED, CURRENT, READY, UP-TO-DATE, AVAILABLE). */
import type { KubeObject } from '../../api/objects.ts';
import { parseRfc3339 } from '../../../shared/index.ts';
import { CONTROLLER_REVISION_HASH, POD_TEMPLATE_GENERATION } from './podTemplate.ts';

export interface DaemonSetStatus {
  currentNumberScheduled: number;
  numberMisscheduled: number;
  desiredNumberScheduled: number;
  numberReady: number;
  observedGeneration?: number;
  updatedNumberScheduled?: number;
  numberAvailable?: number;
  numberUnavailable?: number;
  collisionCount?: number;
}

type Condition = { type: string; status: string; lastTransitionTime?: string };

function readyCondition(pod: KubeObject): Condition | undefined {
  return ((pod.status as { conditions?: Condition[] } | undefined)?.conditions ?? []).find(
    (c) => c.type === 'Ready',
  );
}

export function isPodReady(pod: KubeObject): boolean {
  return readyCondition(pod)?.status === 'True';
}

/** IsPodAvailable: ready for at least minReadySeconds. */
export function isPodAvailable(
  pod: KubeObject,
  minReadySeconds: number,
  nowSeconds: number,
): boolean {
  const c = readyCondition(pod);
  if (c?.status !== 'True') return false;
  if (minReadySeconds === 0) return true;
  const since = parseRfc3339(c.lastTransitionTime ?? '');
  return since !== undefined && since + minReadySeconds <= nowSeconds;
}

/** IsPodUpdated: the pod carries the current hash (or the current template generation). */
export function isPodUpdated(
  pod: KubeObject,
  hash: string,
  generation: number | undefined,
): boolean {
  const labels = pod.metadata.labels ?? {};
  return (
    labels[CONTROLLER_REVISION_HASH] === hash ||
    (generation !== undefined && labels[POD_TEMPLATE_GENERATION] === String(generation))
  );
}

/** Oldest first; among equals, the running one first (podByCreationTimestampAndPhase). */
export function byCreation(a: KubeObject, b: KubeObject): number {
  const ta = a.metadata.creationTimestamp ?? '';
  const tb = b.metadata.creationTimestamp ?? '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  return (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');
}

/** Omits the omitempty fields that are zero, as the API would serialize them. */
export function compactStatus(s: DaemonSetStatus): DaemonSetStatus {
  const out: DaemonSetStatus = {
    currentNumberScheduled: s.currentNumberScheduled,
    numberMisscheduled: s.numberMisscheduled,
    desiredNumberScheduled: s.desiredNumberScheduled,
    numberReady: s.numberReady,
  };
  if (s.observedGeneration) out.observedGeneration = s.observedGeneration;
  if (s.updatedNumberScheduled) out.updatedNumberScheduled = s.updatedNumberScheduled;
  if (s.numberAvailable) out.numberAvailable = s.numberAvailable;
  if (s.numberUnavailable) out.numberUnavailable = s.numberUnavailable;
  if (s.collisionCount) out.collisionCount = s.collisionCount;
  return out;
}
