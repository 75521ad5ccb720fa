/**
 * A Deployment's minReadySeconds in a cluster (the test plays kubelet): the ReplicaSet carries
 * it, its pods count as available only minReadySeconds after turning Ready, and the Deployment's
 * availableReplicas and Available condition follow the ReplicaSet's status when it changes by
 * itself (the ReplicaSet controller's requeue; no pod changes meanwhile).
 */
import { describe, expect, it } from 'vitest';
import { parseRfc3339, DEFAULT_START_SECONDS } from '../../../shared/index.ts';
import type { KubeObject } from '../../api/objects.ts';
import { deployment } from '../../testing/objects.ts';
import { Harness } from './harness.test-util.ts';

type Cond = {
  type: string;
  status: string;
  reason: string;
  message: string;
  lastTransitionTime: string;
};
const available = (d: KubeObject) => {
  const status = d.status as { availableReplicas?: number; conditions?: Cond[] };
  const c = status.conditions?.find((x) => x.type === 'Available');
  return { availableReplicas: status.availableReplicas ?? 0, status: c?.status, reason: c?.reason };
};

describe('Deployment minReadySeconds', () => {
  it('reports the pod available, and the Deployment Available, only minReadySeconds after Ready', () => {
    const h = new Harness();
    h.create(deployment('web', 1, { spec: { minReadySeconds: 10 } }));
    h.runFor(2_000);
    expect((h.replicaSets()[0]!.spec as { minReadySeconds?: number }).minReadySeconds).toBe(10);
    expect(h.kubelet()).toHaveLength(1);
    const readyAt = (h.pods()[0]!.status as { conditions: Cond[] }).conditions.find(
      (c) => c.type === 'Ready',
    )!.lastTransitionTime;
    const readyMs = (parseRfc3339(readyAt)! - DEFAULT_START_SECONDS) * 1000;
    const podVersion = h.pods()[0]!.metadata.resourceVersion;
    h.runFor(readyMs + 9_500 - h.cluster.sequencer.now);
    expect(available(h.deploymentObject('web'))).toEqual({
      availableReplicas: 0,
      status: 'False',
      reason: 'MinimumReplicasUnavailable',
    });
    expect(h.deploymentObject('web').status).toMatchObject({ readyReplicas: 1 });
    h.runFor(2_500);
    expect(available(h.deploymentObject('web'))).toEqual({
      availableReplicas: 1,
      status: 'True',
      reason: 'MinimumReplicasAvailable',
    });
    expect(h.pods()[0]!.metadata.resourceVersion).toBe(podVersion);
  });
});
