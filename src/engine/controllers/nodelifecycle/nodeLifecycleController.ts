/**
 * The node lifecycle controller (pkg/controller/nodelifecycle, 'node-lifecycle' in
 * --controllers): every node monitor period it checks each node's heartbeats (status and Lease),
 * posts Unknown conditions for nodes silent past the grace period, marks their pods NotReady,
 * and queues them per zone for the NoExecute taint that the taint eviction controller acts on.
 * Node updates also drive the NoSchedule taints that mirror node conditions.
 */
import type { JsonValue } from '../../../shared/index.ts';
import type { KubeObject } from '../../api/objects.ts';
import {
  Lister,
  WorkQueue,
  hasSynced,
  isSuccess,
  sendPatch,
  sendUpdateStatus,
  type ClientResponse,
  type InformerEvent,
} from '../../client/index.ts';
import type { ControllerDefinition, ControllerKit } from '../framework.ts';
import { markPodsNotReady } from './markPods.ts';
import { tryUpdateNodeHealth } from './nodeHealth.ts';
import { noScheduleTaintDiff } from './taints.ts';
import {
  addPodEvictorForNewZone,
  clockOf,
  doNoExecuteTaintingPass,
  handleDisruption,
  markNodeAsReachable,
  nodesInformer,
  processTaintBaseEviction,
  swapNodeControllerTaint,
  type NodeLifecycleState,
} from './noExecuteTainting.ts';
import { LABEL_NODE_DISRUPTION_EXCLUSION, zoneKey } from './zones.ts';

export const NODE_NAME_INDEX = 'spec.nodeName';
const NODE_LEASE_NAMESPACE = 'kube-node-lease';

function synced(kit: ControllerKit): boolean {
  return ['nodes', 'pods', 'leases.coordination.k8s.io'].every((r) => hasSynced(kit.informer(r)));
}

function nodeRef(name: string, uid: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, uid } };
}

function monitorNodeHealth(s: NodeLifecycleState, kit: ControllerKit): void {
  const clock = clockOf(kit);
  const nodes = Lister.list(nodesInformer(kit)).sort((a, b) =>
    a.metadata.name! < b.metadata.name! ? -1 : 1,
  );
  const names = new Set(nodes.map((n) => n.metadata.name!));
  for (const node of nodes) {
    const name = node.metadata.name!;
    if (!s.knownNodeSet[name]) {
      kit.event(
        nodeRef(name, node.metadata.uid ?? ''),
        'Normal',
        'RegisteredNode',
        `Registered Node ${name} in Controller`,
      );
      s.knownNodeSet[name] = { uid: node.metadata.uid ?? '' };
      addPodEvictorForNewZone(s, node, kit);
      markNodeAsReachable(s, node, kit);
    } else addPodEvictorForNewZone(s, node, kit);
  }
  for (const [name, known] of Object.entries(s.knownNodeSet)) {
    if (names.has(name)) continue;
    kit.event(
      nodeRef(name, known.uid),
      'Normal',
      'RemovingNode',
      `Removing Node ${name} from Controller`,
    );
    delete s.knownNodeSet[name];
    delete s.nodeHealthMap[name];
  }

  const zoneToReady: Record<string, (string | undefined)[]> = {};
  const pods = kit.informer('pods');
  const leases = kit.informer('leases.coordination.k8s.io');
  for (const cached of nodes) {
    const name = cached.metadata.name!;
    const check = tryUpdateNodeHealth(
      s.nodeHealthMap[name],
      cached,
      Lister.get(leases, NODE_LEASE_NAMESPACE, name),
      clock,
      {
        monitorMs: kit.settings.nodeMonitorGracePeriodMs,
        startupMs: kit.settings.nodeStartupGracePeriodMs,
      },
    );
    s.nodeHealthMap[name] = check.health;
    const node = check.updated ?? cached;
    if (check.updated) {
      kit.ctx.note(
        `node ${name}: no heartbeat for ${clock.nowMs - check.health.probeTimestamp} ms: conditions Unknown`,
      );
      sendUpdateStatus(kit.client, kit.ctx, 'nodes', check.updated, {
        tag: kit.tag('nodeStatus'),
        data: name,
      });
    }
    if (!(LABEL_NODE_DISRUPTION_EXCLUSION in (node.metadata.labels ?? {})))
      (zoneToReady[zoneKey(node)] ??= []).push(check.currentReady?.status);
    if (!check.currentReady) continue;
    processTaintBaseEviction(s, node, check.observedReady, kit);
    if (check.currentReady.status !== 'True' && check.observedReady.status === 'True') {
      kit.event(
        nodeRef(name, node.metadata.uid ?? ''),
        'Normal',
        'NodeNotReady',
        `Node ${name} status is now: NodeNotReady`,
      );
      markPodsNotReady(Lister.byIndex(pods, NODE_NAME_INDEX, name), name, clock.now, kit);
    }
  }
  handleDisruption(s, zoneToReady, nodes, kit);
  doNoExecuteTaintingPass(s, kit);
}

function podUpdated(old: KubeObject | undefined, pod: KubeObject, kit: ControllerKit) {
  const nodeName = (pod.spec as { nodeName?: string } | undefined)?.nodeName;
  const oldNode = (old?.spec as { nodeName?: string } | undefined)?.nodeName;
  if (nodeName && nodeName !== oldNode)
    WorkQueue.add(kit.queue, `pod:${pod.metadata.namespace}/${pod.metadata.name}`);
}

/** processPod: a pod newly bound to a node that is not Ready is marked NotReady at once. */
function processPod(s: NodeLifecycleState, key: string, kit: ControllerKit): void {
  const [namespace, name] = key.slice('pod:'.length).split('/') as [string, string];
  const pod = Lister.get(kit.informer('pods'), namespace, name);
  if (!pod) return;
  const nodeName = (pod.spec as { nodeName?: string }).nodeName ?? '';
  const health = s.nodeHealthMap[nodeName];
  if (!health || !Lister.get(nodesInformer(kit), '', nodeName)) return;
  if (health.ready && health.ready.status !== 'True')
    markPodsNotReady([pod], nodeName, clockOf(kit).now, kit);
}

/** doNoScheduleTaintingPass: NoSchedule taints that follow node conditions and spec.unschedulable. */
function doNoScheduleTaintingPass(name: string, kit: ControllerKit): void {
  const node = Lister.get(nodesInformer(kit), '', name);
  if (!node) return;
  const { add, remove } = noScheduleTaintDiff(node);
  if (add.length || remove.length) swapNodeControllerTaint(node, add, remove, kit);
  reconcileNodeLabels(node, kit);
}

/** The beta OS and arch labels follow the stable ones. */
function reconcileNodeLabels(node: KubeObject, kit: ControllerKit): void {
  const labels = node.metadata.labels;
  if (!labels) return;
  const update: Record<string, string> = {};
  for (const [primary, secondary] of [
    ['kubernetes.io/os', 'beta.kubernetes.io/os'],
    ['kubernetes.io/arch', 'beta.kubernetes.io/arch'],
  ] as const) {
    const value = labels[primary];
    if (value !== undefined && labels[secondary] !== value) update[secondary] = value;
  }
  if (Object.keys(update).length === 0) return;
  sendPatch(
    kit.client,
    kit.ctx,
    'nodes',
    '',
    node.metadata.name!,
    { metadata: { labels: update } },
    {
      tag: kit.tag('labels'),
      patchType: 'application/strategic-merge-patch+json',
    },
  );
}

export const nodeLifecycleController: ControllerDefinition<NodeLifecycleState> = {
  name: 'node-lifecycle',
  eventSource: 'node-controller',
  informers: [
    { resource: 'nodes' },
    { resource: 'pods', indexers: [{ name: NODE_NAME_INDEX, field: 'spec.nodeName' }] },
    { resource: 'leases.coordination.k8s.io' },
    { resource: 'daemonsets.apps' },
  ],
  init(kit) {
    kit.setTimer(kit.settings.nodeMonitorPeriodMs, 'monitorNodeHealth');
    return {
      knownNodeSet: {},
      nodeHealthMap: {},
      zoneStates: {},
      zoneNoExecuteTainter: {},
      taintingPassAt: undefined,
    };
  },
  handleEvent(_s, resource, event: InformerEvent, kit) {
    if (resource === 'nodes') {
      if (event.type !== 'delete') WorkQueue.add(kit.queue, event.object.metadata.name!);
    } else if (resource === 'pods' && event.type !== 'delete') {
      podUpdated(event.type === 'update' ? event.oldObject : undefined, event.object, kit);
    }
  },
  handleTimer(s, name, _data: JsonValue | undefined, kit) {
    if (name === 'monitorNodeHealth') {
      kit.setTimer(kit.settings.nodeMonitorPeriodMs, 'monitorNodeHealth');
      if (synced(kit)) monitorNodeHealth(s, kit);
    } else if (name === 'doNoExecuteTaintingPass') {
      s.taintingPassAt = undefined;
      if (synced(kit)) doNoExecuteTaintingPass(s, kit);
    }
  },
  handleResponse(_s, response: ClientResponse, kit) {
    if (response.tag === 'markPodNotReady' && isSuccess(response))
      kit.event(
        response.body as unknown as KubeObject,
        'Warning',
        'NodeNotReady',
        'Node is not ready',
      );
    else if (response.tag === 'taints' && !isSuccess(response) && typeof response.data === 'string')
      // The next health check or node event computes the taints again from a fresh copy.
      WorkQueue.addRateLimited(kit.queue, response.data, kit.ctx);
  },
  sync(s, key, kit) {
    if (key.startsWith('pod:')) processPod(s, key, kit);
    else doNoScheduleTaintingPass(key, kit);
  },
};

export type { NodeLifecycleState };
