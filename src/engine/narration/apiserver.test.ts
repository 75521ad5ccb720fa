import { describe, expect, it } from 'vitest';
import { narrate } from './narrate.ts';
import { contextOf, delivered, etcdChange, message, podObject } from './testing/fixtures.ts';
import type { Payload } from '../protocol.ts';

const createDeployment: Payload = {
  kind: 'api.request',
  method: 'POST',
  path: '/apis/apps/v1/namespaces/default/deployments',
  body: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' } },
};

const pipelineNotes = [
  'authentication: kubernetes-admin (groups: system:masters, system:authenticated)',
  'authorization: RBAC: allowed by ClusterRole "cluster-admin"',
  'admission NamespaceLifecycle: namespace default is Active',
  'validation: passed',
  'storage: txn put /registry/deployments/default/web if it does not exist (create_revision = 0)',
];

describe('the apiserver handling a request', () => {
  it('says who asked for what and explains every stage of the pipeline', () => {
    const e = delivered('kubectl', 'kube-apiserver', createDeployment, {
      cause: null,
      notes: pipelineNotes,
    });
    const n = narrate(e, createDeployment);
    expect(n.actor).toBe('kube-apiserver');
    expect(n.headline).toBe(
      "The apiserver checks kubectl's request to create Deployment default/web and sends the write to etcd.",
    );
    expect(n.title).toBe('kubectl asks to create Deployment default/web');
    const details = n.details!.join('\n');
    expect(details).toContain('Authentication: the credentials identify the user kubernetes-admin');
    expect(details).toContain('Authorization: RBAC: allowed by ClusterRole "cluster-admin".');
    expect(details).toContain('NamespaceLifecycle');
    expect(details).toContain('Validation');
    expect(details).toContain('only if the key does not exist yet (create_revision = 0)');
  });

  it('names a generated name, a binding and an optimistic-concurrency write', () => {
    const bind: Payload = {
      kind: 'api.request',
      method: 'POST',
      path: '/api/v1/namespaces/default/pods/web-x/binding',
      body: {
        kind: 'Binding',
        metadata: { name: 'web-x' },
        target: { kind: 'Node', name: 'node-2' },
      },
    };
    const e = delivered('kube-scheduler', 'kube-apiserver', bind, {
      notes: [
        'bind pod web-x to node node-2',
        'storage: txn put /registry/pods/default/web-x if mod_revision = 59',
      ],
    });
    const n = narrate(e, bind);
    expect(n.headline).toContain("the scheduler's request to bind pod default/web-x to node-2");
    expect(n.title).toBeUndefined();
    expect(n.details!.join(' ')).toContain('sets spec.nodeName of pod web-x to node-2');
    expect(n.details!.join(' ')).toContain('only if its mod_revision is still 59');
    const gen = narrate(
      delivered('kube-controller-manager', 'kube-apiserver', createDeployment, {
        notes: ['generateName "web-6ffb5b9cb4-" -> name "web-6ffb5b9cb4-nddmh"'],
      }),
      createDeployment,
    );
    expect(gen.details![0]).toContain('"web-6ffb5b9cb4-nddmh"');
  });

  it('reports a refusal with its status', () => {
    const e = delivered('kubectl', 'kube-apiserver', createDeployment, {
      cause: null,
      notes: ['rejected: 403 Forbidden'],
    });
    expect(narrate(e, createDeployment).headline).toBe(
      "The apiserver refuses kubectl's request to create Deployment default/web: 403 Forbidden.",
    );
  });

  it('falls back on the summary without a payload', () => {
    const e = delivered('kubectl', 'kube-apiserver', createDeployment, {
      summary: 'POST /apis/apps/v1/namespaces/default/deployments',
    });
    expect(narrate(e, undefined).headline).toContain(
      'POST /apis/apps/v1/namespaces/default/deployments',
    );
  });
});

describe('the apiserver hearing from etcd', () => {
  it('ties a committed write to the reply it sends', () => {
    const reply: Payload = { kind: 'api.response', inReplyTo: 'kubectl#1', code: 201, body: {} };
    const answer: Payload = {
      kind: 'etcd.response',
      inReplyTo: 'kube-apiserver#9',
      response: { op: 'txn', header: { revision: 55 }, succeeded: true, responses: [] },
    };
    const ctx = contextOf({ sent: [message('kube-apiserver', 'kubectl', reply)] });
    const n = narrate(delivered('etcd', 'kube-apiserver', answer), answer, ctx);
    expect(n.headline).toBe(
      "etcd confirms the apiserver's write at revision 55, and the apiserver answers kubectl: 201 Created.",
    );
    expect(n.details![0]).toContain('metadata.resourceVersion');
  });

  it('fans a change out to the watchers it matches', () => {
    const change = etcdChange(60, {
      key: '/registry/pods/default/web-x',
      value: podObject('web-x'),
      createRevision: 59,
      version: 2,
    });
    const watch = (to: string) =>
      message('kube-apiserver', to, {
        kind: 'api.watch',
        watchId: `${to}#1`,
        type: 'MODIFIED',
        object: podObject('web-x'),
      });
    const ctx = contextOf({
      sent: [watch('kube-scheduler'), watch('kubelet/node-1'), watch('kube-controller-manager')],
    });
    const n = narrate(
      delivered('etcd', 'kube-apiserver', change, {
        notes: ['watch cache at revision 60; fan-out to 3 watcher(s)'],
      }),
      change,
      ctx,
    );
    expect(n.headline).toBe(
      'etcd tells the apiserver that /registry/pods/default/web-x was written at revision 60; the apiserver passes it to 3 watchers.',
    );
    const details = n.details!.join(' ');
    expect(details).toContain(
      'Watch MODIFIED pod default/web-x goes to the scheduler, the kubelet on node-1 and the controller manager.',
    );
    expect(details).toContain('spec.nodeName');
  });

  it('counts watchers from the note when it cannot see what was sent', () => {
    const change = etcdChange(61);
    const n = narrate(
      delivered('etcd', 'kube-apiserver', change, {
        summary: 'PUT /registry/pods/default/x rev 61',
        notes: ['watch cache at revision 61; fan-out to 0 watcher(s)'],
      }),
      change,
    );
    expect(n.headline).toContain('no client watches it');
  });

  it('tells an events watch served from etcd from the watch cache', () => {
    const change = etcdChange(62, {
      key: '/registry/events/default/x',
      value: { apiVersion: 'v1', kind: 'Event', metadata: { name: 'x' } },
      createRevision: 62,
      version: 1,
    });
    const fromEtcd = narrate(
      delivered('etcd', 'kube-apiserver', change, {
        summary: 'PUT /registry/events/default/x rev 62',
      }),
      change,
    );
    expect(fromEtcd.details![0]).toContain('Events have no watch cache');
    const request: Payload = {
      kind: 'api.request',
      method: 'GET',
      path: '/api/v1/namespaces/default/events',
      query: { watch: 'true', resourceVersion: '40' },
    };
    const started = narrate(
      delivered('kubectl', 'kube-apiserver', request, {
        cause: null,
        notes: [
          'no watch cache for /registry/events/default/: watching etcd from revision 41',
          "etcd compacted past the watch's revision: 410 Expired",
        ],
      }),
      request,
    );
    const details = started.details!.join('\n');
    expect(details).toContain('No watch cache: the apiserver keeps none for events');
    expect(details).toContain('The resourceVersion for the provided watch is too old.');
  });
});
