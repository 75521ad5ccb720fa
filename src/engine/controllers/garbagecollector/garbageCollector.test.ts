import { describe, expect, it } from 'vitest';
import type { Cluster } from '../../cluster/cluster.ts';
import type { KubeObject } from '../../api/objects.ts';
import { kcmCluster, ok, runUntil } from '../nodelifecycle/testCluster.ts';
import { garbageCollector } from './index.ts';

const DEPLOYMENTS = '/apis/apps/v1/namespaces/default/deployments';
const REPLICASETS = '/apis/apps/v1/namespaces/default/replicasets';
const PODS = '/api/v1/namespaces/default/pods';

const ownerRef = (o: KubeObject) => ({
  apiVersion: o.apiVersion,
  kind: o.kind,
  name: o.metadata.name!,
  uid: o.metadata.uid!,
  controller: true,
  blockOwnerDeletion: true,
});

/** A Deployment owning a ReplicaSet owning two pods, as their controllers would leave them. */
function tree(c: Cluster) {
  const template = {
    metadata: { labels: { app: 'web' } },
    spec: { containers: [{ name: 'web', image: 'nginx' }] },
  };
  const deploy = ok(
    c.call('POST', DEPLOYMENTS, {
      body: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web' },
        spec: { selector: { matchLabels: { app: 'web' } }, template },
      },
    }),
  );
  const rs = ok(
    c.call('POST', REPLICASETS, {
      body: {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: { name: 'web-abc', ownerReferences: [ownerRef(deploy)] },
        spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template },
      },
    }),
  );
  for (const name of ['web-abc-1', 'web-abc-2'])
    ok(
      c.call('POST', PODS, {
        body: {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name, labels: { app: 'web' }, ownerReferences: [ownerRef(rs)] },
          spec: template.spec,
        },
      }),
    );
  c.sequencer.runFor(50);
  return { deploy, rs };
}

const exists = (c: Cluster, key: string) => c.stored(key).length > 0;
const rsKey = '/registry/replicasets/default/web-abc';
const deployKey = '/registry/deployments/default/web';
const podKeys = ['/registry/pods/default/web-abc-1', '/registry/pods/default/web-abc-2'];

describe('garbage collector (real cluster)', () => {
  it('deletes dependents in the background after the owner is gone', () => {
    const c = kcmCluster([garbageCollector]);
    tree(c);
    ok(c.call('DELETE', `${DEPLOYMENTS}/web`));
    expect(exists(c, deployKey)).toBe(false);
    runUntil(c, () => !exists(c, rsKey) && podKeys.every((k) => !exists(c, k)), 5_000, 5);
  });

  it('deletes in the foreground: dependents first, then the owner', () => {
    const c = kcmCluster([garbageCollector]);
    tree(c);
    ok(
      c.call('DELETE', `${DEPLOYMENTS}/web`, {
        body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Foreground' },
      }),
    );
    const order: string[] = [];
    runUntil(
      c,
      () => {
        for (const k of [...podKeys, rsKey, deployKey])
          if (!exists(c, k) && !order.includes(k)) order.push(k);
        // While the deployment waits, it carries the foregroundDeletion finalizer.
        const d = c.stored(deployKey)[0];
        if (d) expect(d.metadata.finalizers).toContain('foregroundDeletion');
        return order.length === 4;
      },
      5_000,
      1,
    );
    expect(order.indexOf(rsKey)).toBeGreaterThan(
      Math.max(order.indexOf(podKeys[0]!), order.indexOf(podKeys[1]!)),
    );
    expect(order.at(-1)).toBe(deployKey);
  });

  it('orphans: dependents stay, without the owner reference', () => {
    const c = kcmCluster([garbageCollector]);
    const { rs } = tree(c);
    ok(
      c.call('DELETE', `${DEPLOYMENTS}/web`, {
        body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Orphan' },
      }),
    );
    runUntil(c, () => !exists(c, deployKey), 5_000, 5);
    c.sequencer.runFor(500);
    const left = c.stored(rsKey)[0]!;
    expect(left.metadata.uid).toBe(rs.metadata.uid);
    expect(left.metadata.ownerReferences ?? []).toEqual([]);
    for (const k of podKeys)
      expect(c.stored(k)[0]?.metadata.ownerReferences).toEqual([ownerRef(rs)]);
  });

  it('keeps a dependent that still has a live owner, dropping only the dead one', () => {
    const c = kcmCluster([garbageCollector]);
    const a = ok(
      c.call('POST', '/api/v1/namespaces/default/configmaps', {
        body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } },
      }),
    );
    const b = ok(
      c.call('POST', '/api/v1/namespaces/default/configmaps', {
        body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' } },
      }),
    );
    const refs = [a, b].map((o) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      name: o.metadata.name!,
      uid: o.metadata.uid!,
    }));
    ok(
      c.call('POST', '/api/v1/namespaces/default/secrets', {
        body: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', ownerReferences: refs } },
      }),
    );
    c.sequencer.runFor(50);
    ok(c.call('DELETE', '/api/v1/namespaces/default/configmaps/a'));
    c.sequencer.runFor(500);
    expect(c.stored('/registry/secrets/default/s')[0]?.metadata.ownerReferences).toEqual([refs[1]]);
    ok(c.call('DELETE', '/api/v1/namespaces/default/configmaps/b'));
    runUntil(c, () => !exists(c, '/registry/secrets/default/s'), 5_000, 5);
  });

  it('collects dependents whose owner was deleted before it started', () => {
    const c = kcmCluster([garbageCollector], {}, 1, false);
    const owner = ok(
      c.call('POST', '/api/v1/namespaces/default/configmaps', {
        body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'gone' } },
      }),
    );
    ok(
      c.call('POST', '/api/v1/namespaces/default/configmaps', {
        body: {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: {
            name: 'child',
            ownerReferences: [
              { apiVersion: 'v1', kind: 'ConfigMap', name: 'gone', uid: owner.metadata.uid },
            ],
          },
        },
      }),
    );
    ok(c.call('DELETE', '/api/v1/namespaces/default/configmaps/gone'));
    c.sequencer.startComponent('kube-controller-manager', 'kube-controller-manager', {});
    runUntil(c, () => !exists(c, '/registry/configmaps/default/child'), 5_000, 5);
  });
});
