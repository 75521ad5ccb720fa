/**
 * The Deployment and ReplicaSet controllers in a real cluster, with the test playing kubelet.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/objects.ts';
import { deployment } from '../../testing/objects.ts';
import { Harness, isActive, isReady } from './harness.test-util.ts';

type Cond = { type: string; status: string; reason: string; message: string };
const conditions = (d: KubeObject) =>
  Object.fromEntries(
    ((d.status as { conditions?: Cond[] }).conditions ?? []).map((c) => [
      c.type,
      { status: c.status, reason: c.reason, message: c.message },
    ]),
  );
const spec = (o: KubeObject) =>
  o.spec as { replicas: number; template: { metadata: { labels: Record<string, string> } } };

describe('Deployment controller in a cluster', () => {
  it('creates a ReplicaSet <name>-<hash> and 3 pods with generateName and owner references, then reports them available', () => {
    const h = new Harness();
    h.create(deployment('web', 3));
    h.runFor(2_000);
    const [rs] = h.replicaSets();
    const hash = rs!.metadata.labels!['pod-template-hash']!;
    expect(rs!.metadata.name).toBe(`web-${hash}`);
    expect(hash).toMatch(/^[4-9bcdf]{6,10}$/);
    expect(rs!.metadata.annotations).toEqual({
      'deployment.kubernetes.io/desired-replicas': '3',
      'deployment.kubernetes.io/max-replicas': '4',
      'deployment.kubernetes.io/revision': '1',
    });
    const d = h.deploymentObject('web');
    expect(rs!.metadata.ownerReferences).toEqual([
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: 'web',
        uid: d.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    expect((rs!.spec as { selector: unknown }).selector).toEqual({
      matchLabels: { app: 'web', 'pod-template-hash': hash },
    });
    const pods = h.pods();
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.metadata.generateName).toBe(`web-${hash}-`);
      expect(p.metadata.name).toMatch(new RegExp(`^web-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
      expect(p.metadata.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
      expect(p.metadata.ownerReferences?.[0]).toMatchObject({
        kind: 'ReplicaSet',
        name: rs!.metadata.name,
        uid: rs!.metadata.uid,
        controller: true,
      });
    }
    expect(
      h
        .events('ScalingReplicaSet')
        .map((e) => [e.message, (e.source as { component: string }).component]),
    ).toEqual([[`Scaled up replica set web-${hash} to 3`, 'deployment-controller']]);
    expect(h.events('SuccessfulCreate')).toHaveLength(3);
    expect(conditions(h.deploymentObject('web'))).toEqual({
      Available: {
        status: 'False',
        reason: 'MinimumReplicasUnavailable',
        message: 'Deployment does not have minimum availability.',
      },
      Progressing: {
        status: 'True',
        reason: 'ReplicaSetUpdated',
        message: `ReplicaSet "web-${hash}" is progressing.`,
      },
    });
    h.runWithKubelet(5_000);
    const done = h.deploymentObject('web');
    expect(done.status).toMatchObject({
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      observedGeneration: 1,
    });
    expect((done.status as { unavailableReplicas?: number }).unavailableReplicas).toBeUndefined();
    expect(conditions(done)).toEqual({
      Available: {
        status: 'True',
        reason: 'MinimumReplicasAvailable',
        message: 'Deployment has minimum availability.',
      },
      Progressing: {
        status: 'True',
        reason: 'NewReplicaSetAvailable',
        message: `ReplicaSet "web-${hash}" has successfully progressed.`,
      },
    });
  });

  it('scales 5 -> 2 deleting pods in the ReplicaSet ranking order', () => {
    const h = new Harness();
    h.create(deployment('web', 5));
    h.runFor(2_000);
    const names = h
      .pods()
      .map((p) => p.metadata.name ?? '')
      .sort();
    // Two pods doubled up on node-1, two alone, and one alone on node-4 that never gets ready.
    const nodes = ['node-1', 'node-1', 'node-2', 'node-3', 'node-4'];
    names.forEach((n, i) => h.bind(n, nodes[i]));
    for (const n of names.slice(0, 4)) h.startPod(n);
    h.runFor(2_000);
    h.patchDeployment('web', { spec: { replicas: 2 } });
    h.runFor(3_000);
    const deleted = h.events('SuccessfulDelete').map((e) => e.message);
    expect(deleted).toHaveLength(3);
    // Not ready first; then, among ready pods, those with more related pods on their node.
    expect(deleted[0]).toBe(`Deleted pod: ${names[4]}`);
    expect(deleted.slice(1).sort()).toEqual([
      `Deleted pod: ${names[0]}`,
      `Deleted pod: ${names[1]}`,
    ]);
    expect(
      h
        .events('ScalingReplicaSet')
        .map((e) => e.message)
        .at(-1),
    ).toMatch(/^Scaled down replica set web-\w+ to 2 from 5$/);
    expect(h.pods().filter(isActive)).toHaveLength(2);
  });

  it('rolls out a new template within maxSurge and maxUnavailable at every delivery, then rolls back to the old ReplicaSet', () => {
    const h = new Harness();
    h.create(
      deployment('web', 4, {
        spec: {
          strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } },
        },
      }),
    );
    h.runWithKubelet(6_000);
    expect(h.pods().filter(isReady)).toHaveLength(4);
    let maxActive = 0;
    let minAvailable = Number.POSITIVE_INFINITY;
    let maxSpec = 0;
    h.onDelivery = () => {
      const pods = h.pods().filter(isActive);
      maxActive = Math.max(maxActive, pods.length);
      minAvailable = Math.min(minAvailable, pods.filter(isReady).length);
      maxSpec = Math.max(
        maxSpec,
        h.replicaSets().reduce((n, rs) => n + spec(rs).replicas, 0),
      );
    };
    h.patchDeployment('web', {
      spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.28' }] } } },
    });
    // One new pod becomes ready per second: the rollout moves step by step.
    h.runWithKubelet(40_000, 1_000, 1);
    h.onDelivery = undefined;
    expect(maxSpec).toBe(5); // replicas + maxSurge, reached
    expect(maxActive).toBeLessThanOrEqual(5);
    expect(minAvailable).toBe(3); // replicas - maxUnavailable, never below
    const rss = h.replicaSets();
    expect(rss).toHaveLength(2);
    const byRevision = Object.fromEntries(
      rss.map((rs) => [rs.metadata.annotations!['deployment.kubernetes.io/revision'], rs]),
    );
    expect(spec(byRevision['1']!).replicas).toBe(0);
    expect(spec(byRevision['2']!).replicas).toBe(4);
    const d = h.deploymentObject('web');
    expect(d.status).toMatchObject({
      replicas: 4,
      updatedReplicas: 4,
      availableReplicas: 4,
      observedGeneration: 2,
    });
    expect(conditions(d).Progressing?.reason).toBe('NewReplicaSetAvailable');
    const oldName = byRevision['1']!.metadata.name!;
    const newName = byRevision['2']!.metadata.name!;
    expect(
      h
        .events('ScalingReplicaSet')
        .map((e) => e.message)
        .slice(1, 4),
    ).toEqual([
      `Scaled up replica set ${newName} to 1`,
      `Scaled down replica set ${oldName} to 3 from 4`,
      `Scaled up replica set ${newName} to 2 from 1`,
    ]);

    // kubectl rollout undo: the old ReplicaSet's template goes back into the Deployment.
    const oldTemplate = structuredClone(
      (byRevision['1']!.spec as { template: { metadata: { labels: Record<string, string> } } })
        .template,
    );
    delete oldTemplate.metadata.labels['pod-template-hash'];
    h.cluster.call('PATCH', `/apis/apps/v1/namespaces/default/deployments/web`, {
      body: [{ op: 'replace', path: '/spec/template', value: oldTemplate }],
      contentType: 'application/json-patch+json',
    });
    h.runWithKubelet(40_000, 1_000, 1);
    const after = h.replicaSets();
    expect(after).toHaveLength(2);
    const old = after.find((rs) => rs.metadata.name === oldName)!;
    expect(spec(old).replicas).toBe(4);
    expect(old.metadata.annotations!['deployment.kubernetes.io/revision']).toBe('3');
    expect(old.metadata.annotations!['deployment.kubernetes.io/revision-history']).toBe('1');
    expect(spec(after.find((rs) => rs.metadata.name === newName)!).replicas).toBe(0);
  });

  it('does not roll a paused Deployment, marks it DeploymentPaused, and rolls once resumed', () => {
    const h = new Harness();
    h.create(deployment('web', 2));
    h.runWithKubelet(5_000);
    h.patchDeployment('web', { spec: { paused: true } });
    h.runFor(2_000);
    h.patchDeployment('web', {
      spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.28' }] } } },
    });
    h.runWithKubelet(10_000);
    expect(h.replicaSets()).toHaveLength(1);
    expect(conditions(h.deploymentObject('web')).Progressing).toEqual({
      status: 'Unknown',
      reason: 'DeploymentPaused',
      message: 'Deployment is paused',
    });
    h.patchDeployment('web', { spec: { paused: false } });
    h.runWithKubelet(20_000);
    expect(h.replicaSets()).toHaveLength(2);
    expect(conditions(h.deploymentObject('web')).Progressing?.reason).toBe(
      'NewReplicaSetAvailable',
    );
  });

  it('reports ProgressDeadlineExceeded when pods never become ready within progressDeadlineSeconds', () => {
    const h = new Harness();
    h.create(deployment('web', 2, { image: 'nginx', spec: { progressDeadlineSeconds: 30 } }));
    h.runFor(40_000);
    const d = h.deploymentObject('web');
    const rsName = h.replicaSets()[0]!.metadata.name;
    expect(conditions(d).Progressing).toEqual({
      status: 'False',
      reason: 'ProgressDeadlineExceeded',
      message: `ReplicaSet "${rsName}" has timed out progressing.`,
    });
  });

  it('Recreate scales the old ReplicaSet to zero before creating the new one', () => {
    const h = new Harness();
    h.create(deployment('web', 2, { spec: { strategy: { type: 'Recreate' } } }));
    h.runWithKubelet(5_000);
    let overlap = false;
    h.onDelivery = () => {
      const active = h.pods().filter(isActive);
      const hashes = new Set(active.map((p) => p.metadata.labels?.['pod-template-hash']));
      if (hashes.size > 1) overlap = true;
    };
    h.patchDeployment('web', {
      spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.28' }] } } },
    });
    h.runWithKubelet(10_000);
    h.onDelivery = undefined;
    expect(overlap).toBe(false);
    const rss = h.replicaSets();
    expect(rss.map((rs) => spec(rs).replicas).sort()).toEqual([0, 2]);
  });

  it('is deterministic: the same seed gives the same trace', () => {
    const run = () => {
      const h = new Harness(7);
      h.create(deployment('web', 3));
      h.runWithKubelet(5_000);
      h.patchDeployment('web', { spec: { replicas: 1 } });
      h.runWithKubelet(3_000);
      return JSON.stringify(h.trace);
    };
    expect(run()).toBe(run());
  });
});
