/**
 * Which controllers of one kind could own a pod by selector (the listers' GetPodReplicaSets,
 * GetPodDaemonSets, GetPodJobs): how an orphan's events reach the controllers that may adopt it.
 */
import {
  isEverything,
  labelSelectorFromObject,
  matchesLabels,
  type LabelSelectorResult,
} from '../../api/labels.ts';
import { objectKey, type KubeObject } from '../../api/objects.ts';
import { Lister, WorkQueue, type InformerEvent } from '../../client/index.ts';
import type { ControllerKit } from '../framework.ts';

/** The owner's spec.selector; a missing one selects nothing. */
export function ownerSelector(owner: KubeObject): LabelSelectorResult {
  return labelSelectorFromObject((owner.spec as { selector?: never } | undefined)?.selector);
}

export interface OwnersOfPodOptions {
  /**
   * An empty selector matches nothing rather than everything. GetPodReplicaSets and
   * GetPodDaemonSets guard against such an owner creeping in; GetPodJobs does not, and a Job
   * with manualSelector may pass validation with one.
   */
  emptyMatchesNothing: boolean;
}

/** The owners in the pod's namespace whose valid selector matches its labels, in lister order. */
export function ownersOfPod(
  kit: ControllerKit,
  ownerResource: string,
  pod: KubeObject,
  options: OwnersOfPodOptions,
): KubeObject[] {
  const owners = Lister.list(kit.informer(ownerResource), {
    namespace: pod.metadata.namespace ?? '',
  });
  return owners.filter((owner) => {
    const sel = ownerSelector(owner);
    return (
      sel.ok &&
      !(options.emptyMatchesNothing && isEverything(sel.selector)) &&
      matchesLabels(sel.selector, pod.metadata.labels ?? undefined)
    );
  });
}

/**
 * A pod event whose pod has no controller of this kind (controllerKeyOf gave nothing). A true
 * orphan wakes every owner that may adopt it; a pod just released from one of ours (owned by
 * none now, or by another kind) wakes its former owner, which would otherwise not hear of it.
 */
export function enqueueForUnownedPod(
  kit: ControllerKit,
  event: InformerEvent,
  controllerKeyOf: (pod: KubeObject) => string | undefined,
  adopters: (pod: KubeObject) => KubeObject[],
): void {
  if (!event.object.metadata.ownerReferences?.some((r) => r.controller))
    for (const owner of adopters(event.object)) WorkQueue.add(kit.queue, objectKey(owner));
  if (event.type === 'update') {
    const old = controllerKeyOf(event.oldObject);
    if (old) WorkQueue.add(kit.queue, old);
  }
}
