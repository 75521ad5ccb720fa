import { describe, expect, it } from 'vitest';
import type { Cluster } from '../../cluster/cluster.ts';
import type { KubeObject } from '../../api/objects.ts';
import { kcmCluster, ok, runUntil } from '../nodelifecycle/testCluster.ts';
import { namespaceController } from './index.ts';

const ns = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
const cm = (name: string, finalizers?: string[]) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, ...(finalizers ? { finalizers } : {}) },
  data: { k: 'v' },
});
const pod = (name: string, nodeName?: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: { ...(nodeName ? { nodeName } : {}), containers: [{ name: 'app', image: 'nginx' }] },
});
const stored = (c: Cluster, name: string): KubeObject | undefined =>
  c.stored(`/registry/namespaces/${name}`)[0];
const condition = (o: KubeObject | undefined, type: string) =>
  (
    (
      o?.status as {
        conditions?: { type: string; status: string; reason: string; message: string }[];
      }
    )?.conditions ?? []
  ).find((c) => c.type === type);
const contentOf = (c: Cluster, name: string) =>
  [
    '/registry/pods/',
    '/registry/configmaps/',
    '/registry/deployments/',
    '/registry/serviceaccounts/',
  ].flatMap((p) => c.stored(`${p}${name}/`));

describe('namespace controller (real cluster)', () => {
  it('empties a deleted namespace and then removes it', () => {
    const c = kcmCluster([namespaceController]);
    ok(c.call('POST', '/api/v1/namespaces', { body: ns('team-a') }));
    ok(c.call('POST', '/api/v1/namespaces/team-a/configmaps', { body: cm('settings') }));
    ok(c.call('POST', '/api/v1/namespaces/team-a/pods', { body: pod('loose') }));
    ok(
      c.call('POST', '/apis/apps/v1/namespaces/team-a/deployments', {
        body: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'web' },
          spec: {
            selector: { matchLabels: { app: 'web' } },
            template: {
              metadata: { labels: { app: 'web' } },
              spec: { containers: [{ name: 'web', image: 'nginx' }] },
            },
          },
        },
      }),
    );
    expect(contentOf(c, 'team-a')).toHaveLength(3);
    ok(c.call('DELETE', '/api/v1/namespaces/team-a'));
    runUntil(c, () => stored(c, 'team-a') === undefined, 10_000, 10);
    expect(contentOf(c, 'team-a')).toEqual([]);
    // Other namespaces are untouched.
    expect(stored(c, 'default')).toBeDefined();
  });

  it('waits for a terminating pod, reporting what remains, then finishes', () => {
    const c = kcmCluster([namespaceController]);
    ok(c.call('POST', '/api/v1/namespaces', { body: ns('team-b') }));
    ok(c.call('POST', '/api/v1/namespaces/team-b/pods', { body: pod('running', 'node-1') }));
    ok(c.call('DELETE', '/api/v1/namespaces/team-b'));
    c.sequencer.runFor(1_000);
    const pending = stored(c, 'team-b');
    expect((pending?.status as { phase: string }).phase).toBe('Terminating');
    expect(c.stored('/registry/pods/team-b/running')[0]?.metadata.deletionTimestamp).toBeDefined();
    expect(condition(pending, 'NamespaceContentRemaining')).toMatchObject({
      status: 'True',
      reason: 'SomeResourcesRemain',
      message: 'Some resources are remaining: pods. has 1 resource instances',
    });
    expect(condition(pending, 'NamespaceDeletionContentFailure')).toMatchObject({
      status: 'False',
      reason: 'ContentDeleted',
      message: 'All content successfully deleted, may be waiting on finalization',
    });
    // The kubelet confirms the pod stopped.
    ok(
      c.call('DELETE', '/api/v1/namespaces/team-b/pods/running', {
        body: { kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: 0 },
      }),
    );
    // Checked again after estimate/2 + 1 = 16 s.
    const gone = runUntil(c, () => stored(c, 'team-b') === undefined, 30_000, 100);
    expect(gone).toBeLessThan(20_000);
  });

  it('reports content finalizers and waits for them', () => {
    const c = kcmCluster([namespaceController]);
    ok(c.call('POST', '/api/v1/namespaces', { body: ns('team-c') }));
    ok(
      c.call('POST', '/api/v1/namespaces/team-c/configmaps', {
        body: cm('kept', ['example.com/keep']),
      }),
    );
    ok(c.call('DELETE', '/api/v1/namespaces/team-c'));
    c.sequencer.runFor(1_000);
    expect(condition(stored(c, 'team-c'), 'NamespaceFinalizersRemaining')).toMatchObject({
      status: 'True',
      reason: 'SomeFinalizersRemain',
      message:
        'Some content in the namespace has finalizers remaining: example.com/keep in 1 resource instances',
    });
    ok(
      c.call('PATCH', '/api/v1/namespaces/team-c/configmaps/kept', {
        body: { metadata: { finalizers: null } },
        contentType: 'application/merge-patch+json',
      }),
    );
    runUntil(c, () => stored(c, 'team-c') === undefined, 30_000, 100);
    expect(c.stored('/registry/configmaps/team-c/')).toEqual([]);
  });
});
