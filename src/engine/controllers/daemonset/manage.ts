/**
 * manage and syncNodes: which nodes still need a daemon pod and which pods must go (failed,
 * after a per-node back-off; succeeded; duplicate; misscheduled; or aimed at a node that is gone), then the creates and deletes under
 * the expectations. The one place, with the rolling update, where the controller changes pods.
 */
import type { KubeObject } from '../../api/objects.ts';
import { WorkQueue, sendCreate, sendDelete } from '../../client/index.ts';
import type { ControllerKit } from '../framework.ts';
import type { DaemonSetControllerState } from './daemonSetState.ts';
import { expect as expectOps } from './expectations.ts';
import { failedPodsBackoffKey, inBackoff, nextBackoff } from './failedPodsBackoff.ts';
import { daemonPodSpec, newDaemonPod, targetNodeName } from './podTemplate.ts';
import { nodeShouldRunDaemonPod } from './predicates.ts';
import { byCreation } from './status.ts';

/** getNodesToDaemonPods, leaving out pods that are both deleted and finished. */
export function nodesToDaemonPods(pods: KubeObject[]): Map<string, KubeObject[]> {
  const map = new Map<string, KubeObject[]>();
  for (const pod of pods) {
    const phase = (pod.status as { phase?: string } | undefined)?.phase;
    if (pod.metadata.deletionTimestamp && (phase === 'Succeeded' || phase === 'Failed')) continue;
    const node = targetNodeName(pod);
    if (!node) continue;
    map.set(node, [...(map.get(node) ?? []), pod]);
  }
  for (const list of map.values()) list.sort(byCreation);
  return map;
}

/** manage: which nodes need a pod, and which pods must go. */
export function manage(
  state: DaemonSetControllerState,
  key: string,
  ds: KubeObject,
  nodes: KubeObject[],
  byNode: Map<string, KubeObject[]>,
  hash: string,
  kit: ControllerKit,
): number {
  const spec = daemonPodSpec(ds);
  const create: string[] = [];
  const remove: KubeObject[] = [];
  for (const node of nodes) {
    const name = node.metadata.name ?? '';
    const pods = byNode.get(name) ?? [];
    const { shouldRun, shouldContinueRunning } = nodeShouldRunDaemonPod(spec, node);
    if (shouldRun && pods.length === 0) create.push(name);
    else if (shouldContinueRunning) {
      const running: KubeObject[] = [];
      for (const pod of pods) {
        if (pod.metadata.deletionTimestamp) continue;
        const phase = (pod.status as { phase?: string } | undefined)?.phase;
        const where = `${pod.metadata.namespace}/${pod.metadata.name} on node ${name}`;
        if (phase === 'Failed') {
          // The kubelet may keep rejecting the pod: replace it no faster than the back-off allows.
          const backoffKey = failedPodsBackoffKey(ds, name);
          const delay = inBackoff(state.failedPodsBackoff, backoffKey, kit.ctx.now);
          if (delay > 0) {
            WorkQueue.addAfter(kit.queue, key, delay, kit.ctx);
            continue;
          }
          nextBackoff(state.failedPodsBackoff, backoffKey, kit.ctx.now);
          kit.event(
            ds,
            'Warning',
            'FailedDaemonPod',
            `Found failed daemon pod ${where}, will try to kill it`,
          );
          remove.push(pod);
        } else if (phase === 'Succeeded') {
          kit.event(
            ds,
            'Normal',
            'SucceededDaemonPod',
            `Found succeeded daemon pod ${where}, will try to delete it`,
          );
          remove.push(pod);
        } else running.push(pod);
      }
      // More than one daemon pod on a node: keep the oldest.
      remove.push(...running.slice(1));
    } else if (!shouldContinueRunning) {
      remove.push(...pods.filter((p) => !p.metadata.deletionTimestamp));
    }
  }
  // Unscheduled pods aimed at nodes that no longer exist can never be scheduled, and PodGC only
  // collects bound pods: this controller deletes them (getUnscheduledPodsWithoutNode).
  for (const [n, pods] of byNode) {
    if (nodes.some((node) => node.metadata.name === n)) continue;
    for (const pod of pods)
      if (
        !(pod.spec as { nodeName?: string } | undefined)?.nodeName &&
        !pod.metadata.deletionTimestamp
      )
        remove.push(pod);
  }
  syncNodes(state, key, ds, remove, create, hash, kit);
  return remove.length + create.length;
}

export function syncNodes(
  state: DaemonSetControllerState,
  key: string,
  ds: KubeObject,
  remove: KubeObject[],
  create: string[],
  hash: string,
  kit: ControllerKit,
): void {
  if (remove.length + create.length === 0) return;
  expectOps(state.expectations, key, create.length, remove.length, kit.ctx.now);
  for (const node of create)
    sendCreate(kit.client, kit.ctx, 'pods', newDaemonPod(ds, node, hash), {
      tag: kit.tag('create'),
      data: { key },
    });
  for (const pod of remove)
    sendDelete(kit.client, kit.ctx, 'pods', pod.metadata.namespace ?? '', pod.metadata.name ?? '', {
      tag: kit.tag('delete'),
      data: { key, name: pod.metadata.name ?? '' },
    });
}
