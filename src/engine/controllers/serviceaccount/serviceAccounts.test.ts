import { describe, expect, it } from 'vitest';
import { kcmCluster, ok } from '../nodelifecycle/testCluster.ts';
import { serviceAccountsController } from './index.ts';

describe('service account controller (real cluster)', () => {
  it('creates a default ServiceAccount in every namespace, new or existing, and recreates it', () => {
    const c = kcmCluster([serviceAccountsController]);
    c.sequencer.runFor(100);
    for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease'])
      expect(c.stored(`/registry/serviceaccounts/${ns}/default`)).toHaveLength(1);
    ok(
      c.call('POST', '/api/v1/namespaces', {
        body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } },
      }),
    );
    c.sequencer.runFor(50);
    const sa = c.stored('/registry/serviceaccounts/team-a/default')[0];
    expect(sa).toMatchObject({
      kind: 'ServiceAccount',
      metadata: { name: 'default', namespace: 'team-a' },
    });
    ok(c.call('DELETE', '/api/v1/namespaces/team-a/serviceaccounts/default'));
    c.sequencer.runFor(50);
    const again = c.stored('/registry/serviceaccounts/team-a/default')[0];
    expect(again?.metadata.uid).toBeDefined();
    expect(again?.metadata.uid).not.toBe(sa?.metadata.uid);
  });

  it('leaves a terminating namespace alone', () => {
    const c = kcmCluster([serviceAccountsController]);
    ok(
      c.call('POST', '/api/v1/namespaces', {
        body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'gone' } },
      }),
    );
    c.sequencer.runFor(50);
    ok(c.call('DELETE', '/api/v1/namespaces/gone'));
    ok(c.call('DELETE', '/api/v1/namespaces/gone/serviceaccounts/default'));
    c.sequencer.runFor(100);
    expect(c.stored('/registry/serviceaccounts/gone/default')).toEqual([]);
  });
});
