/**
 * The Progressing condition's reasons written on the way to a rollout (sync.go and
 * deployment_util.go, v1.30), seen in the Deployment controller's status writes:
 * NewReplicaSetCreated when it creates the new ReplicaSet, FoundNewReplicaSet when a Deployment
 * without the condition already has one, DeploymentResumed when a paused one is resumed.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/objects.ts';
import { newFixture } from '../../client/testing/index.ts';
import { createControllerManager } from '../manager.ts';
import { deploymentController } from './index.ts';

const KCM = 'kube-controller-manager';

interface Cond {
  type: string;
  status: string;
  reason: string;
  message: string;
}

function dep(status: Record<string, unknown> = {}, paused = false): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', uid: 'uid-web', generation: 1 },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image: 'nginx' }] },
      },
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
      },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      ...(paused ? { paused: true } : {}),
    },
    status,
  };
}

function start(objects: KubeObject[]) {
  const f = newFixture({
    objects,
    registry: { [KCM]: createControllerManager([deploymentController]) },
  });
  f.start(KCM, KCM);
  f.sequencer.runFor(500);
  /** The Progressing condition of each status write, in order. */
  const progressing = () =>
    f
      .controllerActions(KCM)
      .filter((a) => a.resource === 'deployments.apps' && a.subresource === 'status')
      .map((a) => {
        const conds = ((a.body as KubeObject).status as { conditions?: Cond[] }).conditions ?? [];
        const c = conds.find((x) => x.type === 'Progressing');
        return c && { status: c.status, reason: c.reason, message: c.message };
      });
  const replicaSets = () => [
    ...(f.apiserver().store.objects.get('replicasets.apps')?.values() ?? []),
  ];
  return { f, progressing, replicaSets };
}

/** The ReplicaSet the controller makes for dep(): created once, then reused as existing state. */
function existingReplicaSet(): KubeObject {
  const { replicaSets } = start([dep()]);
  const [rs] = replicaSets();
  return structuredClone(rs!);
}

describe('Deployment Progressing reasons', () => {
  it('NewReplicaSetCreated: Created new replica set "<name>"', () => {
    const { progressing, replicaSets } = start([dep()]);
    const name = replicaSets()[0]!.metadata.name;
    expect(progressing()[0]).toEqual({
      status: 'True',
      reason: 'NewReplicaSetCreated',
      message: `Created new replica set "${name}"`,
    });
  });

  it('FoundNewReplicaSet: Found new replica set "<name>" when the condition is missing', () => {
    const rs = existingReplicaSet();
    const { progressing, replicaSets } = start([dep({ observedGeneration: 1 }), rs]);
    expect(replicaSets()).toHaveLength(1);
    expect(progressing()[0]).toEqual({
      status: 'True',
      reason: 'FoundNewReplicaSet',
      message: `Found new replica set "${rs.metadata.name}"`,
    });
  });

  it('DeploymentResumed: Deployment is resumed, once spec.paused is cleared', () => {
    const rs = existingReplicaSet();
    const paused = {
      observedGeneration: 1,
      conditions: [
        {
          type: 'Progressing',
          status: 'Unknown',
          lastUpdateTime: '2025-12-31T23:00:00Z',
          lastTransitionTime: '2025-12-31T23:00:00Z',
          reason: 'DeploymentPaused',
          message: 'Deployment is paused',
        },
      ],
    };
    // Still paused: nothing to write about the condition.
    const still = start([dep(paused, true), rs]);
    expect(still.progressing().filter((c) => c?.reason !== 'DeploymentPaused')).toEqual([]);
    const { progressing } = start([dep(paused), rs]);
    expect(progressing()[0]).toEqual({
      status: 'Unknown',
      reason: 'DeploymentResumed',
      message: 'Deployment is resumed',
    });
  });
});
