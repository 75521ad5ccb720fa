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

const HOSTNAME = 'kubernetes.io/hostname';

/** One dry run over the given nodes, each with its pods, for the incoming pod `p`. */
function dryRun(p: PodInfo, layout: Record<string, PodInfo[]>) {
  const cache = newCache();
  const nodes = Object.keys(layout).map((name) => setNode(cache, nodeObject(name)));
  for (const [name, pods] of Object.entries(layout))
    for (const q of pods) setPod(cache, { ...q, nodeName: name });
  const pre = runPreFilter(p, nodes, new Map());
  const f = findNodesThatPassFilters(pre, p, nodes, 0, 0);
  const statuses = new Map<string, FilterStatus>(f.rejected.map((r) => [r.node.name, r.status]));
  return { pre, f, result: preempt(pre, p, nodes, statuses, createPrng(1)) };
}

describe('the dry run follows the pods it removes (PreFilter extensions RemovePod/AddPod)', () => {
  it('preempts the pod a priority-1000 pod has required anti-affinity to, on the only node', () => {
    const urgent = {
      ...podInfo('urgent', {
        spec: {
          affinity: {
            podAntiAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: [
                { labelSelector: { matchLabels: { app: 'low' } }, topologyKey: HOSTNAME },
              ],
            },
          },
        },
      }),
      priority: 1000,
    };
    const { pre, f, result } = dryRun(urgent, {
      only: [
        podInfo('low', { labels: { app: 'low' } }),
        podInfo('other', { labels: { app: 'x' } }),
      ],
    });
    expect(f.rejected.map((r) => [r.status.code, r.status.reasons])).toEqual([
      ['Unschedulable', ["node(s) didn't match pod anti-affinity rules"]],
    ]);
    expect(result.message).toBe('');
    expect(result.candidate?.node).toBe('only');
    // `other` is reprieved: putting it back breaks nothing; `low` put back breaks the rule.
    expect(result.candidate?.victims.map((v) => v.name)).toEqual(['low']);
    // The dry run counted on a copy: the cycle's state still has `low`.
    expect([...pre.affinity!.anti.values()]).toEqual([1]);
  });

  it('counts the removed pods out of PodTopologySpread skew', () => {
    const spread = {
      ...podInfo('web-new', {
        cpu: '1',
        labels: { app: 'web' },
        spec: {
          topologySpreadConstraints: [
            {
              maxSkew: 1,
              topologyKey: HOSTNAME,
              whenUnsatisfiable: 'DoNotSchedule',
              labelSelector: { matchLabels: { app: 'web' } },
            },
          ],
        },
      }),
      priority: 1000,
    };
    const web = (name: string) => podInfo(name, { labels: { app: 'web' } });
    const { result } = dryRun(spread, {
      // a: skew 2 + 1 - 0 = 3 > 1; b: no room, and its pod outranks the incoming one.
      a: [web('web-1'), web('web-2')],
      b: [{ ...podInfo('db', { cpu: '4' }), priority: 2000 }],
    });
    expect(result.message).toBe('');
    expect(result.candidate?.node).toBe('a');
    // Without both: skew 0 + 1 - 0 = 1. With either back: 1 + 1 - 0 = 2 > 1.
    expect(result.candidate?.victims.map((v) => v.name)).toEqual(['web-1', 'web-2']);
  });
});

describe('victim order (util.MoreImportantPod)', () => {
  const withTimes = (name: string, created: string, started?: string): PodInfo => {
    const p = podInfo(name, { cpu: '1' });
    const pod = {
      ...p.pod,
      metadata: { ...p.pod.metadata, creationTimestamp: created },
      status: started ? { startTime: started } : {},
    };
    return { ...p, pod };
  };
  const urgent = { ...podInfo('urgent', { cpu: '1' }), priority: 1000 };

  it('breaks priority ties by status.startTime, not creationTimestamp', () => {
    // a was created first but started last: b is the more important and is reprieved first.
    const a = withTimes('a', '2026-01-01T10:00:00Z', '2026-01-01T10:05:00Z');
    const b = withTimes('b', '2026-01-01T10:01:00Z', '2026-01-01T10:02:00Z');
    expect(attempt(urgent, [a, b]).candidate?.victims.map((v) => v.name)).toEqual(['a']);
  });

  it('counts a pod that has not started as starting now, after every started pod', () => {
    const c = withTimes('c', '2026-01-01T09:00:00Z');
    const d = withTimes('d', '2026-01-01T10:00:00Z', '2026-01-01T10:05:00Z');
    expect(attempt(urgent, [c, d]).candidate?.victims.map((v) => v.name)).toEqual(['c']);
  });
});
