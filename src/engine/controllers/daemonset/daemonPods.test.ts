import { describe, expect, it } from 'vitest';
import type { KubeList, KubeObject } from '../../api/objects.ts';
import { PODS, DS, daemonSet, setup } from './harness.test-util.ts';
import { targetNodeName } from './podTemplate.ts';

type T = ReturnType<typeof setup>;

const EVENTS = '/api/v1/namespaces/kube-system/events';

function events(t: T, reason: string): string[] {
  return (t.must(t.cluster.call('GET', EVENTS), 200) as unknown as KubeList).items
    .filter((e) => e.reason === reason)
    .map((e) => `${e.type as string} ${e.message as string}`);
}

function setPhase(t: T, pod: KubeObject, phase: string): void {
  t.must(
    t.cluster.call('PATCH', `${PODS}/${pod.metadata.name}/status`, {
      contentType: 'application/merge-patch+json',
      body: { status: { phase, conditions: [{ type: 'Ready', status: 'False' }] } },
    }),
    200,
  );
}

/** Runs until one live daemon pod is bound and Running (the test is its scheduler and kubelet). */
function freshRunningPod(t: T): KubeObject {
  for (let i = 0; i < 100; i++) {
    t.runPods();
    const live = t.live();
    if (live.length === 1 && (live[0]!.status as { phase?: string }).phase === 'Running')
      return live[0]!;
    t.cluster.sequencer.runFor(50);
  }
  throw new Error('no running daemon pod');
}

describe('DaemonSet pods that finish', () => {
  it('deletes a failed pod, then replaces failures on that node no faster than 1 s, 2 s, 4 s', () => {
    const t = setup();
    t.addNode('node-1');
    t.must(t.cluster.call('POST', DS, { body: daemonSet }), 201);
    t.cluster.sequencer.runFor(1_000);
    const deletedAt: number[] = [];
    for (let i = 0; i < 4; i++) {
      const pod = freshRunningPod(t);
      setPhase(t, pod, 'Failed');
      const gone = () =>
        t.pods().find((p) => p.metadata.uid === pod.metadata.uid)?.metadata.deletionTimestamp !==
          undefined || !t.pods().some((p) => p.metadata.uid === pod.metadata.uid);
      while (!gone()) t.cluster.sequencer.runFor(10);
      deletedAt.push(t.cluster.sequencer.now);
    }
    const gaps = deletedAt.slice(1).map((at, i) => at - deletedAt[i]!);
    for (const [i, want] of [1_000, 2_000, 4_000].entries()) {
      expect(gaps[i]).toBeGreaterThanOrEqual(want);
      expect(gaps[i]).toBeLessThan(want + 600);
    }
    const failed = events(t, 'FailedDaemonPod');
    expect(failed).toHaveLength(4);
    expect(failed[0]).toMatch(
      /^Warning Found failed daemon pod kube-system\/agent-\w+ on node node-1, will try to kill it$/,
    );
  });

  it('deletes a succeeded pod and creates a new one', () => {
    const t = setup();
    t.addNode('node-1');
    t.must(t.cluster.call('POST', DS, { body: daemonSet }), 201);
    t.cluster.sequencer.runFor(1_000);
    const pod = freshRunningPod(t);
    setPhase(t, pod, 'Succeeded');
    t.cluster.sequencer.runFor(1_000);
    expect(events(t, 'SucceededDaemonPod')).toEqual([
      `Normal Found succeeded daemon pod kube-system/${pod.metadata.name} on node node-1, will try to delete it`,
    ]);
    const next = freshRunningPod(t);
    expect(next.metadata.uid).not.toBe(pod.metadata.uid);
  });
});

describe('DaemonSet pod adoption (ClaimPods)', () => {
  it('adopts a matching orphan on its node, and releases a pod that stops matching', () => {
    const t = setup();
    t.addNode('node-1');
    t.addNode('node-2');
    const orphan = t.must(
      t.cluster.call('POST', PODS, {
        body: {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: {
            name: 'stray',
            // Of the DaemonSet's first generation: current, so no rolling update replaces it.
            labels: { app: 'agent', 'pod-template-generation': '1' },
          },
          spec: { nodeName: 'node-1', containers: [{ name: 'agent', image: 'fluentd:v1' }] },
        },
      }),
      201,
    );
    const ds = t.must(t.cluster.call('POST', DS, { body: daemonSet }), 201);
    t.cluster.sequencer.runFor(1_000);
    const stray = t.pods().find((p) => p.metadata.uid === orphan.metadata.uid)!;
    expect(stray.metadata.ownerReferences).toEqual([
      {
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        name: 'agent',
        uid: ds.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    // node-1 has its pod already: only node-2 gets a new one.
    expect(t.live().map(targetNodeName).sort()).toEqual(['node-1', 'node-2']);

    t.must(
      t.cluster.call('PATCH', `${PODS}/stray`, {
        contentType: 'application/merge-patch+json',
        body: { metadata: { labels: { app: 'other' } } },
      }),
      200,
    );
    t.cluster.sequencer.runFor(1_000);
    expect(
      t.pods().find((p) => p.metadata.name === 'stray')!.metadata.ownerReferences ?? [],
    ).toEqual([]);
    const owned = t
      .live()
      .filter((p) => p.metadata.ownerReferences?.some((r) => r.uid === ds.metadata.uid));
    expect(owned.map(targetNodeName).sort()).toEqual(['node-1', 'node-2']);
  });
});
