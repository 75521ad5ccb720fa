/**
 * MarkPodsNotReady: when a node stops being Ready, the pods bound to it are no longer known to be
 * serving, so their Ready condition goes False (Services drop them from their endpoints) and each
 * gets a NodeNotReady warning once its update succeeded (see handleResponse). Only pods that already carry a Ready condition are touched.
 */
import { deepCopy } from '../../../shared/index.ts';
import type { KubeObject } from '../../api/objects.ts';
import { sendUpdateStatus } from '../../client/index.ts';
import type { ControllerKit } from '../framework.ts';

interface PodCondition {
  type: string;
  status: string;
  lastTransitionTime?: string | null;
  [field: string]: unknown;
}

/** The pod with Ready=False, or undefined when it has no Ready condition or it is already False. */
export function podMarkedNotReady(pod: KubeObject, now: string): KubeObject | undefined {
  const conditions = (pod.status as { conditions?: PodCondition[] } | undefined)?.conditions ?? [];
  const ready = conditions.find((c) => c.type === 'Ready');
  if (!ready || ready.status === 'False') return undefined;
  const copy = deepCopy(pod);
  const c = (copy.status as { conditions: PodCondition[] }).conditions.find(
    (x) => x.type === 'Ready',
  )!;
  c.status = 'False';
  c.lastTransitionTime = now;
  return copy;
}

export function markPodsNotReady(
  pods: readonly KubeObject[],
  nodeName: string,
  now: string,
  kit: ControllerKit,
): void {
  for (const pod of pods) {
    if ((pod.spec as { nodeName?: string } | undefined)?.nodeName !== nodeName) continue;
    const updated = podMarkedNotReady(pod, now);
    if (!updated) continue;
    sendUpdateStatus(kit.client, kit.ctx, 'pods', updated, {
      tag: kit.tag('markPodNotReady'),
      data: `${pod.metadata.namespace}/${pod.metadata.name}`,
    });
  }
}
