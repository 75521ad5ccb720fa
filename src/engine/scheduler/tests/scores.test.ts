import { describe, expect, it } from 'vitest';
import {
  balancedAllocationScore,
  defaultNormalizeScore,
  imageLocalityScore,
  imageShares,
  leastAllocatedScore,
  nodeAffinityScore,
  preferNoScheduleTolerations,
  taintTolerationScore,
} from '../scores.ts';
import { prioritizeNodes } from '../scorePass.ts';
import { nodeInfo, podInfo } from './fixtures.ts';

const MB = 1024 * 1024;

describe('score plugins, against hand-computed values of the real plugins', () => {
  it('LeastAllocated: free share of cpu and memory after the pod, averaged', () => {
    const existing = podInfo('a', { cpu: '1', memory: '2Gi' });
    const node = nodeInfo('n', { cpu: '4', memory: '10Gi' }, [existing]);
    // cpu (4000-2000)*100/4000 = 50; memory (10-4)/10*100 = 60; (50+60)/2 = 55
    expect(leastAllocatedScore(podInfo('p', { cpu: '1', memory: '2Gi' }), node)).toBe(55);
    // A pod without requests counts as 100m and 200Mi: cpu 3900*100/4000 = 97 (97.5 truncated),
    // memory (10240-200)*100/10240 = 98 (98.04); (97+98)/2 = 97
    expect(leastAllocatedScore(podInfo('q'), nodeInfo('m', { cpu: '4', memory: '10Gi' }))).toBe(97);
  });

  it('BalancedAllocation: 100 × (1 - |cpu fraction - memory fraction| / 2), on actual requests', () => {
    const node = nodeInfo('n', { cpu: '4', memory: '10Gi' }, [
      podInfo('a', { cpu: '1', memory: '2Gi' }),
    ]);
    // cpu 2000/4000 = 0.5, memory 4/10 = 0.4, std 0.05 -> 95
    expect(balancedAllocationScore(podInfo('p', { cpu: '1', memory: '2Gi' }), node)).toBe(95);
    // Requests beyond allocatable count as a fraction of 1: cpu 1, memory 0.2 -> 60
    expect(
      balancedAllocationScore(
        podInfo('q', { cpu: '8', memory: '2Gi' }),
        nodeInfo('m', { cpu: '4', memory: '10Gi' }),
      ),
    ).toBe(60);
  });

  it('ImageLocality: image size × share of nodes with it, scaled between 23 MB and 1000 MB per container', () => {
    const images = [{ names: ['docker.io/library/big:1.0', 'big:1.0'], sizeBytes: 500 * MB }];
    const node = nodeInfo('n', { images });
    const imageNodes = new Map([['big:1.0', 2]]);
    // 500 MB × 2/4 = 250 MB; 100 × (250 - 23) / (1000 - 23) = 23.2 -> 23
    const p = podInfo('p', { image: 'big:1.0' });
    expect(imageLocalityScore(p, node, imageShares(p, imageNodes, 4))).toBe(23);
    // Below the 23 MB threshold nothing counts; an untagged image means :latest.
    const q = podInfo('q', { image: 'big' });
    expect(imageLocalityScore(q, node, imageShares(q, imageNodes, 4))).toBe(0);
  });

  it('TaintToleration: counts untolerated PreferNoSchedule taints, normalized in reverse', () => {
    const soft = (key: string) => ({ key, value: 'x', effect: 'PreferNoSchedule' });
    const a = nodeInfo('a', { taints: [soft('k1'), soft('k2')] });
    const b = nodeInfo('b', { taints: [soft('k1'), { key: 'hard', effect: 'NoSchedule' }] });
    const c = nodeInfo('c');
    const p = podInfo('p', { spec: { tolerations: [{ key: 'k2', operator: 'Exists' }] } });
    const t = preferNoScheduleTolerations(p);
    const raw = [a, b, c].map((n) => taintTolerationScore(t, n));
    expect(raw).toEqual([1, 1, 0]);
    defaultNormalizeScore(100, true, raw);
    expect(raw).toEqual([0, 0, 100]);
    const none = [0, 0];
    defaultNormalizeScore(100, true, none);
    expect(none).toEqual([100, 100]);
  });

  it('NodeAffinity: sum of matching preferred weights, normalized by the highest', () => {
    const term = (key: string, values: string[], weight: number) => ({
      weight,
      preference: { matchExpressions: [{ key, operator: 'In', values }] },
    });
    const p = podInfo('p', {
      spec: {
        affinity: {
          nodeAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              term('disk', ['ssd'], 20),
              term('zone', ['a'], 80),
            ],
          },
        },
      },
    });
    const nodes = [
      nodeInfo('n1', { labels: { disk: 'ssd' } }),
      nodeInfo('n2', { labels: { disk: 'ssd', zone: 'a' } }),
      nodeInfo('n3', { labels: { zone: 'b' } }),
      nodeInfo('n4', { labels: { zone: 'a' } }),
    ];
    const raw = nodes.map((n) => nodeAffinityScore(p, n));
    expect(raw).toEqual([20, 100, 0, 80]);
    defaultNormalizeScore(100, false, raw);
    expect(raw).toEqual([20, 100, 0, 80]);
    const half = [10, 40, 0];
    defaultNormalizeScore(100, false, half);
    expect(half).toEqual([25, 100, 0]);
  });

  it('prioritizeNodes weights each plugin (TaintToleration 3, NodeAffinity 2, Fit 1, Balanced 1, ImageLocality 1)', () => {
    const nodes = [
      nodeInfo('a', { cpu: '4', memory: '8Gi' }),
      nodeInfo('b', { cpu: '4', memory: '8Gi' }),
    ];
    const p = podInfo('p', { cpu: '1', memory: '1Gi' });
    const r = prioritizeNodes({
      pod: p,
      nodes,
      all: nodes,
      imageNodes: new Map(),
      namespaces: new Map(),
      defaultSpreadSelector: null,
    });
    expect(r.plugins.map((x) => [x.name, x.weight])).toEqual([
      ['TaintToleration', 3],
      ['NodeResourcesFit', 1],
      ['NodeResourcesBalancedAllocation', 1],
      ['ImageLocality', 1],
    ]);
    expect(r.skipped).toEqual(['NodeAffinity', 'PodTopologySpread', 'InterPodAffinity']);
    // 300 + LeastAllocated (75 + 87) / 2 = 81 + Balanced 100 × (1 - |0.25 - 0.125| / 2) = 93 + 0
    expect(r.totals).toEqual([474, 474]);
  });
});
