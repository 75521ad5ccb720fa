import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/objects.ts';
import type { Component } from '../sim/component.ts';
import { isConflict, isNotFound, isSuccess, isTimeout } from './errors.ts';
import {
  buildRequest,
  clientHandle,
  newClient,
  pendingCount,
  type ClientResponse,
  type ClientState,
} from './requests.ts';
import { expectActions, filterInformerActions } from './testing/actions.ts';
import { newFixture } from './testing/fixture.ts';
import { sendCreate, sendDelete, sendGet, sendPatch, sendUpdateStatus } from './verbs.ts';

const deployment = (name: string, replicas: number): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'default' },
  spec: { replicas },
});

interface ClientTestState {
  client: ClientState;
  replies: (Omit<ClientResponse, 'body' | 'id'> & { kind: unknown })[];
}

/** Sends one scripted request per step of a plan, logging each reply it routes by tag. */
const scripted: Component<ClientTestState, { timeoutMs?: number }> = {
  type: 'scripted',
  init(config, ctx) {
    const client = newClient({
      credentials: { type: 'x509', commonName: 'system:kube-controller-manager' },
      timeoutMs: config.timeoutMs,
    });
    sendGet(client, ctx, 'deployments.apps', 'default', 'web', { tag: 'get', data: 'default/web' });
    return { client, replies: [] };
  },
  step(state, message, ctx) {
    for (const r of clientHandle(state.client, message, ctx) ?? []) {
      const { body, id: _id, ...rest } = r;
      state.replies.push({ ...rest, kind: body.kind === 'Status' ? body.reason : body.kind });
      const { client } = state;
      if (r.tag === 'get' && isSuccess(r)) {
        const copy = structuredClone(body) as KubeObject;
        copy.status = { replicas: 3 };
        sendUpdateStatus(client, ctx, 'deployments.apps', copy, { tag: 'status' });
      } else if (r.tag === 'status') {
        sendPatch(
          client,
          ctx,
          'deployments.apps',
          'default',
          'web',
          { spec: { replicas: 5 } },
          {
            tag: 'patch',
          },
        );
      } else if (r.tag === 'patch') {
        sendCreate(client, ctx, 'deployments.apps', deployment('web', 1), { tag: 'create' });
      } else if (r.tag === 'create') {
        sendDelete(client, ctx, 'deployments.apps', 'default', 'web', {
          tag: 'delete',
          propagationPolicy: 'Foreground',
        });
      } else if (r.tag === 'delete') {
        sendGet(client, ctx, 'deployments.apps', 'default', 'web', { tag: 'gone' });
      }
    }
    return state;
  },
};

describe('requests', () => {
  it('builds paths, queries and bodies like a clientset', () => {
    const creds = { type: 'x509' as const, commonName: 'system:kube-scheduler' };
    expect(
      buildRequest(
        {
          verb: 'create',
          resource: 'pods',
          namespace: 'ns',
          name: 'p',
          subresource: 'binding',
          body: { kind: 'Binding' },
        },
        creds,
      ),
    ).toEqual({
      kind: 'api.request',
      method: 'POST',
      path: '/api/v1/namespaces/ns/pods/p/binding',
      body: { kind: 'Binding' },
      contentType: 'application/json',
      credentials: creds,
    });
    expect(
      buildRequest(
        {
          verb: 'list',
          resource: 'nodes',
          namespace: 'ignored',
          query: { labelSelector: '', limit: '500' },
        },
        undefined,
      ),
    ).toEqual({
      kind: 'api.request',
      method: 'GET',
      path: '/api/v1/nodes',
      query: { limit: '500' },
    });
    expect(
      buildRequest(
        {
          verb: 'patch',
          resource: 'leases.coordination.k8s.io',
          namespace: 'kube-system',
          name: 'l',
          body: {},
        },
        undefined,
      ),
    ).toMatchObject({
      method: 'PATCH',
      path: '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/l',
      contentType: 'application/merge-patch+json',
    });
    expect(() => buildRequest({ verb: 'get', resource: 'widgets' }, undefined)).toThrow(
      /unknown resource/,
    );
  });

  it('routes replies by tag and sends exactly the expected requests', () => {
    const f = newFixture({ objects: [deployment('web', 2)], registry: { scripted } });
    f.start('kcm', 'scripted');
    f.sequencer.runFor(1_000);
    const state = f.sequencer.stateOf<ClientTestState>('kcm')!;
    expect(state.replies.map((r) => `${r.tag} ${r.code} ${String(r.kind)}`)).toEqual([
      'get 200 Deployment',
      'status 200 Deployment',
      'patch 200 Deployment',
      'create 409 AlreadyExists',
      'delete 200 Deployment',
      'gone 404 NotFound',
    ]);
    expect(state.replies[0]!.data).toBe('default/web');
    expect(pendingCount(state.client)).toBe(0);
    const dep = {
      resource: 'deployments.apps',
      namespace: 'default',
      name: 'web',
      user: 'system:kube-controller-manager',
    };
    expectActions(filterInformerActions(f.actions('kcm')), [
      { verb: 'get', ...dep },
      { verb: 'update', subresource: 'status', ...dep },
      { verb: 'patch', ...dep, body: { spec: { replicas: 5 } } },
      { verb: 'create', resource: 'deployments.apps', namespace: 'default', name: '' },
      {
        verb: 'delete',
        ...dep,
        body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Foreground' },
      },
      { verb: 'get', ...dep },
    ]);
    expect(() => expectActions(f.actions('kcm'), [{ verb: 'list' }])).toThrow(/action #0/);
  });

  it('times out a request whose reply never comes', () => {
    const f = newFixture({ objects: [deployment('web', 2)], registry: { scripted } });
    f.fail({ verb: 'get', resource: 'deployments.apps', drop: true, times: 1 });
    f.start('kcm', 'scripted', { timeoutMs: 10_000 });
    f.sequencer.runFor(9_000);
    const state = () => f.sequencer.stateOf<ClientTestState>('kcm')!;
    expect(state().replies).toEqual([]);
    f.sequencer.runFor(2_000);
    const [timedOut] = state().replies;
    expect(timedOut).toMatchObject({ tag: 'get', code: 0, timedOut: true, kind: 'Timeout' });
    expect(isTimeout({ code: 0, body: {}, timedOut: true })).toBe(true);
    const sweep = f.sequencer.trace.find((e) => e.summary === 'timer client/client')!;
    expect(sweep.deliverAt).toBe(10_000);
  });

  it('answers from reactors with the Status they carry', () => {
    const f = newFixture({ objects: [deployment('web', 2)], registry: { scripted } });
    const conflict = {
      kind: 'Status' as const,
      apiVersion: 'v1' as const,
      metadata: {},
      status: 'Failure' as const,
      reason: 'Conflict' as const,
      message: 'Operation cannot be fulfilled',
      code: 409,
    };
    f.fail({
      verb: 'update',
      resource: 'deployments.apps',
      subresource: 'status',
      status: conflict,
    });
    f.start('kcm', 'scripted');
    f.sequencer.runFor(1_000);
    const replies = f.sequencer.stateOf<ClientTestState>('kcm')!.replies;
    expect(replies.map((r) => `${r.tag} ${r.code}`)).toEqual([
      'get 200',
      'status 409',
      'patch 200',
      'create 409',
      'delete 200',
      'gone 404',
    ]);
    expect(isConflict({ code: 409, body: conflict })).toBe(true);
    expect(isNotFound({ code: 409, body: conflict })).toBe(false);
  });
});
