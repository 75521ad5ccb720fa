import { describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster/cluster.ts';
import type { KubeObject } from '../../api/objects.ts';
import { cloudProvider, type CloudState } from '../cloudProvider.ts';
import { cloudControllerManager } from './cloudControllerManager.ts';
import { kubeProxy } from '../../node/kubeproxy/kubeProxy.ts';
import {
  fakeContainerd,
  trafficUser,
  type TrafficUserState,
} from '../../node/kubeproxy/testComponents.test-helpers.ts';
import { endpointSlice } from '../../node/kubeproxy/fixtures.test-helpers.ts';

const NODES = '/api/v1/nodes';
const SERVICES = '/api/v1/namespaces/default/services';
const EVENTS = '/api/v1/namespaces/default/events';

function node(name: string, ready: 'True' | 'False' | 'Unknown', tainted: boolean): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name },
    spec: tainted
      ? {
          taints: [
            {
              key: 'node.cloudprovider.kubernetes.io/uninitialized',
              value: 'true',
              effect: 'NoSchedule',
            },
          ],
        }
      : {},
    status: {
      conditions: [
        {
          type: 'Ready',
          status: ready,
          reason: 'KubeletReady',
          message: 'kubelet is posting ready status',
        },
      ],
      addresses: [{ type: 'Hostname', address: name }],
    },
  };
}

function cluster(): Cluster {
  const c = new Cluster({
    seed: 3,
    registry: {
      cloud: cloudProvider,
      'cloud-controller-manager': cloudControllerManager,
      'kube-proxy': kubeProxy,
      'fake-containerd': fakeContainerd,
      'traffic-user': trafficUser,
    },
  });
  c.sequencer.runFor(50);
  c.sequencer.startComponent('cloud', 'cloud', {
    machines: [{ nodeName: 'node-1' }, { nodeName: 'node-2' }],
  });
  c.sequencer.startComponent('cloud-controller-manager', 'cloud-controller-manager');
  c.sequencer.startComponent('user', 'traffic-user');
  c.sequencer.runFor(200);
  return c;
}

function events(c: Cluster, reason: string): KubeObject[] {
  const list = c.call('GET', EVENTS).body as { items: KubeObject[] };
  return list.items.filter((e) => e.reason === reason);
}

describe('cloud-controller-manager', () => {
  it('initializes a node registered with the uninitialized taint', () => {
    const c = cluster();
    expect(c.call('POST', NODES, { body: node('node-1', 'True', true) }).code).toBe(201);
    c.sequencer.runFor(1_000);
    const n = c.call('GET', `${NODES}/node-1`).body as KubeObject;
    expect((n.spec as { providerID?: string }).providerID).toBe(
      'kubeviz://kubeviz-central1-a/node-1',
    );
    // Only the cloud taint goes; the apiserver's not-ready taint is the node lifecycle's business.
    const keys = ((n.spec as { taints?: { key: string }[] }).taints ?? []).map((t) => t.key);
    expect(keys).not.toContain('node.cloudprovider.kubernetes.io/uninitialized');
    expect(n.metadata.labels).toMatchObject({
      'topology.kubernetes.io/zone': 'kubeviz-central1-a',
      'topology.kubernetes.io/region': 'kubeviz-central1',
      'node.kubernetes.io/instance-type': 'kv-standard-2',
      'failure-domain.beta.kubernetes.io/zone': 'kubeviz-central1-a',
      'beta.kubernetes.io/instance-type': 'kv-standard-2',
    });
    expect((n.status as { addresses: unknown[] }).addresses).toEqual([
      { type: 'InternalIP', address: '192.168.0.11' },
      { type: 'Hostname', address: 'node-1' },
    ]);
    const synced = events(c, 'Synced');
    expect(synced).toHaveLength(1);
    expect(synced[0]).toMatchObject({
      message: 'Node synced successfully',
      source: { component: 'cloud-node-controller' },
    });
  });

  it('keeps the taint and retries while the cloud has no such instance', () => {
    const c = cluster();
    c.call('POST', NODES, { body: node('stray', 'True', true) });
    c.sequencer.runFor(2_000);
    const n = c.call('GET', `${NODES}/stray`).body as KubeObject;
    expect((n.spec as { taints: { key: string }[] }).taints.map((t) => t.key)).toContain(
      'node.cloudprovider.kubernetes.io/uninitialized',
    );
    expect((n.spec as { providerID?: string }).providerID).toBeUndefined();
  });

  it('deletes a NotReady node whose machine was removed, and only that one', () => {
    const c = cluster();
    c.call('POST', NODES, { body: node('node-1', 'Unknown', false) });
    c.call('POST', NODES, { body: node('node-2', 'Unknown', false) });
    c.sequencer.runFor(6_000);
    expect(c.call('GET', `${NODES}/node-2`).code).toBe(200);
    c.sequencer.inject('user', 'cloud', {
      kind: 'cloud.request',
      request: { method: 'RemoveMachine', nodeName: 'node-2' },
    });
    c.sequencer.runFor(6_000);
    expect(c.call('GET', `${NODES}/node-2`).code).toBe(404);
    expect(c.call('GET', `${NODES}/node-1`).code).toBe(200);
    expect(events(c, 'DeletingNode')[0]).toMatchObject({
      message: 'Deleting node node-2 because it does not exist in the cloud provider',
      source: { component: 'cloud-node-lifecycle-controller' },
    });
  });

  it('taints a NotReady node whose machine is shut down, and untaints it when Ready again', () => {
    const c = cluster();
    c.call('POST', NODES, { body: node('node-1', 'False', false) });
    c.sequencer.inject('user', 'cloud', {
      kind: 'cloud.request',
      request: { method: 'StopMachine', nodeName: 'node-1' },
    });
    c.sequencer.runFor(6_000);
    const taintKeys = () =>
      (
        (
          (c.call('GET', `${NODES}/node-1`).body as KubeObject).spec as {
            taints?: { key: string }[];
          }
        ).taints ?? []
      ).map((t) => t.key);
    expect(taintKeys()).toContain('node.cloudprovider.kubernetes.io/shutdown');
    const n = c.call('GET', `${NODES}/node-1`).body as KubeObject;
    const status = {
      ...(n.status as object),
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady' }],
    };
    expect(c.call('PUT', `${NODES}/node-1/status`, { body: { ...n, status } }).code).toBe(200);
    c.sequencer.runFor(6_000);
    expect(taintKeys()).not.toContain('node.cloudprovider.kubernetes.io/shutdown');
  });

  it('provisions a load balancer, publishes its IP after the delay, and cleans up on delete', () => {
    const c = cluster();
    for (const n of ['node-1', 'node-2']) c.call('POST', NODES, { body: node(n, 'True', false) });
    const lb: KubeObject = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web' },
      spec: {
        type: 'LoadBalancer',
        selector: { app: 'web' },
        clusterIP: '10.96.0.80',
        ports: [{ port: 80, targetPort: 8080, nodePort: 30080 }],
      },
    };
    expect(c.call('POST', SERVICES, { body: lb }).code).toBe(201);
    c.sequencer.runFor(1_000);
    let svc = c.call('GET', `${SERVICES}/web`).body as KubeObject;
    expect(svc.metadata.finalizers).toEqual(['service.kubernetes.io/load-balancer-cleanup']);
    expect(
      (svc.status as { loadBalancer?: { ingress?: unknown } }).loadBalancer?.ingress,
    ).toBeUndefined();
    expect(events(c, 'EnsuringLoadBalancer')).toHaveLength(1);
    c.sequencer.runFor(10_000);
    svc = c.call('GET', `${SERVICES}/web`).body as KubeObject;
    expect((svc.status as { loadBalancer: unknown }).loadBalancer).toEqual({
      ingress: [{ ip: '203.0.113.10', ipMode: 'VIP' }],
    });
    expect(events(c, 'EnsuredLoadBalancer')[0]).toMatchObject({
      message: 'Ensured load balancer',
      source: { component: 'service-controller' },
    });
    const cloud = c.sequencer.stateOf<CloudState>('cloud')!;
    expect(Object.values(cloud.inventory.loadBalancers).map((l) => [l.ip, l.nodes])).toEqual([
      ['203.0.113.10', ['node-1', 'node-2']],
    ]);

    expect(c.call('DELETE', `${SERVICES}/web`).code).toBe(200);
    c.sequencer.runFor(2_000);
    expect(c.call('GET', `${SERVICES}/web`).code).toBe(404);
    expect(Object.keys(c.sequencer.stateOf<CloudState>('cloud')!.inventory.loadBalancers)).toEqual(
      [],
    );
    expect(events(c, 'DeletingLoadBalancer')).toHaveLength(1);
    expect(events(c, 'DeletedLoadBalancer')).toHaveLength(1);
  });

  it('carries traffic from the load balancer IP through a node to a pod and back', () => {
    const c = cluster();
    for (const n of ['node-1', 'node-2']) {
      c.call('POST', NODES, { body: node(n, 'True', true) });
      c.sequencer.startComponent(`kube-proxy/${n}`, 'kube-proxy', { nodeName: n });
      c.sequencer.startComponent(`containerd/${n}`, 'fake-containerd', {
        pods: { '10.244.2.7': 'web-2' },
      });
    }
    c.call('POST', SERVICES, {
      body: {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'web' },
        spec: {
          type: 'LoadBalancer',
          selector: { app: 'web' },
          clusterIP: '10.96.0.80',
          ports: [{ port: 80, targetPort: 8080, nodePort: 30080 }],
        },
      },
    });
    c.call('POST', '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices', {
      body: endpointSlice('web', [{ ip: '10.244.2.7', node: 'node-2' }], [{ port: 8080 }]),
    });
    c.sequencer.runFor(12_000);
    c.sequencer.inject('user', 'cloud', {
      kind: 'traffic',
      requestId: 'lb-1',
      destination: '203.0.113.10:80',
      protocol: 'TCP',
      source: '198.51.100.7',
      hops: ['user'],
    });
    c.sequencer.runFor(1_000);
    const reply = c.sequencer.stateOf<TrafficUserState>('user')!.replies['lb-1']!;
    expect(reply.response).toEqual({ status: 200, servedBy: 'web-2' });
    expect(reply.hops[0]).toBe('user');
    expect(reply.hops[1]).toBe('cloud');
    expect(reply.hops.at(-1)).toBe('cloud');
    expect(reply.hops).toContain('containerd/node-2');
  });
});
