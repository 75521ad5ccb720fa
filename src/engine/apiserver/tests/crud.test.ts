import { describe, expect, it } from 'vitest';
import type { KubeList, KubeObject } from '../../api/objects.ts';
import { NAME_SUFFIX_ALPHABET } from '../objectMeta.ts';
import { latestKv, type EtcdState } from '../../etcd/index.ts';
import { DEPLOYMENTS, PODS, body, deployment, pod, startedCluster } from './helpers.ts';

describe('kube-apiserver: create, get, list, update, patch', () => {
  it('starts with the four system namespaces', () => {
    const c = startedCluster();
    const r = c.call('GET', '/api/v1/namespaces');
    expect(r.code).toBe(200);
    const names = body<KubeList>(r).items.map((n) => n.metadata.name);
    expect(names).toEqual(['default', 'kube-node-lease', 'kube-public', 'kube-system']);
    expect(
      body<KubeList>(r).items.every((n) => (n.status as { phase: string }).phase === 'Active'),
    ).toBe(true);
  });

  it('creates a pod with server-set metadata and stores it under /registry/pods/<ns>/<name>', () => {
    const c = startedCluster();
    const before = c.etcdRevision();
    const r = c.call('POST', PODS, { body: pod('web') });
    expect(r.code).toBe(201);
    const created = body(r);
    expect(created.metadata.uid).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(created.metadata.creationTimestamp).toBe('2026-01-01T00:00:00Z');
    expect(created.metadata.namespace).toBe('default');
    expect(Number(created.metadata.resourceVersion)).toBe(c.etcdRevision());
    expect(c.etcdRevision()).toBe(before + 1);
    const stored = latestKv(
      c.sequencer.stateOf<EtcdState>('etcd')!.store,
      '/registry/pods/default/web',
    );
    expect(stored?.value).toMatchObject({
      kind: 'Pod',
      metadata: { name: 'web', uid: created.metadata.uid },
    });
    // etcd does not store resourceVersion: its mod_revision is the version.
    expect(
      (stored?.value.metadata as { resourceVersion?: string }).resourceVersion,
    ).toBeUndefined();
    const got = c.call('GET', `${PODS}/web`);
    expect(got.code).toBe(200);
    expect(body(got).metadata.resourceVersion).toBe(created.metadata.resourceVersion);
  });

  it('applies the real defaults on create', () => {
    const c = startedCluster();
    const p = body(
      c.call('POST', PODS, {
        body: pod('web', {
          spec: {
            containers: [
              { name: 'a', image: 'nginx' },
              { name: 'b', image: 'redis:7' },
            ],
          },
        }),
      }),
    );
    const spec = p.spec as Record<string, unknown> & {
      containers: Record<string, unknown>[];
      tolerations: Record<string, unknown>[];
    };
    expect(spec.restartPolicy).toBe('Always');
    expect(spec.dnsPolicy).toBe('ClusterFirst');
    expect(spec.schedulerName).toBe('default-scheduler');
    expect(spec.terminationGracePeriodSeconds).toBe(30);
    expect(spec.serviceAccountName).toBe('default');
    expect(spec.containers[0]!.imagePullPolicy).toBe('Always');
    expect(spec.containers[1]!.imagePullPolicy).toBe('IfNotPresent');
    expect(spec.tolerations).toEqual(
      expect.arrayContaining([
        {
          key: 'node.kubernetes.io/not-ready',
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: 300,
        },
        {
          key: 'node.kubernetes.io/unreachable',
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: 300,
        },
      ]),
    );
    expect((p.status as { phase: string }).phase).toBe('Pending');

    const d = body(c.call('POST', DEPLOYMENTS, { body: deployment('web') }));
    const dspec = d.spec as Record<string, unknown>;
    expect(dspec.strategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
    });
    expect(dspec.revisionHistoryLimit).toBe(10);
    expect(dspec.progressDeadlineSeconds).toBe(600);
    expect(d.metadata.generation).toBe(1);
  });

  it('stores Go zero values as the real apiserver prints them', () => {
    const c = startedCluster();
    const d = body(c.call('POST', DEPLOYMENTS, { body: deployment('web') }));
    expect((d.spec as { template: { metadata: object } }).template.metadata).toEqual({
      labels: { app: 'web' },
      creationTimestamp: null,
    });
    c.call('POST', PODS, { body: pod('p') });
    // A strategic merge patch that nulls lastProbeTime still stores it as null, as Go encodes it.
    const patched = c.call('PATCH', `${PODS}/p/status`, {
      body: {
        status: {
          conditions: [
            {
              type: 'Ready',
              status: 'False',
              lastProbeTime: null,
              lastTransitionTime: '2026-01-01T00:00:01Z',
            },
          ],
        },
      },
      contentType: 'application/strategic-merge-patch+json',
    });
    expect((body(patched).status as { conditions: object[] }).conditions).toEqual([
      {
        type: 'Ready',
        status: 'False',
        lastProbeTime: null,
        lastTransitionTime: '2026-01-01T00:00:01Z',
      },
    ]);
  });

  it('generates names with a 5-character suffix from the real alphabet', () => {
    const c = startedCluster();
    const names = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const r = c.call('POST', PODS, {
        body: { ...pod(''), metadata: { generateName: 'web-7c9d-' } },
      });
      expect(r.code).toBe(201);
      names.add(body(r).metadata.name!);
    }
    expect(names.size).toBe(20);
    for (const name of names) {
      expect(name).toMatch(new RegExp(`^web-7c9d-[${NAME_SUFFIX_ALPHABET}]{5}$`));
    }
  });

  it('refuses a duplicate name with 409 AlreadyExists', () => {
    const c = startedCluster();
    c.call('POST', PODS, { body: pod('web') });
    const r = c.call('POST', PODS, { body: pod('web') });
    expect(r.code).toBe(409);
    expect(r.body).toMatchObject({
      kind: 'Status',
      reason: 'AlreadyExists',
      message: 'pods "web" already exists',
    });
  });

  it('updates with optimistic concurrency: a stale resourceVersion is a 409 Conflict', () => {
    const c = startedCluster();
    const d = body(c.call('POST', DEPLOYMENTS, { body: deployment('web') }));
    const first = structuredClone(d);
    (first.spec as { replicas: number }).replicas = 5;
    const ok = c.call('PUT', `${DEPLOYMENTS}/web`, { body: first });
    expect(ok.code).toBe(200);
    expect(body(ok).metadata.generation).toBe(2);
    const stale = structuredClone(d);
    (stale.spec as { replicas: number }).replicas = 7;
    const r = c.call('PUT', `${DEPLOYMENTS}/web`, { body: stale });
    expect(r.code).toBe(409);
    expect(r.body).toMatchObject({
      reason: 'Conflict',
      message:
        'Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again',
    });
    expect((body(c.call('GET', `${DEPLOYMENTS}/web`)).spec as { replicas: number }).replicas).toBe(
      5,
    );
  });

  it('does not bump resourceVersion or generation for an update that changes nothing', () => {
    const c = startedCluster();
    const d = body(c.call('POST', DEPLOYMENTS, { body: deployment('web') }));
    const rev = c.etcdRevision();
    const r = c.call('PUT', `${DEPLOYMENTS}/web`, { body: d });
    expect(r.code).toBe(200);
    expect(body(r).metadata.resourceVersion).toBe(d.metadata.resourceVersion);
    expect(c.etcdRevision()).toBe(rev);
  });

  it('keeps status out of main-resource updates and spec out of status updates', () => {
    const c = startedCluster();
    const d = body(c.call('POST', DEPLOYMENTS, { body: deployment('web') }));
    const withStatus = { ...d, status: { replicas: 99 } };
    expect(body(c.call('PUT', `${DEPLOYMENTS}/web`, { body: withStatus })).status).toEqual({});
    const current = body(c.call('GET', `${DEPLOYMENTS}/web`));
    const statusUpdate = {
      ...current,
      spec: { ...(current.spec as object), replicas: 42 },
      status: { replicas: 3, observedGeneration: 1 },
    };
    const r = body(c.call('PUT', `${DEPLOYMENTS}/web/status`, { body: statusUpdate }));
    expect(r.status).toEqual({ replicas: 3, observedGeneration: 1 });
    expect((r.spec as { replicas: number }).replicas).toBe(3);
    expect(r.metadata.generation).toBe(1);
  });

  it('patches with merge, strategic merge and JSON patch', () => {
    const c = startedCluster();
    c.call('POST', PODS, {
      body: pod('web', {
        spec: {
          containers: [
            { name: 'app', image: 'nginx:1.27' },
            { name: 'side', image: 'busybox:1' },
          ],
        },
      }),
    });
    const smp = c.call('PATCH', `${PODS}/web`, {
      body: { spec: { containers: [{ name: 'app', image: 'nginx:1.28' }] } },
      contentType: 'application/strategic-merge-patch+json',
    });
    expect(smp.code).toBe(200);
    const containers = (body(smp).spec as { containers: { name: string; image: string }[] })
      .containers;
    expect(containers.map((x) => `${x.name}=${x.image}`)).toEqual([
      'app=nginx:1.28',
      'side=busybox:1',
    ]);
    const merge = c.call('PATCH', `${PODS}/web`, {
      body: { metadata: { labels: { tier: 'front' } } },
      contentType: 'application/merge-patch+json',
    });
    expect(body(merge).metadata.labels).toEqual({ tier: 'front' });
    const json = c.call('PATCH', `${PODS}/web`, {
      body: [{ op: 'replace', path: '/metadata/labels/tier', value: 'back' }],
      contentType: 'application/json-patch+json',
    });
    expect(body(json).metadata.labels).toEqual({ tier: 'back' });
    const bad = c.call('PATCH', `${PODS}/web`, {
      body: [{ op: 'test', path: '/metadata/labels/tier', value: 'nope' }],
      contentType: 'application/json-patch+json',
    });
    expect(bad.code).toBeGreaterThanOrEqual(400);
    expect(body(c.call('GET', `${PODS}/web`)).metadata.labels).toEqual({ tier: 'back' });
  });

  it('loses no update when many clients patch one object at once', () => {
    const c = startedCluster();
    c.call('POST', PODS, { body: pod('shared') });
    const ids = Array.from({ length: 12 }, (_, i) =>
      c.request('PATCH', `${PODS}/shared`, {
        body: { metadata: { labels: { [`k${i}`]: 'v' } } },
        contentType: 'application/merge-patch+json',
      }),
    );
    c.sequencer.runUntilTrue(() => ids.every((id) => c.response(id)));
    expect(ids.map((id) => c.response(id)!.code)).toEqual(ids.map(() => 200));
    const labels = body(c.call('GET', `${PODS}/shared`)).metadata.labels!;
    expect(Object.keys(labels).sort()).toEqual(
      Array.from({ length: 12 }, (_, i) => `k${i}`).sort(),
    );
    // Conflicts were resolved inside the apiserver by re-reading etcd, visible in the trace.
    expect(
      c.sequencer.trace.some((e) => e.notes?.some((n) => n.startsWith('etcd txn failed'))),
    ).toBe(true);
  });

  it('does not judge "nothing changed" from a watch cache that lags etcd', () => {
    const c = startedCluster();
    c.call('POST', PODS, { body: pod('flip', { metadata: { name: 'flip', labels: { v: 'a' } } }) });
    c.sequencer.runFor(10);
    const patch = (v: string) =>
      c.request('PATCH', `${PODS}/flip`, {
        body: { metadata: { labels: { v } } },
        contentType: 'application/merge-patch+json',
      });
    // The second patch arrives while the cache still says v=a, though etcd is about to say v=b.
    const first = patch('b');
    const second = patch('a');
    c.sequencer.runUntilTrue(() => !!c.response(first) && !!c.response(second));
    expect(body(c.call('GET', `${PODS}/flip`)).metadata.labels).toEqual({ v: 'a' });
  });

  it('lists with label and field selectors, from etcd and from the watch cache', () => {
    const c = startedCluster();
    c.call('POST', PODS, {
      body: pod('a', { metadata: { name: 'a', labels: { app: 'web', tier: 'front' } } }),
    });
    c.call('POST', PODS, {
      body: pod('b', { metadata: { name: 'b', labels: { app: 'web', tier: 'back' } } }),
    });
    c.call('POST', PODS, { body: pod('c', { metadata: { name: 'c', labels: { app: 'db' } } }) });
    const names = (query: Record<string, string>) =>
      body<KubeList>(c.call('GET', PODS, { query })).items.map((p: KubeObject) => p.metadata.name);
    expect(names({})).toEqual(['a', 'b', 'c']);
    expect(names({ labelSelector: 'app=web' })).toEqual(['a', 'b']);
    expect(names({ labelSelector: 'app==web,tier!=front' })).toEqual(['b']);
    expect(names({ labelSelector: 'tier in (front,back)' })).toEqual(['a', 'b']);
    expect(names({ labelSelector: 'tier notin (front)' })).toEqual(['b', 'c']);
    expect(names({ labelSelector: 'tier' })).toEqual(['a', 'b']);
    expect(names({ labelSelector: '!tier' })).toEqual(['c']);
    expect(names({ fieldSelector: 'metadata.name=b' })).toEqual(['b']);
    expect(names({ fieldSelector: 'spec.nodeName=' })).toEqual(['a', 'b', 'c']);
    expect(names({ labelSelector: 'app=web', resourceVersion: '0' })).toEqual(['a', 'b']);
    const all = c.call('GET', '/api/v1/pods');
    expect(body<KubeList>(all).metadata.resourceVersion).toBe(String(c.etcdRevision()));
  });

  it('pages a list with limit and continue at one consistent revision', () => {
    const c = startedCluster();
    for (const n of ['a', 'b', 'c', 'd', 'e']) c.call('POST', PODS, { body: pod(n) });
    const first = body<KubeList>(c.call('GET', PODS, { query: { limit: '2' } }));
    expect(first.items.map((p) => p.metadata.name)).toEqual(['a', 'b']);
    expect(first.metadata.continue).toBeTruthy();
    c.call('POST', PODS, { body: pod('bb') });
    const second = body<KubeList>(
      c.call('GET', PODS, { query: { limit: '2', continue: first.metadata.continue! } }),
    );
    expect(second.items.map((p) => p.metadata.name)).toEqual(['c', 'd']);
    expect(second.metadata.resourceVersion).toBe(first.metadata.resourceVersion);
    const third = body<KubeList>(
      c.call('GET', PODS, { query: { limit: '2', continue: second.metadata.continue! } }),
    );
    expect(third.items.map((p) => p.metadata.name)).toEqual(['e']);
    expect(third.metadata.continue).toBeUndefined();
  });

  it('serves the scale subresource and binds pods through pods/binding', () => {
    const c = startedCluster();
    c.call('POST', DEPLOYMENTS, { body: deployment('web') });
    const scale = body(c.call('GET', `${DEPLOYMENTS}/web/scale`));
    expect(scale).toMatchObject({
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      spec: { replicas: 3 },
      status: { replicas: 0, selector: 'app=web' },
    });
    const scaled = c.call('PUT', `${DEPLOYMENTS}/web/scale`, {
      body: { ...scale, spec: { replicas: 5 } },
    });
    expect(body(scaled).spec).toEqual({ replicas: 5 });
    expect((body(c.call('GET', `${DEPLOYMENTS}/web`)).spec as { replicas: number }).replicas).toBe(
      5,
    );
    const negative = c.call('PATCH', `${DEPLOYMENTS}/web/scale`, {
      body: { spec: { replicas: -1 } },
      contentType: 'application/merge-patch+json',
    });
    expect(negative.code).toBe(422);

    c.call('POST', PODS, { body: pod('web-1') });
    const binding = {
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { name: 'web-1' },
      target: { apiVersion: 'v1', kind: 'Node', name: 'node-1' },
    };
    const bound = c.call('POST', `${PODS}/web-1/binding`, { body: binding });
    expect(bound.code).toBe(201);
    expect(bound.body).toMatchObject({ kind: 'Status', status: 'Success' });
    const p = body(c.call('GET', `${PODS}/web-1`));
    expect((p.spec as { nodeName: string }).nodeName).toBe('node-1');
    expect((p.status as { conditions: unknown[] }).conditions).toContainEqual(
      expect.objectContaining({ type: 'PodScheduled', status: 'True' }),
    );
    const again = c.call('POST', `${PODS}/web-1/binding`, {
      body: { ...binding, target: { kind: 'Node', name: 'node-2' } },
    });
    expect(again.code).toBe(409);
    expect(again.body).toMatchObject({
      message:
        'Operation cannot be fulfilled on pods/binding "web-1": pod web-1 is already assigned to node "node-1"',
    });
  });
});
