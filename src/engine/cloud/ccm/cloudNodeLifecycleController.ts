/**
 * The cloud node lifecycle controller (k8s.io/cloud-provider/controllers/nodelifecycle):
 * every --node-monitor-period (5 s) MonitorNodes looks at each Node whose Ready condition is
 * not True, asks the cloud whether its instance still exists, and deletes the Node if not
 * (DeletingNode "Deleting node <name> because it does not exist in the cloud provider"). A
 * node whose instance exists but is shut down gets the shutdown taint, which is removed again
 * once the node is Ready.
 */
import { deepCopy } from '../../../shared/index.ts';
import type { KubeObject } from '../../api/objects.ts';
import { Lister, sendDelete, sendPatch, type ClientResponse } from '../../client/index.ts';
import type { CcmKit, CloudReply } from './kit.ts';
import {
  providerIDOf,
  readyStatus,
  taintsOf,
  TAINT_NODE_SHUTDOWN,
  type Taint,
} from './nodeHelpers.ts';

export const CLOUD_NODE_LIFECYCLE_CONTROLLER = 'cloud-node-lifecycle';
export const DELETE_NODE_EVENT = 'DeletingNode';
export const MONITOR_TIMER = 'monitor';

export interface CloudNodeLifecycleState {
  periodMs: number;
  /** Nodes whose check is waiting for the cloud (MonitorNodes is synchronous in the real one). */
  checking: Record<string, true>;
}

export function newCloudNodeLifecycle(periodMs: number): CloudNodeLifecycleState {
  return { periodMs, checking: {} };
}

function patchTaints(kit: CcmKit, node: KubeObject, taints: Taint[]): void {
  // PatchNodeTaints sends the whole list with the resourceVersion it was computed from.
  sendPatch(
    kit.client,
    kit.ctx,
    'nodes',
    '',
    node.metadata.name ?? '',
    { metadata: { resourceVersion: node.metadata.resourceVersion ?? '' }, spec: { taints } },
    { tag: kit.tag('taints') },
  );
}

export function monitorNodes(s: CloudNodeLifecycleState, kit: CcmKit): void {
  kit.ctx.setTimer(s.periodMs, `${CLOUD_NODE_LIFECYCLE_CONTROLLER}:${MONITOR_TIMER}`);
  for (const node of Lister.list(kit.nodes)) {
    const name = node.metadata.name ?? '';
    if (readyStatus(node) === 'True') {
      const taints = taintsOf(node);
      if (taints.some((t) => t.key === TAINT_NODE_SHUTDOWN))
        patchTaints(
          kit,
          node,
          taints.filter((t) => t.key !== TAINT_NODE_SHUTDOWN),
        );
      continue;
    }
    if (s.checking[name]) continue;
    s.checking[name] = true;
    kit.cloud(
      { method: 'InstanceExists', providerID: providerIDOf(node), nodeName: name },
      'exists',
      name,
    );
  }
}

export function cloudNodeLifecycleHandleCloud(
  s: CloudNodeLifecycleState,
  reply: CloudReply,
  kit: CcmKit,
): void {
  const name = reply.data as string;
  const node = Lister.get(kit.nodes, '', name);
  if (reply.error !== undefined || !node) {
    if (reply.error !== undefined)
      kit.ctx.note(`error checking if node ${name} exists: ${reply.error}`);
    delete s.checking[name];
    return;
  }
  if (reply.tag === 'exists') {
    if (reply.response?.exists === true) {
      kit.cloud(
        { method: 'InstanceShutdown', providerID: providerIDOf(node), nodeName: name },
        'shutdown',
        name,
      );
      return;
    }
    delete s.checking[name];
    kit.ctx.note(`deleting node since it is no longer present in cloud provider: ${name}`);
    kit.event(
      node,
      'Normal',
      DELETE_NODE_EVENT,
      `Deleting node ${name} because it does not exist in the cloud provider`,
    );
    sendDelete(kit.client, kit.ctx, 'nodes', '', name, { tag: kit.tag('delete'), data: name });
    return;
  }
  delete s.checking[name];
  const taints = taintsOf(node);
  if (reply.response?.shutdown === true && !taints.some((t) => t.key === TAINT_NODE_SHUTDOWN))
    patchTaints(kit, deepCopy(node), [
      ...taints,
      { key: TAINT_NODE_SHUTDOWN, effect: 'NoSchedule' },
    ]);
}

export function cloudNodeLifecycleHandleResponse(
  _s: CloudNodeLifecycleState,
  r: ClientResponse,
  kit: CcmKit,
): void {
  if (r.tag === 'delete' && r.code >= 300)
    kit.ctx.note(`unable to delete node "${String(r.data)}": ${r.code}`);
}
