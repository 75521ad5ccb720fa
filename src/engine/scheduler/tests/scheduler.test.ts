import { describe, expect, it } from 'vitest';
import { latestDecisionFor, scoredRows } from '../index.ts';
import { SchedulerCluster, podObject } from './helpers.ts';

const CONTROL_PLANE_TAINT = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };

function condition(c: SchedulerCluster, pod: string) {
  const status = c.pod(pod).status as { conditions?: Record<string, unknown>[] };
  return status.conditions?.find((x) => x.type === 'PodScheduled');
}

describe('kube-scheduler in a cluster', () => {
  it('leaves a pod that fits nowhere Pending with the real FailedScheduling message, then schedules it on a new node', () => {
    const c = new SchedulerCluster();
    c.addNode('control-plane', { cpu: '4', taints: [CONTROL_PLANE_TAINT] });
    c.addNode('worker-1', { cpu: '1' });
    c.addNode('worker-2', { cpu: '1' });
    c.addPod(podObject('big', { cpu: '2' }));
    c.run(2000);
    const message =
      '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, ' +
      '2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, ' +
      '2 No preemption victims found for incoming pod..';
    expect(c.nodeOf('big')).toBeUndefined();
    const failed = c.events().filter((e) => e.reason === 'FailedScheduling');
    expect(
      failed.map((e) => [e.type, e.message, (e.source as { component: string }).component]),
    ).toEqual([['Warning', message, 'default-scheduler']]);
    expect(condition(c, 'big')).toMatchObject({
      status: 'False',
      reason: 'Unschedulable',
      message,
    });
    expect(c.state.queue.unschedulablePods.has('default/big')).toBe(true);

    c.addNode('worker-3', { cpu: '4' });
    c.run(3000);
    expect(c.nodeOf('big')).toBe('worker-3');
    const scheduled = c.events().filter((e) => e.reason === 'Scheduled');
    expect(scheduled.map((e) => [e.type, e.message])).toEqual([
      ['Normal', 'Successfully assigned default/big to worker-3'],
    ]);
    expect(condition(c, 'big')).toMatchObject({ status: 'True' });
  });

  it('spreads pods across equal nodes and keeps per-node requests incrementally', () => {
    const c = new SchedulerCluster();
    for (const n of ['node-1', 'node-2', 'node-3']) c.addNode(n, { cpu: '2', memory: '4Gi' });
    for (let i = 0; i < 6; i++) c.addPod(podObject(`web-${i}`, { cpu: '500m', memory: '512Mi' }));
    c.run(2000);
    const placed = new Map<string, number>();
    for (let i = 0; i < 6; i++) {
      const node = c.nodeOf(`web-${i}`)!;
      placed.set(node, (placed.get(node) ?? 0) + 1);
    }
    expect([...placed.values()]).toEqual([2, 2, 2]);
    for (const info of c.state.cache.nodes.values()) {
      expect(info.reqCpu).toBe(1000);
      expect(info.reqMem).toBe(1024 * 1024 * 1024);
    }
    // Every pod is confirmed by the informer: nothing is left assumed.
    expect([...c.state.cache.podStates.values()].every((s) => !s.assumed)).toBe(true);
  });

  it('records each decision: rejected nodes with plugin and reason, per-plugin scores, the winner', () => {
    const c = new SchedulerCluster();
    c.addNode('small', { cpu: '500m' });
    c.addNode('busy', { cpu: '4' });
    c.addNode('free', { cpu: '4' });
    c.addPod(podObject('filler', { cpu: '3', spec: { nodeName: 'busy' } }));
    c.run(500);
    c.addPod(podObject('app', { cpu: '1' }));
    c.run(1000);
    const d = latestDecisionFor(c.state, 'default', 'app')!;
    expect(d.rejected).toEqual([
      { node: 'small', plugin: 'NodeResourcesFit', reasons: ['Insufficient cpu'] },
    ]);
    expect(d.winner).toBe('free');
    expect(c.nodeOf('app')).toBe('free');
    const rows = scoredRows(d);
    const fit = (node: string) =>
      rows.find((r) => r.node === node)!.scores.find((s) => s.plugin === 'NodeResourcesFit')!;
    // free: cpu (4000 - 1000) / 4000 -> 75, memory (8Gi - 200Mi) -> 97: 86.
    // busy: cpu (4000 - 4000) -> 0, memory (8Gi - 2 × 200Mi, the non-zero default each) -> 95: 47.
    expect(fit('free')).toEqual({
      plugin: 'NodeResourcesFit',
      raw: 86,
      normalized: 86,
      weighted: 86,
    });
    expect(fit('busy').raw).toBe(47);
    expect(d.summary).toMatch(
      /^filtered 3 nodes \(small: Insufficient cpu\); scored 2; free won \d+ to \d+; binding$/,
    );
  });

  it('retries with back-off while there are no nodes', () => {
    const c = new SchedulerCluster();
    c.addPod(podObject('early'));
    c.run(20_000);
    const attempts = c.state.decisions.filter((d) => d.pod === 'default/early');
    expect(attempts[0]!.message).toBe('no nodes available to schedule pods');
    const gaps = attempts.slice(1).map((d, i) => d.at - attempts[i]!.at);
    // 1 s, 2 s, 4 s, 8 s of back-off, each released on the next 1 s flush of backoffQ.
    expect(gaps.length).toBe(4);
    gaps.forEach((gap, i) => {
      expect(gap).toBeGreaterThanOrEqual(1000 * 2 ** i);
      expect(gap).toBeLessThanOrEqual(1000 * 2 ** i + 1000);
    });
    const event = c.events().find((e) => e.reason === 'FailedScheduling')!;
    expect(event.message).toBe('no nodes available to schedule pods');
    expect(event.count).toBe(5);
    // ErrNoNodesAvailable is an UnschedulableAndUnresolvable status: reason Unschedulable.
    expect(condition(c, 'early')).toMatchObject({
      status: 'False',
      reason: 'Unschedulable',
      message: 'no nodes available to schedule pods',
    });
    expect(attempts.every((d) => d.outcome === 'unschedulable')).toBe(true);
  });

  it('is deterministic: the same seed gives the same placements, ties included', () => {
    const run = (seed: number) => {
      const c = new SchedulerCluster(seed);
      for (let i = 1; i <= 5; i++) c.addNode(`node-${i}`);
      for (let i = 0; i < 8; i++) c.addPod(podObject(`p-${i}`));
      c.run(2000);
      return {
        placement: Array.from({ length: 8 }, (_, i) => c.nodeOf(`p-${i}`)),
        summaries: c.state.decisions.map((d) => d.summary),
      };
    };
    const a = run(7);
    expect(run(7)).toEqual(a);
    expect(a.placement.every((n) => n !== undefined)).toBe(true);
    expect(a.summaries.some((s) => s.includes('seeded pick'))).toBe(true);
  });
});
