/**
 * A restarted kubelet runs with the flags its machine booted with (--node-labels,
 * --register-with-taints, its zone): if its Node was deleted meanwhile, it registers it again
 * exactly as the first time.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/objects.ts';
import { KubevizCluster } from './fullCluster.ts';

const nodeOf = (c: KubevizCluster, name: string): KubeObject | undefined =>
  c.stored(`/registry/minions/${name}`)[0];
const taintKeys = (n: KubeObject | undefined) =>
  (
    (n?.spec as { taints?: { key: string; value?: string; effect: string }[] } | undefined)
      ?.taints ?? []
  ).map((t) => `${t.key}=${t.value ?? ''}:${t.effect}`);

describe('a restarted kubelet', () => {
  it('re-registers a deleted Node with its machine’s labels, taints and zone', () => {
    const c = new KubevizCluster({
      seed: 3,
      nodes: [
        { name: 'node-1' },
        {
          name: 'gpu-1',
          labels: { disk: 'ssd' },
          taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }],
        },
      ],
    });
    c.addNode({ name: 'node-3' });
    c.sequencer.runFor(20_000);
    const before = nodeOf(c, 'node-3')!;
    expect(nodeOf(c, 'gpu-1')!.metadata.labels).toMatchObject({ disk: 'ssd' });
    expect(taintKeys(nodeOf(c, 'gpu-1'))).toEqual(['dedicated=gpu:NoSchedule']);

    // node-1 leaves: node-3's index among the machines shifts, its zone must not.
    c.removeNode('node-1');
    for (const name of ['gpu-1', 'node-3']) {
      c.setComponentRunning(`kubelet/${name}`, false);
      expect(c.call('DELETE', `/api/v1/nodes/${name}`).code).toBe(200);
    }
    c.sequencer.runFor(2_000);
    expect(nodeOf(c, 'gpu-1')).toBeUndefined();
    for (const name of ['gpu-1', 'node-3']) c.setComponentRunning(`kubelet/${name}`, true);
    c.sequencer.runFor(20_000);

    const gpu = nodeOf(c, 'gpu-1')!;
    expect(gpu.metadata.labels).toMatchObject({ disk: 'ssd' });
    // Registered with its own taint and the cloud's uninitialized one, which the
    // cloud-controller-manager has taken off again.
    expect(taintKeys(gpu)).toEqual(['dedicated=gpu:NoSchedule']);
    const after = nodeOf(c, 'node-3')!;
    expect(after.metadata.uid).not.toBe(before.metadata.uid);
    expect(after.metadata.labels).toEqual(before.metadata.labels);
  });
});
