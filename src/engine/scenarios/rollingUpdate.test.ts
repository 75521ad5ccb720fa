/**
 * A rolling update (a new image) of a Deployment with the default strategy: 25% maxSurge
 * (rounded up) and 25% maxUnavailable (rounded down). With 6 replicas that is at most 8 pods and
 * at least 5 available at every moment, checked after every single delivery of the run.
 */
import { describe, expect, it } from 'vitest';
import type { KubevizCluster } from '../cluster/fullCluster.ts';
import {
  bootCluster,
  createDeployment,
  events,
  expect0Crashes,
  pods,
  runningReady,
  runUntil,
} from './helpers.ts';

const WEB = { app: 'web' };
const REPLICAS = 6;
const MAX_SURGE = Math.ceil(REPLICAS * 0.25); // 2
const MAX_UNAVAILABLE = Math.floor(REPLICAS * 0.25); // 1

interface DeploymentStatus {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  conditions?: { type: string; status: string; reason?: string; message?: string }[];
}

function deploymentStatus(c: KubevizCluster): DeploymentStatus {
  return (c.stored('/registry/deployments/default/web')[0]?.status ?? {}) as DeploymentStatus;
}

describe('a rolling update', () => {
  it('stays within maxSurge and maxUnavailable at every delivery and ends on the new ReplicaSet', () => {
    const c = bootCluster();
    createDeployment(c, 'web', REPLICAS, { image: 'nginx:1.26' });
    runUntil(c, () => runningReady(c, WEB).length === REPLICAS, 60_000);
    const oldHash = runningReady(c, WEB)[0]!.labels['pod-template-hash'];

    let maxPods = 0;
    let minAvailable = Number.POSITIVE_INFINITY;
    const violations: string[] = [];
    const stop = c.sequencer.onTrace((e) => {
      // Only etcd changes what is stored.
      if (e.to !== 'etcd') return;
      const live = pods(c, WEB).filter((p) => !p.deleting);
      const available = live.filter((p) => p.ready).length;
      maxPods = Math.max(maxPods, live.length);
      minAvailable = Math.min(minAvailable, available);
      if (live.length > REPLICAS + MAX_SURGE || available < REPLICAS - MAX_UNAVAILABLE)
        violations.push(`seq ${e.seq}: ${live.length} pods, ${available} available`);
    });

    const r = c.call('PATCH', '/apis/apps/v1/namespaces/default/deployments/web', {
      body: {
        spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } },
      },
      contentType: 'application/strategic-merge-patch+json',
    });
    expect(r.code).toBe(200);
    runUntil(
      c,
      () => {
        const all = pods(c, WEB);
        return (
          all.length === REPLICAS &&
          all.every((p) => p.ready && !p.deleting && p.labels['pod-template-hash'] !== oldHash)
        );
      },
      180_000,
    );
    stop();
    expect0Crashes(c);

    expect(violations).toEqual([]);
    // The bounds are used, not just respected.
    expect(maxPods).toBe(REPLICAS + MAX_SURGE);
    expect(minAvailable).toBe(REPLICAS - MAX_UNAVAILABLE);

    const final = pods(c, WEB);
    const newHash = final[0]!.labels['pod-template-hash'];
    expect(newHash).not.toBe(oldHash);
    for (const p of final)
      expect((p.obj.spec as { containers: { image: string }[] }).containers[0]!.image).toBe(
        'nginx:1.27',
      );
    const rss = c.stored('/registry/replicasets/default/');
    const replicasOf = (hash: string | undefined) =>
      (
        rss.find((rs) => rs.metadata.labels?.['pod-template-hash'] === hash)?.spec as {
          replicas: number;
        }
      ).replicas;
    expect(replicasOf(newHash)).toBe(REPLICAS);
    expect(replicasOf(oldHash)).toBe(0);

    // The Deployment controller's own account: surge first, then one down per one up.
    const scaling = events(c, 'ScalingReplicaSet')
      .sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion))
      .map((e) => (e as { message?: string }).message);
    const [oldRs, newRs] = [`web-${oldHash}`, `web-${newHash}`];
    expect(scaling.slice(0, 3)).toEqual([
      `Scaled up replica set ${oldRs} to ${REPLICAS}`,
      `Scaled up replica set ${newRs} to ${MAX_SURGE}`,
      `Scaled down replica set ${oldRs} to ${REPLICAS - MAX_UNAVAILABLE} from ${REPLICAS}`,
    ]);
    // From the tenth distinct message in 10 minutes, client-go's aggregator folds them into one
    // event, patched with the latest message.
    expect(scaling.slice(0, 9).every((m) => !m?.startsWith('(combined'))).toBe(true);
    expect(scaling.at(-1)).toMatch(
      new RegExp(
        `^\\(combined from similar events\\): Scaled down replica set ${oldRs} to 0 from \\d$`,
      ),
    );
    runUntil(c, () => deploymentStatus(c).updatedReplicas === REPLICAS, 10_000);
    runUntil(
      c,
      () =>
        deploymentStatus(c).conditions?.find((x) => x.type === 'Progressing')?.reason ===
        'NewReplicaSetAvailable',
      10_000,
    );
    const status = deploymentStatus(c);
    expect(status).toMatchObject({
      observedGeneration: 2,
      replicas: REPLICAS,
      updatedReplicas: REPLICAS,
      readyReplicas: REPLICAS,
      availableReplicas: REPLICAS,
    });
    expect(status.conditions).toEqual([
      expect.objectContaining({
        type: 'Available',
        status: 'True',
        reason: 'MinimumReplicasAvailable',
        message: 'Deployment has minimum availability.',
      }),
      expect.objectContaining({
        type: 'Progressing',
        status: 'True',
        reason: 'NewReplicaSetAvailable',
        message: `ReplicaSet "${newRs}" has successfully progressed.`,
      }),
    ]);
  });
});
