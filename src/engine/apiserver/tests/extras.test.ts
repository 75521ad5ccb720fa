import { describe, expect, it } from 'vitest';
import type { Component } from '../../sim/component.ts';
import type { KubeList } from '../../api/objects.ts';
import { Cluster } from '../../cluster/cluster.ts';
import { PODS, bindPod, body, pod, startedCluster } from './helpers.ts';

/** Stands in for metrics-server: answers every request with a fixed PodMetricsList. */
const fakeMetricsServer: Component<{ seen: string[] }> = {
  type: 'fake-metrics-server',
  init: () => ({ seen: [] }),
  step(state, message, ctx) {
    if (message.payload.kind === 'api.request') {
      state.seen.push(`${message.payload.path}?${message.payload.query?.labelSelector ?? ''}`);
      ctx.send(message.from, {
        kind: 'api.response',
        inReplyTo: message.id,
        code: 200,
        body: {
          kind: 'PodMetricsList',
          apiVersion: 'metrics.k8s.io/v1beta1',
          metadata: {},
          items: [],
        },
      });
    }
    return state;
  },
};

describe('kube-apiserver: aggregation, eviction, deletecollection', () => {
  it('proxies metrics.k8s.io to metrics-server after authorizing the caller', () => {
    const c = new Cluster({ seed: 1, registry: { 'fake-metrics-server': fakeMetricsServer } });
    c.sequencer.runFor(50);
    c.sequencer.startComponent('metrics-server', 'fake-metrics-server');
    const path = '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods';
    const r = c.call('GET', path, { query: { labelSelector: 'app=web' } });
    expect(r.code).toBe(200);
    expect(r.body.kind).toBe('PodMetricsList');
    expect(c.sequencer.stateOf<{ seen: string[] }>('metrics-server')!.seen).toEqual([
      `${path}?app=web`,
    ]);
    const anonymous = c.call('GET', path, { credentials: null });
    expect(anonymous.code).toBe(403);
    expect(anonymous.body.message).toBe(
      'pods.metrics.k8s.io is forbidden: User "system:anonymous" cannot list resource "pods" in API group "metrics.k8s.io" in the namespace "default"',
    );
  });

  it('answers 503 when the aggregated API server is down', () => {
    const c = startedCluster();
    const r = c.call('GET', '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods');
    expect(r.code).toBe(503);
    expect(r.body).toMatchObject({
      reason: 'ServiceUnavailable',
      message: 'the server is currently unable to handle the request',
    });
  });

  it('evicts a pod through the Eviction API (graceful, 201 Success)', () => {
    const c = startedCluster();
    c.call('POST', PODS, { body: pod('web') });
    bindPod(c, 'web', 'node-1');
    const r = c.call('POST', `${PODS}/web/eviction`, {
      body: {
        apiVersion: 'policy/v1',
        kind: 'Eviction',
        metadata: { name: 'web', namespace: 'default' },
      },
    });
    expect(r.code).toBe(201);
    expect(r.body).toMatchObject({ kind: 'Status', status: 'Success' });
    expect(body(c.call('GET', `${PODS}/web`)).metadata.deletionGracePeriodSeconds).toBe(30);
  });

  it('deletes a collection by label selector and answers with what it deleted', () => {
    const c = startedCluster();
    for (const [name, app] of [
      ['a', 'web'],
      ['b', 'web'],
      ['c', 'db'],
    ] as const)
      c.call('POST', PODS, { body: pod(name, { metadata: { name, labels: { app } } }) });
    c.sequencer.runFor(10);
    const r = c.call('DELETE', PODS, { query: { labelSelector: 'app=web' } });
    expect(r.code).toBe(200);
    expect(body<KubeList>(r).kind).toBe('PodList');
    expect(
      body<KubeList>(r)
        .items.map((p) => p.metadata.name)
        .sort(),
    ).toEqual(['a', 'b']);
    expect(body<KubeList>(c.call('GET', PODS)).items.map((p) => p.metadata.name)).toEqual(['c']);
    expect(
      c.sequencer.trace.filter(
        (e) =>
          e.from === 'kube-apiserver' &&
          e.to === 'kube-apiserver' &&
          e.summary.startsWith('DELETE'),
      ).length,
    ).toBe(2);
  });
});
