/**
 * The model test's newer operations do what they say: a drain cordons the node and evicts its
 * pods through the Eviction API, an OOM kill leaves an OOMKilled container behind, a kubelet
 * stopped alone leaves its containers running and comes back with its Node, and a small machine
 * holds only as many pods as its --max-pods.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/objects.ts';
import { ModelRun } from './modelRun.ts';

const nodeOf = (p: KubeObject) => (p.spec as { nodeName?: string }).nodeName;
const pods = (r: ModelRun) => r.c.stored('/registry/pods/default/');

describe('the model test’s operations', () => {
  it('drain: cordon, then evict every pod on the node', () => {
    const r = new ModelRun(11);
    r.apply({ type: 'create', d: 0, replicas: 3, image: 0, cpu: 0, memory: 0 });
    r.apply({ type: 'wait', ms: 20_000 });
    const node = nodeOf(pods(r)[0]!)!;
    const index = r.c.nodeNames().indexOf(node);
    const before = pods(r).filter((p) => nodeOf(p) === node);
    r.apply({ type: 'drain', pick: index });
    r.apply({ type: 'wait', ms: 40_000 });
    const nodeObj = r.c.stored(`/registry/minions/${node}`)[0]!;
    expect((nodeObj.spec as { unschedulable?: boolean }).unschedulable).toBe(true);
    const names = new Set(pods(r).map((p) => p.metadata.name));
    for (const p of before) expect(names.has(p.metadata.name)).toBe(false);
    expect(pods(r).filter((p) => nodeOf(p) === node)).toEqual([]);
    expect(pods(r)).toHaveLength(3);
    expect(r.finish().violations).toEqual([]);
  });

  it('oom: the container is OOMKilled and restarted', () => {
    const r = new ModelRun(12);
    r.apply({ type: 'create', d: 1, replicas: 1, image: 0, cpu: 0, memory: 0 });
    r.apply({ type: 'wait', ms: 20_000 });
    r.apply({ type: 'oom', pick: 0 });
    r.apply({ type: 'wait', ms: 5_000 });
    const status = pods(r)[0]!.status as {
      containerStatuses: { restartCount: number; lastState: { terminated?: { reason: string } } }[];
    };
    expect(status.containerStatuses[0]!.lastState.terminated?.reason).toBe('OOMKilled');
    expect(status.containerStatuses[0]!.restartCount).toBe(1);
    expect(r.finish().violations).toEqual([]);
  });

  it('kubelet: stopped alone, its pods stay; restarted, it reports again', () => {
    const r = new ModelRun(13);
    r.apply({ type: 'create', d: 2, replicas: 2, image: 0, cpu: 0, memory: 0 });
    r.apply({ type: 'wait', ms: 20_000 });
    const before = pods(r).map((p) => p.metadata.uid);
    r.apply({ type: 'kubelet', pick: 0, running: false });
    expect(r.c.sequencer.isRunning('kubelet/node-1')).toBe(false);
    r.apply({ type: 'wait', ms: 10_000 });
    r.apply({ type: 'kubelet', pick: 0, running: true });
    expect(r.c.sequencer.isRunning('kubelet/node-1')).toBe(true);
    r.apply({ type: 'wait', ms: 20_000 });
    expect(pods(r).map((p) => p.metadata.uid)).toEqual(before);
    expect(r.finish().violations).toEqual([]);
  });

  it('addNode with pods: 2 never holds a third pod', () => {
    const r = new ModelRun(14);
    for (const n of ['node-1', 'node-2', 'node-3'])
      r.apply({ type: 'cordon', pick: r.c.nodeNames().indexOf(n), unschedulable: true });
    r.apply({ type: 'addNode', pods: 2 });
    r.apply({ type: 'wait', ms: 20_000 });
    r.apply({ type: 'create', d: 0, replicas: 3, image: 0, cpu: 0, memory: 0 });
    r.apply({ type: 'wait', ms: 20_000 });
    const placed = pods(r).filter((p) => nodeOf(p) === 'node-4');
    expect(placed).toHaveLength(2);
    expect(pods(r).filter((p) => !nodeOf(p))).toHaveLength(1);
    expect(r.finish().violations).toEqual([]);
  });
});
