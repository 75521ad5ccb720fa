/**
 * A real cluster (etcd, kube-apiserver, kubectl) with a kubelet and a containerd per node, for the
 * node agents' tests: no scheduler (pods are bound through pods/<name>/binding) and no nodeipam
 * (the test patches spec.podCIDR, or the kubelet falls back to its own).
 */
import type { KubeObject } from '../../api/objects.ts';
import { Cluster } from '../../cluster/cluster.ts';
import type { Payload } from '../../protocol.ts';
import type { Component } from '../../sim/component.ts';
import { containerd, containerdId } from '../containerd/containerd.ts';
import type { ContainerdConfig } from '../containerd/state.ts';
import type { KubeletConfig } from '../kubelet/config.ts';
import { kubelet, kubeletId } from '../kubelet/kubelet.ts';

export const PODS = '/api/v1/namespaces/default/pods';

export interface NodeSpec {
  kubelet?: Partial<KubeletConfig>;
  containerd?: Partial<ContainerdConfig>;
}

/** Stands for the outside world in tests ('user', a load generator, metrics-server): keeps what it receives. */
export const recorder: Component<{ received: Payload[] }> = {
  type: 'recorder',
  init: () => ({ received: [] }),
  step(state, message) {
    state.received.push(message.payload);
    return state;
  },
};

export function received(cluster: Cluster, id = 'user'): Payload[] {
  return cluster.sequencer.stateOf<{ received: Payload[] }>(id)?.received ?? [];
}

export function nodeCluster(nodes: Record<string, NodeSpec> = { 'node-1': {} }, seed = 1): Cluster {
  const cluster = new Cluster({ seed, registry: { kubelet, containerd, recorder } });
  cluster.sequencer.startComponent('user', 'recorder');
  cluster.sequencer.runFor(50);
  for (const [name, spec] of Object.entries(nodes)) startNode(cluster, name, spec);
  return cluster;
}

export function startNode(cluster: Cluster, name: string, spec: NodeSpec = {}): void {
  const s = cluster.sequencer;
  if (!s.isRunning(containerdId(name)))
    s.startComponent(containerdId(name), 'containerd', { nodeName: name, ...spec.containerd });
  s.startComponent(kubeletId(name), 'kubelet', { nodeName: name, ...spec.kubelet });
}

export function podCIDR(cluster: Cluster, node: string, cidr: string): void {
  const r = cluster.call('PATCH', `/api/v1/nodes/${node}`, {
    body: { spec: { podCIDR: cidr, podCIDRs: [cidr] } },
    contentType: 'application/strategic-merge-patch+json',
  });
  if (r.code !== 200) throw new Error(`podCIDR patch failed: ${JSON.stringify(r.body)}`);
}

export function pod(
  name: string,
  spec: Record<string, unknown>,
  labels?: Record<string, string>,
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, ...(labels ? { labels } : {}) },
    spec,
  };
}

/** Creates a pod and binds it to a node, as the scheduler would. */
export function runPod(cluster: Cluster, p: KubeObject, node = 'node-1'): KubeObject {
  const created = cluster.call('POST', PODS, { body: p });
  if (created.code !== 201) throw new Error(`create failed: ${JSON.stringify(created.body)}`);
  const name = p.metadata.name!;
  const bound = cluster.call('POST', `${PODS}/${name}/binding`, {
    body: {
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { name },
      target: { kind: 'Node', name: node },
    },
  });
  if (bound.code !== 201) throw new Error(`binding failed: ${JSON.stringify(bound.body)}`);
  return created.body as KubeObject;
}

export function getPod(cluster: Cluster, name: string): KubeObject | undefined {
  return cluster.stored(`/registry/pods/default/${name}`)[0];
}

type Json = Record<string, unknown>;

/** The pod's status as stored, {} when the pod or its status is absent. */
export function podStatus(cluster: Cluster, name: string): Json {
  return (getPod(cluster, name)?.status ?? {}) as Json;
}

/** The pod's i-th container status, {} when absent. */
export function containerStatus(cluster: Cluster, name: string, i = 0): Json {
  return ((podStatus(cluster, name).containerStatuses ?? []) as Json[])[i] ?? {};
}

/** A single-node cluster whose node has registered and has its podCIDR. */
export function readyNode(): Cluster {
  const c = nodeCluster();
  runUntil(c, () => c.stored('/registry/minions/node-1').length > 0);
  podCIDR(c, 'node-1', '10.244.1.0/24');
  c.sequencer.runFor(500);
  return c;
}

export interface EventView {
  reason: string;
  message: string;
  type: string;
  count: number;
  fieldPath?: string;
  firstTimestamp: string;
  lastTimestamp: string;
}

/** Events about one object, oldest first (as `kubectl describe` lists them). */
export function eventsFor(cluster: Cluster, name: string, namespace = 'default'): EventView[] {
  return cluster
    .stored(`/registry/events/${namespace}/`)
    .filter((e) => (e.involvedObject as { name?: string }).name === name)
    .map((e) => ({
      reason: e.reason as string,
      message: e.message as string,
      type: e.type as string,
      count: e.count as number,
      firstTimestamp: e.firstTimestamp as string,
      lastTimestamp: e.lastTimestamp as string,
      ...((e.involvedObject as { fieldPath?: string }).fieldPath
        ? { fieldPath: (e.involvedObject as { fieldPath?: string }).fieldPath }
        : {}),
    }));
}

/** Runs until `done` holds, checking after every delivery; fails after `limitMs` of virtual time. */
export function runUntil(cluster: Cluster, done: () => boolean, limitMs = 120_000): void {
  const s = cluster.sequencer;
  const end = s.now + limitMs;
  while (!done()) {
    if (s.now > end || !s.step()) throw new Error(`condition not reached by ${s.now} ms`);
  }
}
