import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/objects.ts';
import { eventsFor, nodeCluster, podCIDR, runUntil } from '../testing/nodeCluster.ts';

type Json = Record<string, unknown>;
const nodeOf = (c: ReturnType<typeof nodeCluster>) => c.stored('/registry/minions/node-1')[0]!;
const conditions = (n: KubeObject) => (n.status as { conditions: Json[] }).conditions;
const ready = (n: KubeObject) => conditions(n).find((x) => x.type === 'Ready')!;

describe('kubelet: node registration and status', () => {
  it('registers the Node with capacity, allocatable, labels, addresses and nodeInfo', () => {
    const c = nodeCluster({
      'node-1': {
        kubelet: { zone: 'eu-west-1a', labels: { 'node-role.kubernetes.io/worker': '' } },
      },
    });
    runUntil(c, () => c.stored('/registry/minions/node-1').length > 0);
    const node = nodeOf(c);
    expect(node.metadata.labels).toMatchObject({
      'kubernetes.io/hostname': 'node-1',
      'kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
      'topology.kubernetes.io/zone': 'eu-west-1a',
      'topology.kubernetes.io/region': 'eu-west-1',
      'node-role.kubernetes.io/worker': '',
    });
    const status = node.status as Json;
    expect(status.capacity).toMatchObject({ cpu: '4', memory: '8388608Ki', pods: '110' });
    // 4 cpu - 100m system - 100m kube; 8Gi - 100Mi - 100Mi - 100Mi eviction threshold.
    expect(status.allocatable).toMatchObject({ cpu: '3800m', memory: '8081408Ki', pods: '110' });
    expect(status.addresses).toEqual([
      { type: 'InternalIP', address: '172.18.0.3' },
      { type: 'Hostname', address: 'node-1' },
    ]);
    expect(status.nodeInfo).toMatchObject({
      kubeletVersion: 'v1.30.2',
      containerRuntimeVersion: 'containerd://1.7.13',
      operatingSystem: 'linux',
      architecture: 'amd64',
    });
    expect(conditions(node).map((x) => [x.type, x.status, x.reason, x.message])).toEqual([
      [
        'MemoryPressure',
        'False',
        'KubeletHasSufficientMemory',
        'kubelet has sufficient memory available',
      ],
      ['DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
      ['PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
      [
        'Ready',
        'False',
        'KubeletNotReady',
        'container runtime status check may not have completed yet',
      ],
    ]);
    // Then the runtime answers its status check: up, but no CNI network until there is a pod CIDR.
    c.sequencer.runFor(100);
    expect(ready(nodeOf(c))).toMatchObject({
      status: 'False',
      reason: 'KubeletNotReady',
      message:
        'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized',
    });
  });

  it('turns Ready once the node has a pod CIDR, and records the node events', () => {
    const c = nodeCluster();
    runUntil(c, () => c.stored('/registry/minions/node-1').length > 0);
    podCIDR(c, 'node-1', '10.244.1.0/24');
    const at = c.sequencer.now;
    runUntil(c, () => ready(nodeOf(c)).status === 'True');
    // fastStatusUpdateOnce: reported as soon as the runtime says the network is ready.
    expect(c.sequencer.now - at).toBeLessThan(100);
    expect(ready(nodeOf(c))).toMatchObject({
      reason: 'KubeletReady',
      message: 'kubelet is posting ready status',
    });
    c.sequencer.runFor(100);
    const events = eventsFor(c, 'node-1').map((e) => [e.reason, e.message]);
    expect(events).toEqual([
      ['Starting', 'Starting kubelet.'],
      ['NodeHasSufficientMemory', 'Node node-1 status is now: NodeHasSufficientMemory'],
      ['NodeHasNoDiskPressure', 'Node node-1 status is now: NodeHasNoDiskPressure'],
      ['NodeHasSufficientPID', 'Node node-1 status is now: NodeHasSufficientPID'],
      ['NodeAllocatableEnforced', 'Updated Node Allocatable limit across pods'],
      ['NodeReady', 'Node node-1 status is now: NodeReady'],
    ]);
  });

  it('falls back to its own pod CIDR when none is assigned in time', () => {
    const c = nodeCluster({ 'node-2': {} });
    c.sequencer.runFor(6_000);
    const node = c.stored('/registry/minions/node-2')[0]!;
    expect(ready(node).status).toBe('True');
  });

  it('renews its Lease in kube-node-lease every 10 s', () => {
    const c = nodeCluster();
    runUntil(c, () => c.stored('/registry/leases/kube-node-lease/node-1').length > 0);
    const renewals: string[] = [];
    for (let i = 0; i < 4; i++) {
      c.sequencer.runFor(10_000);
      const lease = c.stored('/registry/leases/kube-node-lease/node-1')[0]!;
      renewals.push((lease.spec as Json).renewTime as string);
    }
    const lease = c.stored('/registry/leases/kube-node-lease/node-1')[0]!;
    expect(lease.spec).toMatchObject({ holderIdentity: 'node-1', leaseDurationSeconds: 40 });
    expect(lease.metadata.ownerReferences).toEqual([
      { apiVersion: 'v1', kind: 'Node', name: 'node-1', uid: nodeOf(c).metadata.uid },
    ]);
    const seconds = renewals.map((t) => Number(/:(\d\d\.\d+)Z$/.exec(t)![1]));
    for (let i = 1; i < seconds.length; i++)
      expect(seconds[i]! - seconds[i - 1]!).toBeCloseTo(10, 1);
    expect(renewals[0]).toMatch(/^2026-01-01T00:00:\d\d\.\d{6}Z$/);
  });

  it('patches node status only on change, and every 5 minutes otherwise', () => {
    const c = nodeCluster();
    runUntil(c, () => c.stored('/registry/minions/node-1').length > 0);
    podCIDR(c, 'node-1', '10.244.1.0/24');
    c.sequencer.runFor(60_000);
    const statusPatches = () =>
      c.sequencer.trace.filter(
        (e) => e.from === 'kubelet/node-1' && e.summary === 'PATCH /api/v1/nodes/node-1/status',
      ).length;
    const settled = statusPatches();
    c.sequencer.runFor(200_000);
    expect(statusPatches()).toBe(settled);
    c.sequencer.runFor(60_000);
    expect(statusPatches()).toBe(settled + 1);
  });
});
