import { describe, expect, it } from 'vitest';
import type { Cluster } from '../../cluster/cluster.ts';
import type { KubeObject } from '../../api/objects.ts';
import { nodeLifecycleController, taintEvictionController } from './index.ts';
import {
  kcmCluster,
  events,
  registerNode,
  renewLease,
  postNodeStatus,
  runningPod,
  timestampAt,
  START_SECONDS,
} from './testCluster.ts';
import { parseRfc3339 } from '../../../shared/index.ts';

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

const stored = (c: Cluster, key: string): KubeObject | undefined => c.stored(key)[0];
const nodeOf = (c: Cluster, name: string) => stored(c, `/registry/minions/${name}`)!;
const podOf = (c: Cluster, name: string) => stored(c, `/registry/pods/default/${name}`);
const conditions = (o: KubeObject) => (o.status as { conditions?: Condition[] }).conditions ?? [];
const ready = (o: KubeObject) => conditions(o).find((x) => x.type === 'Ready');
const taints = (o: KubeObject) =>
  (o.spec as { taints?: { key: string; effect: string; timeAdded?: string }[] }).taints ?? [];
const msOf = (t: string | undefined) => (parseRfc3339(t!)! - START_SECONDS) * 1000;

/** Plays the kubelets: renews the Leases of the live nodes every 10 s, one second at a time. */
function kubelets(c: Cluster, alive: string[]) {
  const last: Record<string, number> = {};
  for (const n of alive) last[n] = c.sequencer.now;
  return {
    advanceUntil(done: () => boolean, limitMs: number): number {
      const end = c.sequencer.now + limitMs;
      while (!done()) {
        if (c.sequencer.now >= end) throw new Error(`not reached within ${limitMs} ms`);
        c.sequencer.runFor(500);
        for (const n of alive)
          if (c.sequencer.now - last[n]! >= 10_000) {
            renewLease(c, n);
            last[n] = c.sequencer.now;
          }
      }
      return c.sequencer.now;
    },
    stop(name: string): number {
      alive.splice(alive.indexOf(name), 1);
      return last[name]!;
    },
  };
}

describe('node lifecycle and taint eviction (real cluster)', () => {
  it('marks a silent node Unknown after the grace period, taints it, and evicts its pods when tolerations expire', () => {
    const c = kcmCluster([nodeLifecycleController, taintEvictionController]);
    registerNode(c, 'node-1');
    registerNode(c, 'node-2');
    // Default tolerations (DefaultTolerationSeconds admission): 300 s for unreachable.
    runningPod(c, 'default', 'web', 'node-1');
    runningPod(c, 'default', 'quick', 'node-1', {
      spec: {
        tolerations: [
          {
            key: 'node.kubernetes.io/unreachable',
            operator: 'Exists',
            effect: 'NoExecute',
            tolerationSeconds: 30,
          },
        ],
      },
    });
    runningPod(c, 'default', 'forever', 'node-1', {
      spec: {
        tolerations: [
          { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
        ],
      },
    });
    const k = kubelets(c, ['node-1', 'node-2']);
    // Healthy nodes lose the not-ready:NoSchedule taint admission put on them at registration.
    k.advanceUntil(() => taints(nodeOf(c, 'node-1')).length === 0, 20_000);
    k.advanceUntil(() => c.sequencer.now >= 30_000, 30_000);
    expect(ready(nodeOf(c, 'node-1'))?.status).toBe('True');

    const lastHeartbeat = k.stop('node-1');
    const unknownAt = k.advanceUntil(
      () => ready(nodeOf(c, 'node-1'))?.status === 'Unknown',
      120_000,
    );
    // Grace period 40 s, observed by a monitor pass every 5 s.
    expect(unknownAt).toBeGreaterThan(lastHeartbeat + 40_000);
    expect(unknownAt).toBeLessThanOrEqual(lastHeartbeat + 40_000 + 10_000 + 500);
    const node = nodeOf(c, 'node-1');
    for (const type of ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure']) {
      expect(conditions(node).find((x) => x.type === type)).toMatchObject({
        status: 'Unknown',
        reason: 'NodeStatusUnknown',
        message: 'Kubelet stopped posting node status.',
      });
    }
    const transition = msOf(ready(node)!.lastTransitionTime);
    expect(transition).toBeGreaterThan(lastHeartbeat + 40_000);
    expect(ready(nodeOf(c, 'node-2'))?.status).toBe('True');

    // Pods on the node go NotReady at once.
    c.sequencer.runFor(200);
    expect(ready(podOf(c, 'web')!)?.status).toBe('False');

    // The unreachable NoExecute taint comes on the next monitor pass (5 s).
    const taintedAt = k.advanceUntil(
      () =>
        taints(nodeOf(c, 'node-1')).some(
          (t) => t.key === 'node.kubernetes.io/unreachable' && t.effect === 'NoExecute',
        ),
      20_000,
    );
    expect(taintedAt - unknownAt).toBeLessThanOrEqual(6_000);
    const noExecute = taints(nodeOf(c, 'node-1')).find((t) => t.effect === 'NoExecute')!;
    expect(noExecute.timeAdded).toBeDefined();
    const timeAdded = msOf(noExecute.timeAdded);
    expect(taints(nodeOf(c, 'node-1'))).toContainEqual({
      key: 'node.kubernetes.io/unreachable',
      effect: 'NoSchedule',
      timeAdded: expect.any(String),
    });

    // 30 s toleration: deleted 30 s after the taint; 300 s toleration: 300 s after.
    const quickGone = k.advanceUntil(
      () => podOf(c, 'quick')?.metadata.deletionTimestamp !== undefined,
      60_000,
    );
    expect(quickGone - timeAdded).toBeGreaterThanOrEqual(30_000);
    expect(quickGone - timeAdded).toBeLessThan(32_000);
    expect(podOf(c, 'web')?.metadata.deletionTimestamp).toBeUndefined();
    const webGone = k.advanceUntil(
      () => podOf(c, 'web')?.metadata.deletionTimestamp !== undefined,
      400_000,
    );
    expect(webGone - timeAdded).toBeGreaterThanOrEqual(300_000);
    expect(webGone - timeAdded).toBeLessThan(302_000);
    expect(conditions(podOf(c, 'web')!).find((x) => x.type === 'DisruptionTarget')).toMatchObject({
      status: 'True',
      reason: 'DeletionByTaintManager',
      message: 'Taint manager: deleting due to NoExecute taint',
    });
    expect(podOf(c, 'forever')?.metadata.deletionTimestamp).toBeUndefined();

    const evs = events(c);
    const find = (reason: string, name: string) =>
      evs.filter(
        (e) => e.reason === reason && (e.involvedObject as { name: string }).name === name,
      );
    expect(find('NodeNotReady', 'node-1')[0]).toMatchObject({
      type: 'Normal',
      message: 'Node node-1 status is now: NodeNotReady',
      source: { component: 'node-controller' },
    });
    expect(find('RegisteredNode', 'node-1')[0]?.message).toBe(
      'Registered Node node-1 in Controller',
    );
    expect(find('NodeNotReady', 'web')[0]).toMatchObject({
      type: 'Warning',
      message: 'Node is not ready',
    });
    expect(find('TaintManagerEviction', 'web')[0]).toMatchObject({
      type: 'Normal',
      message: 'Marking for deletion Pod default/web',
      source: { component: 'taint-eviction-controller' },
    });
    expect(find('TaintManagerEviction', 'forever')).toEqual([]);
    expect(timestampAt(unknownAt)).toBeTruthy();
  });

  it('removes the taints when the node comes back, and cancels pending evictions', () => {
    const c = kcmCluster([nodeLifecycleController, taintEvictionController], {
      nodeMonitorGracePeriodMs: 20_000,
    });
    registerNode(c, 'node-1');
    registerNode(c, 'node-2');
    runningPod(c, 'default', 'web', 'node-1');
    const k = kubelets(c, ['node-1', 'node-2']);
    k.advanceUntil(() => c.sequencer.now >= 20_000, 30_000);
    const last = k.stop('node-1');
    const unknownAt = k.advanceUntil(
      () => ready(nodeOf(c, 'node-1'))?.status === 'Unknown',
      60_000,
    );
    // A lesson-speed grace period from the settings.
    expect(unknownAt - last).toBeGreaterThan(20_000);
    expect(unknownAt - last).toBeLessThanOrEqual(30_500);
    k.advanceUntil(() => taints(nodeOf(c, 'node-1')).some((t) => t.effect === 'NoExecute'), 20_000);
    c.sequencer.runFor(1_000);
    // The kubelet is back: a fresh status and Lease.
    postNodeStatus(c, 'node-1');
    renewLease(c, 'node-1');
    const back = kubelets(c, ['node-1', 'node-2']);
    back.advanceUntil(() => taints(nodeOf(c, 'node-1')).length === 0, 20_000);
    back.advanceUntil(() => c.sequencer.now >= unknownAt + 400_000, 420_000);
    expect(podOf(c, 'web')?.metadata.deletionTimestamp).toBeUndefined();
    const cancelled = events(c).filter((e) => e.reason === 'TaintManagerEviction');
    expect(cancelled.map((e) => e.message)).toEqual(['Cancelling deletion of Pod default/web']);
  });

  it('stops evicting when every node is down (full disruption)', () => {
    const c = kcmCluster([nodeLifecycleController, taintEvictionController], {
      nodeMonitorGracePeriodMs: 20_000,
    });
    registerNode(c, 'node-1');
    runningPod(c, 'default', 'web', 'node-1');
    const k = kubelets(c, ['node-1']);
    k.advanceUntil(() => c.sequencer.now >= 20_000, 30_000);
    k.stop('node-1');
    k.advanceUntil(() => ready(nodeOf(c, 'node-1'))?.status === 'Unknown', 60_000);
    k.advanceUntil(() => c.sequencer.now >= 400_000, 400_000);
    expect(taints(nodeOf(c, 'node-1')).filter((t) => t.effect === 'NoExecute')).toEqual([]);
    expect(podOf(c, 'web')?.metadata.deletionTimestamp).toBeUndefined();
  });
});
