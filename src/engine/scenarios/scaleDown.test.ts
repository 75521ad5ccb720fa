/**
 * Scaling a Deployment down: the ReplicaSet controller deletes the pods ActivePodsWithRanks puts
 * first (pkg/controller/controller_utils.go). Three of its rules are exercised here:
 *   1. a pod not yet assigned to a node goes before any assigned pod;
 *   4. then the lowest controller.kubernetes.io/pod-deletion-cost;
 *   5. then the pod with more active pods of the same owner on its node (higher rank).
 */
import { describe, expect, it } from 'vitest';
import {
  bootCluster,
  createDeployment,
  expect0Crashes,
  pods,
  runningReady,
  runUntil,
} from './helpers.ts';

const WEB = { app: 'web' };

describe('scaling a Deployment from 5 to 2', () => {
  it('deletes the unscheduled pod, then the cheapest, then one from the busiest node', () => {
    const c = bootCluster();
    createDeployment(c, 'web', 4);
    runUntil(c, () => runningReady(c, WEB).length === 4, 60_000);
    const running = runningReady(c, WEB);
    const byNode = new Map<string, string[]>();
    for (const p of running) byNode.set(p.node!, [...(byNode.get(p.node!) ?? []), p.name]);
    // Spreading over three zones puts 2 + 1 + 1.
    const counts = [...byNode.values()].map((v) => v.length).sort();
    expect(counts).toEqual([1, 1, 2]);
    const busy = [...byNode.values()].find((v) => v.length === 2)!;
    const singles = [...byNode.values()].filter((v) => v.length === 1).map((v) => v[0]!);
    const [cheap, keeper] = singles as [string, string];

    // A fifth pod that no scheduler places: Pending with no node.
    c.setComponentRunning('kube-scheduler', false);
    const scale = (replicas: number) =>
      c.call('PATCH', '/apis/apps/v1/namespaces/default/deployments/web', {
        body: { spec: { replicas } },
        contentType: 'application/merge-patch+json',
      });
    expect(scale(5).code).toBe(200);
    runUntil(c, () => pods(c, WEB).length === 5, 10_000);
    const pending = pods(c, WEB).find((p) => p.node === undefined)!;
    expect(pending.phase).toBe('Pending');

    const annotate = c.call('PATCH', `/api/v1/namespaces/default/pods/${cheap}`, {
      body: { metadata: { annotations: { 'controller.kubernetes.io/pod-deletion-cost': '-100' } } },
      contentType: 'application/merge-patch+json',
    });
    expect(annotate.code).toBe(200);
    c.sequencer.runFor(1_000);

    const trace = c.sequencer.trace;
    const mark = trace.length;
    expect(scale(2).code).toBe(200);
    runUntil(c, () => pods(c, WEB).filter((p) => !p.deleting).length === 2, 10_000);
    expect0Crashes(c);

    const deletes = trace
      .slice(mark)
      .filter(
        (e) =>
          e.from === 'kube-controller-manager' &&
          e.kind === 'api.request' &&
          e.summary.startsWith('DELETE /api/v1/namespaces/default/pods/'),
      )
      .map((e) => e.summary.slice('DELETE /api/v1/namespaces/default/pods/'.length));
    expect(deletes).toHaveLength(3);
    expect(deletes).toContain(pending.name);
    expect(deletes).toContain(cheap);
    expect(deletes.filter((d) => busy.includes(d))).toHaveLength(1);
    expect(deletes).not.toContain(keeper);

    const survivors = pods(c, WEB)
      .filter((p) => !p.deleting)
      .map((p) => p.name);
    expect(survivors).toContain(keeper);
    expect(survivors.filter((s) => busy.includes(s))).toHaveLength(1);
  });
});
