/**
 * availableReplicas with minReadySeconds (replica_set.go, v1.30): a pod counts as available only
 * once its Ready condition's lastTransitionTime plus minReadySeconds is strictly in the past
 * (IsPodAvailable). Nothing changes in the cluster when that moment comes, so the controller
 * looks again by itself: after minReadySeconds when every replica is ready but not all are
 * available (end of syncReplicaSet), and minReadySeconds + 1 s after a pod turns Ready
 * (updatePod). Virtual time 0 is 2026-01-01T00:00:00Z.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/objects.ts';
import { newFixture } from '../../client/testing/index.ts';
import { createControllerManager } from '../manager.ts';
import { replicaSetController } from './index.ts';
import { pod, replicaSet } from './testObjects.ts';

const KCM = 'kube-controller-manager';

function start(objects: KubeObject[]) {
  const f = newFixture({
    objects,
    registry: { [KCM]: createControllerManager([replicaSetController]) },
  });
  f.start(KCM, KCM);
  const status = () =>
    (f.apiserver().store.objects.get('replicasets.apps')?.get('default/web')?.status ?? {}) as {
      readyReplicas?: number;
      availableReplicas?: number;
    };
  const podWrites = () =>
    f.controllerActions(KCM).filter((a) => a.resource === 'pods' && a.verb !== 'get');
  return { f, status, podWrites };
}

describe('ReplicaSet availableReplicas with minReadySeconds', () => {
  it('counts a pod Ready at t=0 available only after minReadySeconds, by a requeue of its own', () => {
    const rs = replicaSet('web', 1, { minReadySeconds: 10 });
    const p = pod('web-1', {
      owner: rs,
      node: 'n1',
      phase: 'Running',
      readySince: '2026-01-01T00:00:00Z',
    });
    const { f, status, podWrites } = start([rs, p]);
    f.sequencer.runFor(1_000);
    expect(status()).toMatchObject({ readyReplicas: 1 });
    expect(status().availableReplicas).toBeUndefined();
    // Ready 9.9 s: still not available (needs more than 10 s).
    f.sequencer.runFor(8_900);
    expect(status().availableReplicas).toBeUndefined();
    // The sync at ~0 s asked to look again minReadySeconds later: no pod or ReplicaSet changed.
    f.sequencer.runFor(300);
    expect(status()).toMatchObject({ readyReplicas: 1, availableReplicas: 1 });
    expect(podWrites()).toEqual([]);
  });

  it('looks again minReadySeconds + 1 s after a pod turns Ready while others are not', () => {
    const rs = replicaSet('web', 3, { minReadySeconds: 10 });
    const pods = [
      pod('web-1', {
        owner: rs,
        node: 'n1',
        phase: 'Running',
        readySince: '2025-12-31T23:00:00Z',
      }),
      pod('web-2', { owner: rs, node: 'n2', phase: 'Running' }),
      pod('web-3', { owner: rs, node: 'n3', phase: 'Running' }),
    ];
    const { f, status } = start([rs, ...pods]);
    f.sequencer.runFor(5_000);
    expect(status()).toMatchObject({ readyReplicas: 1, availableReplicas: 1 });
    // web-2 turns Ready at 5 s (as its kubelet would report it).
    const ready = structuredClone(pods[1]!);
    (ready.status as { conditions: unknown[] }).conditions = [
      { type: 'Ready', status: 'True', lastTransitionTime: '2026-01-01T00:00:05Z' },
    ];
    f.request({
      verb: 'update',
      resource: 'pods',
      namespace: 'default',
      name: 'web-2',
      subresource: 'status',
      body: ready,
    });
    f.sequencer.runFor(1_000);
    expect(status()).toMatchObject({ readyReplicas: 2, availableReplicas: 1 });
    // 2 of 3 ready: the end-of-sync requeue does not apply; updatePod's one lands at ~16 s.
    f.sequencer.runFor(9_800); // ~15.8 s
    expect(status()).toMatchObject({ readyReplicas: 2, availableReplicas: 1 });
    f.sequencer.runFor(400); // ~16.2 s
    expect(status()).toMatchObject({ readyReplicas: 2, availableReplicas: 2 });
  });
});
