import { describe, expect, it } from 'vitest';
import { createPrng } from '../../../shared/index.ts';
import { newCache, setNode, setPod } from '../cache.ts';
import { findNodesThatPassFilters, runPreFilter } from '../filterPass.ts';
import { preempt } from '../preemption.ts';
import type { FilterStatus, PodInfo } from '../types.ts';
import { nodeObject } from './helpers.ts';
import { podInfo } from './fixtures.ts';

function attempt(p: PodInfo, placed: PodInfo[]) {
  const cache = newCache();
  const nodes = [
    setNode(
      cache,
      nodeObject('tainted', { cpu: '4', taints: [{ key: 'gpu', effect: 'NoSchedule' }] }),
    ),
    setNode(cache, nodeObject('full', { cpu: '2' })),
  ];
  for (const q of placed) setPod(cache, { ...q, nodeName: 'full' });
  const pre = runPreFilter(p, nodes, new Map());
  const f = findNodesThatPassFilters(pre, p, nodes, 0, 0);
  const statuses = new Map<string, FilterStatus>(f.rejected.map((r) => [r.node.name, r.status]));
  return preempt(pre, p, nodes, statuses, createPrng(1));
}

describe('DefaultPreemption PostFilter', () => {
  it('says why preemption cannot help', () => {
    const r = attempt(podInfo('p', { cpu: '1' }), [podInfo('same', { cpu: '1500m' })]);
    expect(r.message).toBe(
      'preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.',
    );
    const never = { ...podInfo('n', { cpu: '1' }), preemptionPolicy: 'Never' };
    expect(attempt(never, []).message).toBe(
      'preemption: not eligible due to preemptionPolicy=Never.',
    );
  });

  it('evicts the fewest lower-priority pods that make room', () => {
    const low = (name: string, cpu: string, priority: number) => ({
      ...podInfo(name, { cpu }),
      priority,
    });
    const high = { ...podInfo('urgent', { cpu: '1' }), priority: 1000 };
    const r = attempt(high, [low('a', '500m', 10), low('b', '1', 0)]);
    expect(r.message).toBe('');
    expect(r.candidate?.node).toBe('full');
    // Reprieve in order of importance: a (priority 10) is kept, b goes.
    expect(r.candidate?.victims.map((v) => v.name)).toEqual(['b']);
  });
});
