import { describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster/cluster.ts';
import type { KubeObject } from '../../api/objects.ts';
import { endpointSlice, service } from './fixtures.test-helpers.ts';
import { iptablesSave } from './iptablesSave.ts';
import { kubeProxy, type KubeProxyState } from './kubeProxy.ts';
import { chainSplit } from './ruleTable.ts';
import { servicePortInfos } from './serviceInfo.ts';
import {
  fakeContainerd,
  trafficUser,
  type TrafficUserState,
} from './testComponents.test-helpers.ts';
import type { TrafficPayload } from '../../traffic/protocol.ts';

const SERVICES = '/api/v1/namespaces/default/services';
const SLICES = '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices';
const NODES = ['node-1', 'node-2', 'node-3'];
const NODE_IP: Record<string, string> = {
  'node-1': '192.168.0.11',
  'node-2': '192.168.0.12',
  'node-3': '192.168.0.13',
};

function node(name: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name },
    status: {
      addresses: [
        { type: 'InternalIP', address: NODE_IP[name]! },
        { type: 'Hostname', address: name },
      ],
    },
  };
}

const PODS = { '10.244.1.5': 'web-1', '10.244.2.7': 'web-2', '10.244.3.9': 'web-3' };

function cluster(seed = 7): Cluster {
  const c = new Cluster({
    seed,
    registry: {
      'kube-proxy': kubeProxy,
      'fake-containerd': fakeContainerd,
      'traffic-user': trafficUser,
    },
  });
  c.sequencer.runFor(50);
  for (const n of NODES) {
    expect(c.call('POST', '/api/v1/nodes', { body: node(n) }).code).toBe(201);
    c.sequencer.startComponent(`kube-proxy/${n}`, 'kube-proxy', { nodeName: n });
    c.sequencer.startComponent(`containerd/${n}`, 'fake-containerd', { pods: PODS });
  }
  c.sequencer.startComponent('user', 'traffic-user');
  c.sequencer.runFor(500);
  return c;
}

function create(c: Cluster, path: string, body: KubeObject): void {
  const r = c.call('POST', path, { body });
  expect(r.code, JSON.stringify(r.body)).toBe(201);
}

let requests = 0;
function send(c: Cluster, to: string, destination: string): TrafficPayload {
  const requestId = `req-${++requests}`;
  c.sequencer.inject('user', to, {
    kind: 'traffic',
    requestId,
    destination,
    protocol: 'TCP',
    hops: ['user'],
  });
  c.sequencer.runUntilTrue(
    () => c.sequencer.stateOf<TrafficUserState>('user')!.replies[requestId] !== undefined,
    10_000,
  );
  return c.sequencer.stateOf<TrafficUserState>('user')!.replies[requestId]!;
}

const webClusterIP = service('web', {
  type: 'ClusterIP',
  clusterIP: '10.96.0.50',
  ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }],
});
const threeReady = endpointSlice('web', [
  { ip: '10.244.1.5', node: 'node-1', pod: 'web-1' },
  { ip: '10.244.2.7', node: 'node-2', pod: 'web-2' },
  { ip: '10.244.3.9', node: 'node-3', pod: 'web-3' },
]);

describe('kube-proxy in a cluster', () => {
  it('programs every node with the service chains and renders them like iptables-save', () => {
    const c = cluster();
    create(c, SERVICES, webClusterIP);
    create(c, SLICES, threeReady);
    c.sequencer.runFor(2_000);
    const svc = servicePortInfos(webClusterIP)[0]!;
    for (const n of NODES) {
      const state = c.sequencer.stateOf<KubeProxyState>(`kube-proxy/${n}`)!;
      const split = chainSplit(state.rules.nat, svc.clusterPolicyChain);
      expect(split.map((s) => s.probability)).toEqual([0.3333333333, 0.5, 1]);
      expect(iptablesSave(state.rules, 'nat')).toContain(
        `-A ${svc.clusterPolicyChain} -m comment --comment "default/web:http -> 10.244.2.7:8080" -m statistic --mode random --probability 0.50000000000 -j ${split[1]!.chain}`,
      );
    }
  });

  it('stops sending to an endpoint once it is not ready', () => {
    const c = cluster();
    create(c, SERVICES, webClusterIP);
    create(c, SLICES, threeReady);
    c.sequencer.runFor(2_000);
    const stored = c.call('GET', `${SLICES}/web-abc12`).body as KubeObject;
    const endpoints = (stored.endpoints as { conditions: { ready: boolean } }[]).map((e, i) =>
      i === 1 ? { ...e, conditions: { ready: false, serving: false, terminating: false } } : e,
    );
    expect(c.call('PUT', `${SLICES}/web-abc12`, { body: { ...stored, endpoints } }).code).toBe(200);
    c.sequencer.runFor(2_000);
    const state = c.sequencer.stateOf<KubeProxyState>('kube-proxy/node-1')!;
    const split = chainSplit(
      state.rules.nat,
      servicePortInfos(webClusterIP)[0]!.clusterPolicyChain,
    );
    expect(split.map((s) => [s.endpoint, s.probability])).toEqual([
      ['10.244.1.5:8080', 0.5],
      ['10.244.3.9:8080', 1],
    ]);
  });

  it('routes a ClusterIP request to a backend and back, hop by hop', () => {
    const c = cluster();
    create(c, SERVICES, webClusterIP);
    create(c, SLICES, threeReady);
    c.sequencer.runFor(2_000);
    const start = c.sequencer.trace.length;
    const reply = send(c, 'kube-proxy/node-1', '10.96.0.50:80');
    expect(reply.response?.status).toBe(200);
    expect(['web-1', 'web-2', 'web-3']).toContain(reply.response?.servedBy);
    expect(reply.destination).toBe('10.96.0.50:80');
    const backendNode = { 'web-1': 'node-1', 'web-2': 'node-2', 'web-3': 'node-3' }[
      reply.response!.servedBy!
    ]!;
    expect(reply.hops).toEqual([
      'user',
      'kube-proxy/node-1',
      `containerd/${backendNode}`,
      'kube-proxy/node-1',
    ]);
    const path = c.sequencer.trace
      .slice(start)
      .filter((e) => e.kind === 'traffic')
      .map((e) => `${e.from} -> ${e.to}`);
    expect(path).toEqual([
      'user -> kube-proxy/node-1',
      `kube-proxy/node-1 -> containerd/${backendNode}`,
      `containerd/${backendNode} -> kube-proxy/node-1`,
      'kube-proxy/node-1 -> user',
    ]);
  });

  it('spreads requests roughly evenly and the same seed gives the same choices', () => {
    const run = (seed: number) => {
      const c = cluster(seed);
      create(c, SERVICES, webClusterIP);
      create(c, SLICES, threeReady);
      c.sequencer.runFor(2_000);
      const counts: Record<string, number> = {};
      const order: string[] = [];
      for (let i = 0; i < 300; i++) {
        const served = send(c, 'kube-proxy/node-2', '10.96.0.50:80').response!.servedBy!;
        counts[served] = (counts[served] ?? 0) + 1;
        order.push(served);
      }
      return { counts, order };
    };
    const a = run(11);
    for (const pod of ['web-1', 'web-2', 'web-3']) {
      expect(a.counts[pod]).toBeGreaterThan(70);
      expect(a.counts[pod]).toBeLessThan(130);
    }
    expect(run(11).order).toEqual(a.order);
  });

  it('refuses a service without endpoints and drops NodePort traffic under Local policy off-node', () => {
    const c = cluster();
    create(
      c,
      SERVICES,
      service('empty', { type: 'ClusterIP', clusterIP: '10.96.0.60', ports: [{ port: 80 }] }),
    );
    create(
      c,
      SERVICES,
      service('local', {
        type: 'NodePort',
        clusterIP: '10.96.0.70',
        externalTrafficPolicy: 'Local',
        ports: [{ port: 80, targetPort: 8080, nodePort: 30080 }],
      }),
    );
    create(
      c,
      SLICES,
      endpointSlice('local', [{ ip: '10.244.2.7', node: 'node-2' }], [{ port: 8080 }]),
    );
    c.sequencer.runFor(2_000);
    expect(send(c, 'kube-proxy/node-1', '10.96.0.60:80').response).toEqual({
      status: 0,
      error: 'connection refused',
    });
    expect(send(c, 'kube-proxy/node-1', '192.168.0.11:30080').response).toEqual({
      status: 0,
      error: 'connection timed out',
    });
    expect(send(c, 'kube-proxy/node-2', '192.168.0.12:30080').response).toEqual({
      status: 200,
      servedBy: 'web-2',
    });
    // Cluster traffic to the ClusterIP still reaches the endpoint from any node.
    expect(send(c, 'kube-proxy/node-1', '10.96.0.70:80').response).toEqual({
      status: 200,
      servedBy: 'web-2',
    });
    expect(send(c, 'kube-proxy/node-1', '10.96.9.9:80').response?.error).toBe(
      'connection timed out',
    );
    expect(send(c, 'kube-proxy/node-1', '192.168.0.11:31999').response?.error).toBe(
      'connection refused',
    );
  });

  it('paces syncs with minSyncPeriod: a burst of two, then one per second', () => {
    const c = cluster();
    const proxy = () => c.sequencer.stateOf<KubeProxyState>('kube-proxy/node-1')!;
    const before = proxy().syncs;
    const servicesBefore = proxy().rules.numServices;
    for (let i = 0; i < 5; i++)
      c.request('POST', SERVICES, {
        body: service(`s${i}`, {
          type: 'ClusterIP',
          clusterIP: `10.96.1.${i + 1}`,
          ports: [{ port: 80 }],
        }),
      });
    // Five changes within a few ms: two syncs at once, the rest wait for the next token.
    const start = c.sequencer.now;
    c.sequencer.runUntil(start + 300);
    expect(proxy().syncs - before).toBe(2);
    expect(proxy().rules.numServices).toBeLessThan(servicesBefore + 5);
    c.sequencer.runFor(3_000);
    expect(proxy().rules.numServices).toBe(servicesBefore + 5);
    expect(proxy().syncs - before).toBe(3);
  });
});
