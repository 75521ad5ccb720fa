import { describe, expect, it } from 'vitest';
import { KubevizCluster } from '../../engine/index.ts';
import {
  compareWithEtcd,
  readComponentState,
  readEtcdState,
  type EtcdContents,
  type InformerView,
} from './componentState.ts';
import { deployment } from '../../engine/testing/objects.ts';

const DEPLOYMENT = deployment('web', 3);

/** A cluster with a Deployment's pods running; inspected as the runtime would copy it. */
function cluster() {
  const c = new KubevizCluster({ seed: 1 });
  c.sequencer.runUntil(5_000);
  c.request('POST', '/apis/apps/v1/namespaces/default/deployments', { body: DEPLOYMENT });
  c.sequencer.runUntil(20_000);
  const inspect = (id: string) => structuredClone(c.sequencer.stateOf(id));
  return { c, inspect, etcd: () => readEtcdState(inspect('etcd'))! };
}

function informer(memory: { informers: InformerView[] }, resource: string): InformerView {
  const found = memory.informers.find((i) => i.resource === resource);
  if (!found) throw new Error(`no ${resource} informer`);
  return found;
}

describe('reading a component state', () => {
  const { c, inspect, etcd } = cluster();
  const pods = c.stored('/registry/pods/default/');

  it("finds the scheduler's informers and its three scheduling queues", () => {
    const memory = readComponentState(inspect('kube-scheduler'));
    expect(memory.informers.map((i) => i.resource).sort()).toEqual([
      'namespaces',
      'nodes',
      'pods',
      'replicasets.apps',
      'services',
    ]);
    expect(memory.queues.map((q) => q.name)).toEqual(['activeQ', 'backoffQ', 'unschedulablePods']);
    // Every pod is bound, so nothing waits to be scheduled.
    expect(memory.queues.every((q) => q.depth === 0)).toBe(true);
    const podInformer = informer(memory, 'pods');
    expect(podInformer.synced).toBe(true);
    expect(podInformer.phase).toBe('watching');
    for (const pod of pods)
      expect(podInformer.objects.has(`default/${pod.metadata.name}`)).toBe(true);
  });

  it('agrees with etcd once the cluster is quiet, at every resourceVersion', () => {
    const store = etcd();
    const memory = readComponentState(inspect('kube-scheduler'));
    for (const inf of memory.informers) {
      const cmp = compareWithEtcd(inf, store);
      expect(cmp.differences, inf.resource).toEqual([]);
      expect(cmp.etcdCount, inf.resource).toBe(inf.objects.size);
    }
    expect(informer(memory, 'pods').objects.size).toBe(c.stored('/registry/pods/').length);
  });

  it("finds the controller manager's shared informers and one work queue per controller", () => {
    const memory = readComponentState(inspect('kube-controller-manager'));
    expect(memory.informers.map((i) => i.resource)).toContain('deployments.apps');
    expect(memory.informers.map((i) => i.resource)).toContain('leases.coordination.k8s.io');
    const names = memory.queues.map((q) => q.name);
    expect(names).toContain('replicaset');
    expect(names).toContain('deployment');
    const rs = memory.queues.find((q) => q.name === 'replicaset')!;
    expect(rs.adds).toBeGreaterThan(0);
    expect(rs.depth).toBe(0);
  });

  it("compares a kubelet's field-selected pod cache with only its node's pods in etcd", () => {
    const memory = readComponentState(inspect('kubelet/node-1'));
    const podInformer = informer(memory, 'pods');
    expect(podInformer.fieldSelector).toBe('spec.nodeName=node-1');
    const onNode = pods.filter((p) => (p.spec as { nodeName?: string }).nodeName === 'node-1');
    const cmp = compareWithEtcd(podInformer, etcd());
    expect(cmp.etcdCount).toBe(onNode.length);
    expect(cmp.differences).toEqual([]);
  });

  it('lists what differs when the cache is behind, ahead, or missing an object', () => {
    const memory = readComponentState(inspect('kube-scheduler'));
    const nodes = informer(memory, 'nodes');
    const store = etcd();
    const behind: InformerView = {
      ...nodes,
      objects: new Map([
        ['node-1', '1'],
        ['node-2', nodes.objects.get('node-2')!],
        ['ghost', '7'],
      ]),
    };
    const cmp = compareWithEtcd(behind, store);
    const live = (name: string) =>
      String(store.under('/registry/minions/').get(`/registry/minions/${name}`)!.modRevision);
    expect(cmp.differences).toEqual([
      { key: 'ghost', cached: '7' },
      { key: 'node-1', cached: '1', stored: live('node-1') },
      { key: 'node-3', stored: live('node-3') },
    ]);
  });

  it('reads nothing from a component without informers, or from a state that is not etcd', () => {
    expect(readComponentState(inspect('etcd'))).toEqual({ informers: [], queues: [] });
    expect(readComponentState(undefined)).toEqual({ informers: [], queues: [] });
    expect(readEtcdState(inspect('kube-scheduler'))).toBeUndefined();
  });

  it('does not compare when a selector does not parse', () => {
    const memory = readComponentState(inspect('kube-scheduler'));
    const odd: InformerView = { ...informer(memory, 'pods'), labelSelector: 'a in (b' };
    const store: EtcdContents = etcd();
    expect(compareWithEtcd(odd, store).etcdCount).toBeUndefined();
  });
});
