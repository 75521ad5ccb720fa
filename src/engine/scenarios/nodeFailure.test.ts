/**
 * A node that goes silent (powered off, or cut off from the network) with default timings:
 * the node lifecycle controller posts Unknown conditions once the node monitor grace period
 * (40 s) passes without a heartbeat, taints the node unreachable (NoSchedule and NoExecute), the
 * taint eviction controller deletes its pods when their 300 s DefaultTolerationSeconds toleration
 * runs out, and the ReplicaSet controller recreates them on the healthy nodes.
 */
import { describe, expect, it } from 'vitest';
import type { KubevizCluster } from '../cluster/fullCluster.ts';
import { iptablesSave, type KubeProxyState } from '../node/kubeproxy/index.ts';
import {
  bootCluster,
  createDeployment,
  events,
  expect0Crashes,
  nodeObject,
  nodeTaints,
  pods,
  runningReady,
  runUntil,
} from './helpers.ts';

const WEB = { app: 'web' };
const UNREACHABLE = 'node.kubernetes.io/unreachable';

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

function readyCondition(c: KubevizCluster, node: string): Condition | undefined {
  const n = nodeObject(c, node) as { status?: { conditions?: Condition[] } } | undefined;
  return n?.status?.conditions?.find((x) => x.type === 'Ready');
}

interface EndpointSubset {
  addresses?: { ip: string }[];
  notReadyAddresses?: { ip: string }[];
}

function endpointSubsets(c: KubevizCluster): EndpointSubset[] {
  const ep = c.stored('/registry/services/endpoints/default/web')[0] as
    { subsets?: EndpointSubset[] } | undefined;
  return ep?.subsets ?? [];
}

function readyAddresses(c: KubevizCluster): string[] {
  return endpointSubsets(c).flatMap((s) => (s.addresses ?? []).map((a) => a.ip));
}

function natOf(c: KubevizCluster, node: string): string {
  return iptablesSave(c.sequencer.stateOf<KubeProxyState>(`kube-proxy/${node}`)!.rules, 'nat');
}

function silenceNode(kind: 'stop' | 'partition') {
  const c = bootCluster();
  createDeployment(c, 'web', 3);
  runUntil(c, () => runningReady(c, WEB).length === 3, 60_000);
  const victim = 'node-1';
  const lost = runningReady(c, WEB).filter((p) => p.node === victim);
  expect(lost.length).toBeGreaterThan(0);
  for (const p of lost)
    expect(
      (p.obj.spec as { tolerations?: unknown[] }).tolerations,
      'DefaultTolerationSeconds',
    ).toContainEqual({
      key: UNREACHABLE,
      operator: 'Exists',
      effect: 'NoExecute',
      tolerationSeconds: 300,
    });

  expect(
    c.call('POST', '/api/v1/namespaces/default/services', {
      body: {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'web' },
        spec: { selector: WEB, ports: [{ port: 80 }] },
      },
    }).code,
  ).toBe(201);
  runUntil(c, () => readyAddresses(c).length === 3, 10_000);

  // Let the node send one more heartbeat, then silence it just after its Lease renewal.
  const trace = c.sequencer.trace;
  const renewed = (from: number) =>
    trace.findLast(
      (e) =>
        e.seq > from &&
        e.from === `kubelet/${victim}` &&
        e.summary ===
          `PUT /apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${victim}`,
    );
  const mark = trace.length;
  runUntil(c, () => renewed(mark) !== undefined, 15_000);
  c.sequencer.runFor(100);
  const lastRenew = renewed(mark)!.deliverAt;
  const t0 = c.sequencer.now;
  if (kind === 'stop') c.stopNode(victim);
  else c.partitionNode(victim, true);

  const tUnknown = runUntil(c, () => readyCondition(c, victim)?.status === 'Unknown', 60_000);
  // The controller notices the renewal at its next 5 s health check (probeTimestamp is its own
  // clock then), and posts Unknown at the first check more than 40 s after that.
  expect(tUnknown).toBeGreaterThan(lastRenew + 40_000);
  expect(tUnknown).toBeLessThan(lastRenew + 5_000 + 40_000 + 5_000 + 100);
  expect(readyCondition(c, victim)).toMatchObject({
    status: 'Unknown',
    reason: 'NodeStatusUnknown',
    message: 'Kubelet stopped posting node status.',
  });

  const tTaint = runUntil(
    c,
    () => nodeTaints(c, victim).some((t) => t.key === UNREACHABLE && t.effect === 'NoExecute'),
    10_000,
  );
  // processTaintBaseEviction looks at the Ready condition as it was before this health check
  // (still True), so the node is queued for the NoExecute taint at the next check, 5 s later.
  expect(tTaint - tUnknown).toBeGreaterThan(4_500);
  expect(tTaint - tUnknown).toBeLessThan(6_000);
  expect(nodeTaints(c, victim)).toContainEqual(
    expect.objectContaining({ key: UNREACHABLE, effect: 'NoSchedule' }),
  );
  // The node controller marks the node's pods NotReady (markPodsNotReady)...
  runUntil(c, () => lost.every((l) => !pods(c, WEB).find((p) => p.uid === l.uid)!.ready), 10_000);
  // ...so the endpoints controller moves them to notReadyAddresses and kube-proxy on the
  // healthy nodes stops sending them traffic.
  runUntil(c, () => readyAddresses(c).length === 3 - lost.length, 10_000);
  const subset = endpointSubsets(c)[0]!;
  expect((subset.notReadyAddresses ?? []).map((a) => a.ip).sort()).toEqual(
    lost.map((l) => l.ip).sort(),
  );
  runUntil(
    c,
    () =>
      c
        .nodeNames()
        .filter((n) => n !== victim)
        .every((n) => lost.every((l) => !natOf(c, n).includes(`--to-destination ${l.ip}:80`))),
    5_000,
  );
  expect(events(c, 'NodeNotReady').map((e) => (e as { message?: string }).message)).toEqual(
    expect.arrayContaining([`Node ${victim} status is now: NodeNotReady`, 'Node is not ready']),
  );
  // ...but they stay bound and undeleted for the whole toleration.
  c.sequencer.runUntil(tTaint + 299_000);
  expect(pods(c, WEB).filter((p) => p.deleting)).toHaveLength(0);
  expect(pods(c, WEB).filter((p) => p.node === victim)).toHaveLength(lost.length);

  const tDelete = runUntil(
    c,
    () => lost.every((l) => pods(c, WEB).find((p) => p.uid === l.uid)?.deleting !== false),
    10_000,
  );
  expect(tDelete).toBeGreaterThanOrEqual(tTaint + 300_000);
  expect(tDelete).toBeLessThan(tTaint + 300_000 + 2_000);
  expect(tDelete - t0).toBeGreaterThan(330_000);
  for (const p of lost)
    expect(
      events(c, 'TaintManagerEviction').map((e) => (e as { message?: string }).message),
    ).toContain(`Marking for deletion Pod default/${p.name}`);

  // Replacements are created only now, scheduled away from the tainted node, and run.
  runUntil(c, () => runningReady(c, WEB).filter((p) => p.node !== victim).length === 3, 60_000);
  expect0Crashes(c);
  const live = runningReady(c, WEB);
  expect(live).toHaveLength(3);
  for (const p of live) {
    expect(p.node).not.toBe(victim);
    expect(lost.map((l) => l.uid)).not.toContain(p.uid);
  }
  return { c, victim, lost, tDelete };
}

describe('a node that stops heartbeating', () => {
  it('powered off: Unknown after 40 s, tainted, pods evicted after 300 s and recreated elsewhere', () => {
    const { c, victim, lost } = silenceNode('stop');
    // With the kubelet gone nobody confirms the containers stopped: the old pods stay
    // Terminating on the dead node (the pod GC only force-deletes them once the node is gone).
    for (const l of lost) expect(pods(c, WEB).find((p) => p.uid === l.uid)?.node).toBe(victim);
  });

  it('partitioned: the same, although its kubelet keeps running; healed, it cleans up', () => {
    const { c, victim, lost } = silenceNode('partition');
    expect(c.sequencer.isRunning(`kubelet/${victim}`)).toBe(true);

    // Back on the network the kubelet hears of the deletion, stops the containers, writes the
    // final status (keeping the taint manager's DisruptionTarget condition) and deletes the pods.
    const trace = c.sequencer.trace;
    const mark = trace.length;
    c.partitionNode(victim, false);
    const healed = c.sequencer.now;
    runUntil(c, () => lost.every((l) => !pods(c, WEB).some((p) => p.uid === l.uid)), 60_000);
    runUntil(c, () => readyCondition(c, victim)?.status === 'True', 30_000);
    runUntil(c, () => !nodeTaints(c, victim).some((t) => t.key === UNREACHABLE), 30_000);
    expect(c.sequencer.now - healed).toBeLessThan(30_000);
    const statusPatches = trace
      .slice(mark)
      .filter((e) => e.from === `kubelet/${victim}` && /\/pods\/[^/]+\/status$/.test(e.summary));
    expect(statusPatches.length).toBeLessThan(2 * lost.length + 2);
    expect(runningReady(c, WEB)).toHaveLength(3);
    expect0Crashes(c);
  });
});
