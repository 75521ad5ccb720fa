import { describe, expect, it } from 'vitest';
import { parseRfc3339 } from '../../../shared/index.ts';
import type { KubeObject } from '../../api/objects.ts';
import { PODS, bindPod, body, pod, startedCluster } from './helpers.ts';

describe('kube-apiserver: deletion', () => {
  it('deletes a pod that is not on a node at once', () => {
    const c = startedCluster();
    c.call('POST', PODS, { body: pod('web') });
    const r = c.call('DELETE', `${PODS}/web`);
    expect(r.code).toBe(200);
    expect(c.call('GET', `${PODS}/web`).code).toBe(404);
  });

  it('deletes a scheduled pod gracefully and waits for the kubelet to confirm with grace 0', () => {
    const c = startedCluster();
    c.call('POST', PODS, { body: pod('web') });
    bindPod(c, 'web', 'node-1');
    const t0 = c.sequencer.now;
    const r = c.call('DELETE', `${PODS}/web`);
    expect(r.code).toBe(200);
    const marked = body(c.call('GET', `${PODS}/web`));
    expect(marked.metadata.deletionGracePeriodSeconds).toBe(30);
    // deletionTimestamp is when the grace period runs out, 30 s after the request.
    expect(marked.metadata.deletionTimestamp).toBe(
      `2026-01-01T00:00:${String(Math.floor(t0 / 1000) + 30).padStart(2, '0')}Z`,
    );
    // A second delete with a longer grace period changes nothing.
    const rev = c.etcdRevision();
    expect(c.call('DELETE', `${PODS}/web`, { query: { gracePeriodSeconds: '60' } }).code).toBe(200);
    expect(c.etcdRevision()).toBe(rev);
    // The kubelet's final delete: grace 0 with the pod's uid as a precondition.
    const wrongUid = c.call('DELETE', `${PODS}/web`, {
      body: { gracePeriodSeconds: 0, preconditions: { uid: 'not-the-uid' } },
    });
    expect(wrongUid.code).toBe(409);
    expect((wrongUid.body as { message: string }).message).toBe(
      `Operation cannot be fulfilled on Pod "web": the UID in the precondition (not-the-uid) does not match the UID in record (${marked.metadata.uid}). The object might have been deleted and then recreated`,
    );
    const final = c.call('DELETE', `${PODS}/web`, {
      body: { gracePeriodSeconds: 0, preconditions: { uid: marked.metadata.uid } },
    });
    expect(final.code).toBe(200);
    expect(c.call('GET', `${PODS}/web`).code).toBe(404);
  });

  it('counts a shortened grace period from when the deletion began', () => {
    const c = startedCluster();
    c.call('POST', PODS, { body: pod('web') });
    c.call('POST', `${PODS}/web/binding`, {
      body: {
        apiVersion: 'v1',
        kind: 'Binding',
        metadata: { name: 'web' },
        target: { kind: 'Node', name: 'node-1' },
      },
    });
    c.call('DELETE', `${PODS}/web`);
    const first = body(c.call('GET', `${PODS}/web`)).metadata;
    c.sequencer.runFor(5_000);
    c.call('DELETE', `${PODS}/web`, { query: { gracePeriodSeconds: '10' } });
    const second = body(c.call('GET', `${PODS}/web`)).metadata;
    expect(second.deletionGracePeriodSeconds).toBe(10);
    // 30 s deadline minus 30 plus 10: 20 s earlier than the first deadline, not "now + 10".
    expect(
      parseRfc3339(String(second.deletionTimestamp))! -
        parseRfc3339(String(first.deletionTimestamp))!,
    ).toBe(-20);
  });

  it('waits for finalizers, and deletes when the last one is removed', () => {
    const c = startedCluster();
    const cm = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings', finalizers: ['example.com/keep'] },
      data: { a: '1' },
    };
    c.call('POST', '/api/v1/namespaces/default/configmaps', { body: cm });
    expect(c.call('DELETE', '/api/v1/namespaces/default/configmaps/settings').code).toBe(200);
    const pending = body(c.call('GET', '/api/v1/namespaces/default/configmaps/settings'));
    expect(pending.metadata.deletionTimestamp).toBeTruthy();
    expect(pending.metadata.finalizers).toEqual(['example.com/keep']);
    // Changes other than removing finalizers are still accepted while waiting.
    const removed = c.call('PATCH', '/api/v1/namespaces/default/configmaps/settings', {
      body: { metadata: { finalizers: null } },
      contentType: 'application/merge-patch+json',
    });
    expect(removed.code).toBe(200);
    expect(c.call('GET', '/api/v1/namespaces/default/configmaps/settings').code).toBe(404);
  });

  it('adds the foregroundDeletion finalizer for propagationPolicy=Foreground', () => {
    const c = startedCluster();
    c.call('POST', '/api/v1/namespaces/default/configmaps', {
      body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } },
    });
    c.call('DELETE', '/api/v1/namespaces/default/configmaps/x', {
      query: { propagationPolicy: 'Foreground' },
    });
    expect(
      body(c.call('GET', '/api/v1/namespaces/default/configmaps/x')).metadata.finalizers,
    ).toEqual(['foregroundDeletion']);
    const bad = c.call('DELETE', '/api/v1/namespaces/default/configmaps/x', {
      query: { propagationPolicy: 'Sideways' },
    });
    expect(bad.code).toBe(422);
  });

  it('marks a deleted namespace Terminating and refuses new content in it', () => {
    const c = startedCluster();
    expect(
      c.call('POST', '/api/v1/namespaces', {
        body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } },
      }).code,
    ).toBe(201);
    expect(c.call('POST', '/api/v1/namespaces/team-a/pods', { body: pod('p') }).code).toBe(201);
    expect(c.call('DELETE', '/api/v1/namespaces/team-a').code).toBe(200);
    const ns = body(c.call('GET', '/api/v1/namespaces/team-a'));
    expect(ns.status).toEqual({ phase: 'Terminating' });
    expect(ns.metadata.deletionTimestamp).toBeTruthy();
    const r = c.call('POST', '/api/v1/namespaces/team-a/pods', { body: pod('q') });
    expect(r.code).toBe(403);
    expect(r.body).toMatchObject({
      reason: 'Forbidden',
      message:
        'pods "q" is forbidden: unable to create new content in namespace team-a because it is being terminated',
    });
    // Clearing its last finalizer (the namespace controller's final step) removes it.
    const finalize = c.call('PUT', '/api/v1/namespaces/team-a/finalize', {
      body: { ...ns, spec: { finalizers: [] } },
    });
    expect(finalize.code).toBe(200);
    expect(c.call('GET', '/api/v1/namespaces/team-a').code).toBe(404);
  });

  it('refuses to create in a namespace that does not exist', () => {
    const c = startedCluster();
    const r = c.call('POST', '/api/v1/namespaces/nowhere/pods', { body: pod('p') });
    expect(r.code).toBe(404);
    expect(r.body).toMatchObject({ reason: 'NotFound', message: 'namespaces "nowhere" not found' });
  });

  it('returns 404 NotFound with the real message for a missing object', () => {
    const c = startedCluster();
    for (const [method, extra] of [
      ['GET', {}],
      ['PUT', { body: pod('ghost') }],
      ['DELETE', {}],
    ] as const) {
      const r = c.call(method, `${PODS}/ghost`, extra as { body?: KubeObject });
      expect(r.code).toBe(404);
      expect(r.body).toMatchObject({
        kind: 'Status',
        status: 'Failure',
        reason: 'NotFound',
        message: 'pods "ghost" not found',
        details: { name: 'ghost', kind: 'pods' },
      });
    }
  });
});
