import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster/cluster.ts';
import type { KubeObject } from '../api/objects.ts';
import { loadgen } from './loadgen.ts';
import { metricsServer } from './metricsServer.ts';
import { goDuration, parseGoDuration } from './podMetrics.ts';
import { fakeKubelet, type FakeKubeletState } from './testing.ts';

const PODS = '/api/v1/namespaces/default/pods';
const METRICS = '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods';

function setup() {
  const cluster = new Cluster({
    seed: 11,
    registry: {
      'metrics-server': metricsServer,
      'fake-kubelet': fakeKubelet,
      loadgen,
    },
  });
  const s = cluster.sequencer;
  s.runFor(50);
  const must = (r: { code: number; body: unknown }, code: number) => {
    if (r.code !== code)
      throw new Error(`expected ${code}, got ${r.code}: ${JSON.stringify(r.body)}`);
    return r.body as KubeObject & Record<string, unknown>;
  };
  for (const node of ['node-1', 'node-2']) {
    must(
      cluster.call('POST', '/api/v1/nodes', {
        body: { apiVersion: 'v1', kind: 'Node', metadata: { name: node } },
      }),
      201,
    );
    s.startComponent(`kubelet/${node}`, 'fake-kubelet', { node });
  }
  const addPod = (name: string, node: string, labels: Record<string, string>, ready = true) => {
    must(
      cluster.call('POST', PODS, {
        body: {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name, labels },
          spec: { nodeName: node, containers: [{ name: 'app', image: 'nginx' }] },
        },
      }),
      201,
    );
    must(
      cluster.call('PATCH', `${PODS}/${name}/status`, {
        contentType: 'application/merge-patch+json',
        body: {
          status: {
            phase: 'Running',
            conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
          },
        },
      }),
      200,
    );
  };
  const kubelet = (node: string) => s.stateOf<FakeKubeletState>(`kubelet/${node}`)!;
  return { cluster, must, addPod, kubelet };
}

describe('metrics-server', () => {
  it('scrapes every kubelet each 15 s and serves PodMetrics in the metrics.k8s.io shape', () => {
    const t = setup();
    t.addPod('web-1', 'node-1', { app: 'web' });
    t.addPod('web-2', 'node-2', { app: 'web' });
    t.addPod('db-1', 'node-2', { app: 'db' });
    t.kubelet('node-1').usage = { 'default/web-1': 400 };
    t.kubelet('node-2').usage = { 'default/web-2': 1500, 'default/db-1': 0.5 };
    t.cluster.sequencer.startComponent('metrics-server', 'metrics-server', {});
    // Before the first scrape there is nothing to serve.
    expect(t.must(t.cluster.call('GET', METRICS), 200).items).toEqual([]);
    t.cluster.sequencer.runFor(15_000);
    expect(t.kubelet('node-1').scrapes).toBe(1);
    const list = t.must(
      t.cluster.call('GET', METRICS, { query: { labelSelector: 'app=web' } }),
      200,
    );
    expect(list.kind).toBe('PodMetricsList');
    expect(list.apiVersion).toBe('metrics.k8s.io/v1beta1');
    const items = list.items as Record<string, unknown>[];
    expect(items.map((i) => (i.metadata as { name: string }).name)).toEqual(['web-1', 'web-2']);
    expect(items[0]).toEqual({
      kind: 'PodMetrics',
      apiVersion: 'metrics.k8s.io/v1beta1',
      metadata: {
        name: 'web-1',
        namespace: 'default',
        creationTimestamp: expect.stringMatching(/^2026-01-01T00:00:1\dZ$/),
        labels: { app: 'web' },
      },
      timestamp: expect.stringMatching(/^2026-01-01T00:00:1\dZ$/),
      window: '15s',
      containers: [{ name: 'app', usage: { cpu: '400m', memory: '64Mi' } }],
    });
    expect((items[1]!.containers as { usage: { cpu: string } }[])[0]!.usage.cpu).toBe('1500m');
    const db = t.must(t.cluster.call('GET', `${METRICS}/db-1`), 200);
    expect((db.containers as { usage: { cpu: string } }[])[0]!.usage.cpu).toBe('500u');
    const missing = t.cluster.call('GET', `${METRICS}/nope`);
    expect(missing.code).toBe(404);
    expect((missing.body as { message: string }).message).toBe(
      'podmetrics.metrics.k8s.io "default/nope" not found',
    );
    t.cluster.sequencer.runFor(15_000);
    expect(t.kubelet('node-2').scrapes).toBe(2);
  });

  it('drops the pods of a node whose kubelet stops answering', () => {
    const t = setup();
    t.addPod('web-1', 'node-1', { app: 'web' });
    t.addPod('web-2', 'node-2', { app: 'web' });
    t.kubelet('node-1').usage = { 'default/web-1': 100 };
    t.kubelet('node-2').usage = { 'default/web-2': 100 };
    t.cluster.sequencer.startComponent('metrics-server', 'metrics-server', {});
    t.cluster.sequencer.runFor(15_500);
    expect((t.must(t.cluster.call('GET', METRICS), 200).items as unknown[]).length).toBe(2);
    t.cluster.sequencer.stopComponent('kubelet/node-2');
    t.cluster.sequencer.runFor(30_000);
    const names = (
      t.must(t.cluster.call('GET', METRICS), 200).items as { metadata: { name: string } }[]
    ).map((i) => i.metadata.name);
    expect(names).toEqual(['web-1']);
  });

  it('formats windows as Go durations', () => {
    expect(goDuration(15)).toBe('15s');
    expect(goDuration(10.5)).toBe('10.5s');
    expect(goDuration(60)).toBe('1m0s');
    expect(parseGoDuration('1m0s')).toBe(60);
    expect(parseGoDuration('15.25s')).toBe(15.25);
  });
});

describe('loadgen', () => {
  it("spreads a workload's demand evenly over its Running and Ready pods, per node", () => {
    const t = setup();
    t.addPod('web-1', 'node-1', { app: 'web' });
    t.addPod('web-2', 'node-2', { app: 'web' });
    t.addPod('web-3', 'node-2', { app: 'web' });
    t.addPod('web-4', 'node-1', { app: 'web' }, false); // not Ready: gets no traffic
    t.addPod('db-1', 'node-1', { app: 'db' });
    const uid = (name: string) =>
      t.must(t.cluster.call('GET', `${PODS}/${name}`), 200).metadata.uid!;
    t.cluster.sequencer.startComponent('loadgen', 'loadgen', {});
    t.cluster.sequencer.runFor(1_000);
    t.cluster.sequencer.inject('kubectl', 'loadgen', {
      kind: 'load.set',
      workload: { namespace: 'default', selector: 'app=web', millicores: 1000 },
    } as never);
    t.cluster.sequencer.runFor(100);
    expect(t.kubelet('node-1').demands.at(-1)).toEqual({ [uid('web-1')]: 334 });
    expect(t.kubelet('node-2').demands.at(-1)).toEqual({
      [uid('web-2')]: 333,
      [uid('web-3')]: 333,
    });
    // Every few seconds it tells the nodes again; ending the load sends empty demand once.
    t.cluster.sequencer.runFor(5_000);
    expect(t.kubelet('node-1').demands.length).toBeGreaterThanOrEqual(2);
    t.cluster.sequencer.inject('kubectl', 'loadgen', {
      kind: 'load.set',
      workload: { namespace: 'default', selector: 'app=web', millicores: 0 },
    } as never);
    t.cluster.sequencer.runFor(100);
    expect(t.kubelet('node-2').demands.at(-1)).toEqual({});
    const count = t.kubelet('node-2').demands.length;
    t.cluster.sequencer.runFor(10_000);
    expect(t.kubelet('node-2').demands.length).toBe(count);
  });
});
