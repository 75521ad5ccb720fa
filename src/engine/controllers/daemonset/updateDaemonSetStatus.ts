/**
 * updateDaemonSetStatus: the status counts over the nodes that should run the daemon pod, written
 * only when they change, with a requeue when a ready pod will become available after
 * minReadySeconds. The count helpers themselves are in status.ts.
 */
import { deepEqual } from '../../../shared/index.ts';
import { objectKey, type KubeObject } from '../../api/objects.ts';
import { WorkQueue, sendUpdateStatus } from '../../client/index.ts';
import type { ControllerKit } from '../framework.ts';
import { DAEMONSETS, nowSeconds, type DaemonSetSpecView } from './daemonSetState.ts';
import { daemonPodSpec } from './podTemplate.ts';
import { nodeShouldRunDaemonPod } from './predicates.ts';
import {
  compactStatus,
  isPodAvailable,
  isPodReady,
  isPodUpdated,
  type DaemonSetStatus,
} from './status.ts';

export function updateDaemonSetStatus(
  ds: KubeObject,
  nodes: KubeObject[],
  byNode: Map<string, KubeObject[]>,
  hash: string,
  kit: ControllerKit,
): void {
  const spec = daemonPodSpec(ds);
  const minReady = (ds.spec as DaemonSetSpecView).minReadySeconds ?? 0;
  const now = nowSeconds(kit);
  const s: DaemonSetStatus = {
    currentNumberScheduled: 0,
    numberMisscheduled: 0,
    desiredNumberScheduled: 0,
    numberReady: 0,
    updatedNumberScheduled: 0,
    numberAvailable: 0,
    observedGeneration: ds.metadata.generation ?? 0,
  };
  let waitForAvailable = 0;
  for (const node of nodes) {
    const pods = byNode.get(node.metadata.name ?? '') ?? [];
    if (nodeShouldRunDaemonPod(spec, node).shouldRun) {
      s.desiredNumberScheduled++;
      const pod = pods[0];
      if (!pod) continue;
      s.currentNumberScheduled++;
      if (isPodReady(pod)) {
        s.numberReady++;
        if (isPodAvailable(pod, minReady, now)) s.numberAvailable!++;
        else waitForAvailable = minReady;
      }
      if (isPodUpdated(pod, hash, ds.metadata.generation)) s.updatedNumberScheduled!++;
    } else if (pods.length) s.numberMisscheduled++;
  }
  s.numberUnavailable = s.desiredNumberScheduled - (s.numberAvailable ?? 0);
  const collisionCount = (ds.status as DaemonSetStatus | undefined)?.collisionCount;
  if (collisionCount) s.collisionCount = collisionCount;
  const next = compactStatus(s);
  // A pod that is ready but not yet available becomes so after minReadySeconds: look again then.
  if (waitForAvailable > 0)
    WorkQueue.addAfter(kit.queue, objectKey(ds), waitForAvailable * 1000, kit.ctx);
  if (deepEqual(next, ds.status)) return;
  sendUpdateStatus(
    kit.client,
    kit.ctx,
    DAEMONSETS,
    { ...ds, status: next },
    { tag: kit.tag('status'), data: objectKey(ds) },
  );
}
