/**
 * The Deployment controller's arithmetic and its requests against the fake apiserver:
 * fenceposts, proportional scaling of a rollout that is resized mid-way, history cleanup.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/objects.ts';
import { newFixture } from '../../client/testing/index.ts';
import { createControllerManager } from '../manager.ts';
import { deploymentController } from './index.ts';
import { resolveFenceposts } from './util.ts';

const KCM = 'kube-controller-manager';

function d(replicas: number, extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', uid: 'uid-web', generation: 2 },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image: 'v3' }] },
      },
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
      },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      ...extra,
    },
    status: { observedGeneration: 1, replicas: 10 },
  };
}

function rs(
  name: string,
  image: string,
  replicas: number,
  available: number,
  revision: number,
  created: string,
  maxReplicas = 13,
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace: 'default',
      uid: `uid-${name}`,
      generation: 1,
      creationTimestamp: created,
      labels: { app: 'web', 'pod-template-hash': name },
      annotations: {
        'deployment.kubernetes.io/revision': String(revision),
        'deployment.kubernetes.io/desired-replicas': '10',
        'deployment.kubernetes.io/max-replicas': String(maxReplicas),
      },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: 'web',
          uid: 'uid-web',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web', 'pod-template-hash': name } },
      template: {
        metadata: { labels: { app: 'web', 'pod-template-hash': name } },
        spec: { containers: [{ name: 'web', image }] },
      },
    },
    status: {
      replicas,
      availableReplicas: available,
      readyReplicas: available,
      observedGeneration: 1,
    },
  };
}

describe('ResolveFenceposts', () => {
  it('rounds surge up and unavailable down, and never leaves both at zero', () => {
    expect(resolveFenceposts('25%', '25%', 10)).toEqual({ surge: 3, unavailable: 2 });
    expect(resolveFenceposts('25%', '25%', 1)).toEqual({ surge: 1, unavailable: 0 });
    expect(resolveFenceposts(0, '10%', 5)).toEqual({ surge: 0, unavailable: 1 });
    expect(resolveFenceposts(2, 0, 3)).toEqual({ surge: 2, unavailable: 0 });
  });
});

describe('Deployment controller (fake apiserver)', () => {
  it('scales a rollout resized from 10 to 20 proportionally, newer ReplicaSets first on ties', () => {
    // Mid-rollout: old has 8, new has 5 (10 + 3 surge = 13); now spec.replicas is 20 (max 25).
    const old = rs('old', 'v1', 8, 8, 1, '2026-01-01T00:00:00Z');
    const cur = rs('cur', 'v3', 5, 0, 2, '2026-01-01T00:01:00Z');
    const f = newFixture({
      objects: [d(20), old, cur],
      registry: { [KCM]: createControllerManager([deploymentController]) },
    });
    f.start(KCM, KCM);
    f.sequencer.runFor(500);
    const updates = f
      .controllerActions(KCM)
      .filter((a) => a.resource === 'replicasets.apps' && a.verb === 'update')
      .map((a) => {
        const o = a.body as KubeObject;
        return [
          o.metadata.name,
          (o.spec as { replicas: number }).replicas,
          o.metadata.annotations?.['deployment.kubernetes.io/max-replicas'],
        ];
      });
    // toAdd = 25 - 13 = 12: old gets round(8*25/13) - 8 = 7, new gets round(5*25/13) - 5 = 5 (sum 12).
    expect(updates.slice(0, 2)).toEqual([
      ['old', 15, '25'],
      ['cur', 10, '25'],
    ]);
    const messages = f
      .controllerActions(KCM)
      .filter((a) => a.resource === 'events')
      .map((a) => (a.body as { message: string }).message);
    expect(messages.slice(0, 2)).toEqual([
      'Scaled up replica set old to 15 from 8',
      'Scaled up replica set cur to 10 from 5',
    ]);
  });

  it('deletes the oldest empty ReplicaSets beyond revisionHistoryLimit once complete', () => {
    const dep = d(2, { revisionHistoryLimit: 1 });
    dep.status = { observedGeneration: 2, replicas: 2, updatedReplicas: 2, availableReplicas: 2 };
    (dep.metadata as { generation: number }).generation = 2;
    const objs = [
      dep,
      rs('r1', 'v1', 0, 0, 1, '2026-01-01T00:00:00Z', 3),
      rs('r2', 'v2', 0, 0, 2, '2026-01-01T00:01:00Z', 3),
      rs('r3', 'v3', 2, 2, 3, '2026-01-01T00:02:00Z', 3),
    ];
    for (const o of objs.slice(1))
      (o.metadata.annotations as Record<string, string>)[
        'deployment.kubernetes.io/desired-replicas'
      ] = '2';
    const f = newFixture({
      objects: objs,
      registry: { [KCM]: createControllerManager([deploymentController]) },
    });
    f.start(KCM, KCM);
    f.sequencer.runFor(500);
    const deletes = f
      .controllerActions(KCM)
      .filter((a) => a.verb === 'delete' && a.resource === 'replicasets.apps');
    expect(deletes.map((a) => a.name)).toEqual(['r1']);
  });
});
