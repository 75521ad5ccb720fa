import { describe, expect, it } from 'vitest';
import type { KubeList, KubeObject } from '../../api/objects.ts';
import { DS, daemonSet, setup } from './harness.test-util.ts';

describe('DaemonSet controller in a cluster', () => {
  it('creates one pod per eligible node, pinned by node affinity, skipping untolerated taints', () => {
    const t = setup();
    t.addNode('node-1');
    t.addNode('node-2');
    t.addNode('gpu-1', [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }]);
    // An unschedulable node still gets its daemon pod: daemon pods tolerate that taint.
    t.addNode('cordoned', [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }]);
    t.must(t.cluster.call('POST', DS, { body: daemonSet }), 201);
    t.cluster.sequencer.runFor(2_000);
    const pods = t.live();
    expect(pods.map(t.target).sort()).toEqual(['cordoned', 'node-1', 'node-2']);
    const pod = pods[0]!;
    expect(pod.metadata.generateName).toBe('agent-');
    expect(pod.metadata.labels).toMatchObject({ app: 'agent', 'pod-template-generation': '1' });
    expect(pod.metadata.labels?.['controller-revision-hash']).toMatch(
      /^[bcdfghjklmnpqrstvwxz2456789]+$/,
    );
    expect(pod.metadata.ownerReferences).toEqual([
      expect.objectContaining({
        kind: 'DaemonSet',
        name: 'agent',
        controller: true,
        blockOwnerDeletion: true,
      }),
    ]);
    expect((pod.spec as { tolerations: unknown[] }).tolerations).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
    ]);
    expect(t.status()).toEqual({
      currentNumberScheduled: 3,
      numberMisscheduled: 0,
      desiredNumberScheduled: 3,
      numberReady: 0,
      observedGeneration: 1,
      updatedNumberScheduled: 3,
      numberUnavailable: 3,
    });
    const events = (
      t.must(
        t.cluster.call('GET', '/api/v1/namespaces/kube-system/events'),
        200,
      ) as unknown as KubeList
    ).items;
    expect(
      events
        .filter((e) => e.reason === 'SuccessfulCreate')
        .map((e) => e.message)
        .sort(),
    ).toEqual(pods.map((p) => `Created pod: ${p.metadata.name}`).sort());
    t.runPods();
    t.cluster.sequencer.runFor(1_000);
    expect(t.status()).toMatchObject({
      numberReady: 3,
      numberAvailable: 3,
      desiredNumberScheduled: 3,
    });
    expect(t.status().numberUnavailable).toBeUndefined();
  });

  it('follows nodes as they join and leave', () => {
    const t = setup();
    t.addNode('node-1');
    t.must(t.cluster.call('POST', DS, { body: daemonSet }), 201);
    t.cluster.sequencer.runFor(1_000);
    t.runPods();
    t.addNode('node-2');
    t.cluster.sequencer.runFor(1_000);
    expect(t.live().map(t.target).sort()).toEqual(['node-1', 'node-2']);
    // node-2's pod is still unscheduled when node-2 goes: nothing can ever schedule it, so the controller deletes it.
    t.must(t.cluster.call('DELETE', '/api/v1/nodes/node-2'), 200);
    t.cluster.sequencer.runFor(1_000);
    expect(t.live().map(t.target)).toEqual(['node-1']);
    expect(t.status()).toMatchObject({ desiredNumberScheduled: 1, currentNumberScheduled: 1 });
    // A node tainted NoExecute evicts the daemon pod; NoSchedule alone would let it stay.
    t.must(
      t.cluster.call('PATCH', '/api/v1/nodes/node-1', {
        contentType: 'application/merge-patch+json',
        body: { spec: { taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] } },
      }),
      200,
    );
    t.cluster.sequencer.runFor(1_000);
    expect(t.live()).toHaveLength(1);
    expect(t.status()).toMatchObject({ desiredNumberScheduled: 0, numberMisscheduled: 1 });
    t.must(
      t.cluster.call('PATCH', '/api/v1/nodes/node-1', {
        contentType: 'application/merge-patch+json',
        body: { spec: { taints: [{ key: 'dedicated', value: 'db', effect: 'NoExecute' }] } },
      }),
      200,
    );
    t.cluster.sequencer.runFor(1_000);
    expect(t.live()).toHaveLength(0);
  });

  it('rolls a new template out one node at a time (maxUnavailable 1)', () => {
    const t = setup();
    for (const n of ['node-1', 'node-2', 'node-3']) t.addNode(n);
    t.must(t.cluster.call('POST', DS, { body: daemonSet }), 201);
    t.cluster.sequencer.runFor(1_000);
    t.runPods();
    t.cluster.sequencer.runFor(1_000);
    t.must(
      t.cluster.call('PATCH', `${DS}/agent`, {
        contentType: 'application/merge-patch+json',
        body: {
          spec: { template: { spec: { containers: [{ name: 'agent', image: 'fluentd:v2' }] } } },
        },
      }),
      200,
    );
    t.cluster.sequencer.runFor(1_000);
    // One old pod is deleted; its replacement waits until it is gone.
    const image = (p: KubeObject) =>
      (p.spec as { containers: { image: string }[] }).containers[0]!.image;
    expect(
      t.pods().filter((p) => p.metadata.deletionTimestamp || image(p) === 'fluentd:v2'),
    ).toHaveLength(1);
    for (let i = 0; i < 6; i++) {
      t.runPods();
      t.cluster.sequencer.runFor(1_000);
    }
    expect(t.live().map(image)).toEqual(['fluentd:v2', 'fluentd:v2', 'fluentd:v2']);
    expect(t.status()).toMatchObject({
      updatedNumberScheduled: 3,
      numberAvailable: 3,
      observedGeneration: 2,
    });
  });
});
