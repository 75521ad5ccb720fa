import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../engine/index.ts';
import { describeLink, etcdOutcome } from './whyChain.ts';

const event = (e: Partial<TraceEvent>): TraceEvent => ({
  seq: 1,
  id: 'x#1',
  from: 'kubectl',
  to: 'kube-apiserver',
  sentAt: 0,
  deliverAt: 1,
  kind: 'api.request',
  summary: 'POST /apis/apps/v1/namespaces/default/deployments',
  cause: null,
  ...e,
});

describe('why chain links', () => {
  it('reads a request from sender to receiver', () => {
    expect(describeLink(event({}))).toBe(
      'kubectl → kube-apiserver: POST /apis/apps/v1/namespaces/default/deployments',
    );
  });

  it("starts with the learner's own action", () => {
    const action = event({
      id: '',
      from: 'user',
      to: 'user',
      kind: 'user.action',
      summary: 'kubectl create deployment web',
    });
    expect(describeLink(action)).toBe('you: kubectl create deployment web');
  });

  it('tells a watch event from the side of the component that hears it', () => {
    const watch = event({
      from: 'kube-apiserver',
      to: 'kube-controller-manager',
      kind: 'api.watch',
      summary: 'watch ADDED deployment default/web',
    });
    expect(describeLink(watch)).toBe(
      'kube-controller-manager ← watch ADDED deployment default/web',
    );
    const etcd = event({
      from: 'etcd',
      kind: 'etcd.watch',
      summary: 'PUT /registry/deployments/default/web rev 55',
    });
    expect(describeLink(etcd)).toBe(
      'kube-apiserver ← etcd watch: PUT /registry/deployments/default/web rev 55',
    );
  });

  it('shows a timer as the component waking itself, and finds what a write did', () => {
    const timer = event({ from: 'kcm', to: 'kcm', kind: 'timer', summary: 'timer workers' });
    expect(describeLink(timer)).toBe('kcm: timer workers');
    const write = event({ to: 'etcd', kind: 'etcd.request', notes: ['txn succeeded at rev 62'] });
    expect(etcdOutcome(write)).toBe('txn succeeded at rev 62');
    expect(etcdOutcome(event({}))).toBeUndefined();
  });
});
