/**
 * PodTopologySpread and InterPodAffinity scoring, and the weighted total of all seven score
 * plugins, against values worked out by hand from the v1.30 plugin formulas.
 */
import { describe, expect, it } from 'vitest';
import { labelSelectorFromObject } from '../../api/labels.ts';
import { newCache, setNode, setPod } from '../cache.ts';
import { affinityNormalize, affinityPreScore, affinityScore } from '../interPodAffinity.ts';
import { prioritizeNodes } from '../scorePass.ts';
import { spreadNormalize, spreadPreScore, spreadScore } from '../topologySpread.ts';
import type { NodeInfo, PodInfo } from '../types.ts';
import { podInfo } from './fixtures.ts';
import { nodeObject, type NodeSpec } from './helpers.ts';

const ZONE = 'topology.kubernetes.io/zone';
const HOSTNAME = 'kubernetes.io/hostname';

/** One scheduler cache holding the nodes, in order, each with its pods. */
function cluster(layout: [string, NodeSpec, PodInfo[]][]) {
  const cache = newCache();
  const nodes: NodeInfo[] = [];
  for (const [name, spec, pods] of layout) {
    nodes.push(setNode(cache, nodeObject(name, spec)));
    for (const p of pods) setPod(cache, { ...p, nodeName: name });
  }
  return { cache, nodes };
}

const labelled = (name: string, app: string) => podInfo(name, { labels: { app } });
const inZone = (zone: string, labels: Record<string, string> = {}): NodeSpec => ({
  labels: { [ZONE]: zone, ...labels },
});

function spreadScores(
  p: PodInfo,
  nodes: NodeInfo[],
  defaultSelector: ReturnType<typeof labelSelectorFromObject> | null,
  cache?: ReturnType<typeof newCache>,
) {
  const sel = defaultSelector?.ok ? defaultSelector.selector : null;
  const s = spreadPreScore(p, nodes, nodes, sel, cache)!;
  const raw = nodes.map((n) => spreadScore(s, p, n));
  const normalized = [...raw];
  spreadNormalize(s, nodes, normalized);
  return { raw, normalized };
}

describe('PodTopologySpread scoring', () => {
  it('system default constraints: hostname maxSkew 3 and zone maxSkew 5 over the controller selector', () => {
    const { cache, nodes } = cluster([
      ['n1', inZone('a'), [labelled('w1', 'web'), labelled('w2', 'web')]],
      ['n2', inZone('a'), [labelled('db', 'db')]],
      ['n3', inZone('b'), [labelled('w3', 'web')]],
    ]);
    const p = labelled('new', 'web');
    const selector = labelSelectorFromObject({ matchLabels: { app: 'web' } });
    // Weights: hostname ln(3 nodes + 2) = 1.6094, zone ln(2 zones + 2) = 1.3863.
    // n1: 2 × 1.6094 + 2 (maxSkew 3 - 1) + 2 (zone a) × 1.3863 + 4 = 11.99 -> 12
    // n2: 0 + 2 + 2 × 1.3863 + 4 = 8.77 -> 9
    // n3: 1 × 1.6094 + 2 + 1 × 1.3863 + 4 = 9.00 -> 9
    // Normalized 100 × (max + min - score) / max: n1 100 × 9 / 12 = 75, n2 and n3 100.
    const expected = { raw: [12, 9, 9], normalized: [75, 100, 100] };
    expect(spreadScores(p, nodes, selector)).toEqual(expected);
    // The cache's incremental counts give the same numbers as the walk over every node.
    expect(spreadScores(p, nodes, selector, cache)).toEqual(expected);
  });

  it("the pod's own ScheduleAnyway constraints: nodes without the key are ignored and score 0", () => {
    const { nodes } = cluster([
      ['a1', inZone('a'), [labelled('w1', 'web'), labelled('w2', 'web')]],
      ['a2', inZone('a'), [labelled('w3', 'web')]],
      ['b1', inZone('b'), []],
      ['c1', {}, [labelled('w4', 'web')]],
    ]);
    const p = podInfo('new', {
      labels: { app: 'web' },
      spec: {
        topologySpreadConstraints: [
          {
            maxSkew: 2,
            topologyKey: ZONE,
            whenUnsatisfiable: 'ScheduleAnyway',
            labelSelector: { matchLabels: { app: 'web' } },
          },
        ],
      },
    });
    // Zone weight ln(2 + 2) = 1.3863 (c1 has no zone: ignored, its pod not counted).
    // a1, a2: 3 × 1.3863 + 1 = 5.16 -> 5; b1: 0 + 1 = 1.
    // Normalized over a1, a2, b1 (min 1, max 5): 100 × 1 / 5 = 20, 20, 100 × 5 / 5 = 100; c1 0.
    expect(spreadScores(p, nodes, null)).toEqual({
      raw: [5, 5, 1, 0],
      normalized: [20, 20, 100, 0],
    });
  });
});

const term = (app: string, topologyKey: string) => ({
  labelSelector: { matchLabels: { app } },
  topologyKey,
});

describe('InterPodAffinity scoring', () => {
  it('sums preferred terms of both sides and hardPodAffinityWeight 1, then min-max normalizes', () => {
    const cacheNeedsFrontend = podInfo('cache', {
      labels: { app: 'cache' },
      spec: {
        affinity: {
          podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('frontend', ZONE)] },
        },
      },
    });
    const shy = podInfo('shy', {
      spec: {
        affinity: {
          podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              { weight: 3, podAffinityTerm: term('frontend', HOSTNAME) },
            ],
          },
        },
      },
    });
    const { nodes } = cluster([
      ['n1', inZone('a'), [labelled('db', 'db')]],
      ['n2', inZone('a'), [labelled('web', 'web')]],
      ['n3', inZone('b'), [cacheNeedsFrontend]],
      ['n4', inZone('b'), [shy]],
    ]);
    const p = podInfo('frontend', {
      labels: { app: 'frontend' },
      spec: {
        affinity: {
          podAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              { weight: 10, podAffinityTerm: term('db', ZONE) },
            ],
          },
          podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              { weight: 5, podAffinityTerm: term('web', HOSTNAME) },
            ],
          },
        },
      },
    });
    const s = affinityPreScore(p, nodes, new Map([['default', {}]]))!;
    // zone a: +10 (db matches the incoming pod's preferred term); zone b: +1 (cache's required
    // term matches the incoming pod: hardPodAffinityWeight); host n2: -5 (web, preferred anti);
    // host n4: -3 (shy's preferred anti-affinity matches the incoming pod).
    const raw = nodes.map((n) => affinityScore(s, n));
    expect(raw).toEqual([10, 5, 1, -2]);
    // 100 × (score - min) / (max - min), truncated: 12/12, 7/12, 3/12, 0.
    affinityNormalize(raw);
    expect(raw).toEqual([100, 58, 25, 0]);
  });
});

describe('prioritizeNodes with every plugin scoring', () => {
  it('weights NodeAffinity, PodTopologySpread and InterPodAffinity 2 each', () => {
    const { nodes } = cluster([
      ['n1', inZone('a', { disk: 'ssd' }), [labelled('db', 'db')]],
      ['n2', inZone('a'), [labelled('web-1', 'web')]],
      ['n3', inZone('b'), []],
    ]);
    const p = podInfo('web-2', {
      cpu: '1',
      memory: '1Gi',
      labels: { app: 'web' },
      spec: {
        affinity: {
          nodeAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              {
                weight: 50,
                preference: {
                  matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }],
                },
              },
            ],
          },
          podAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              { weight: 10, podAffinityTerm: term('db', ZONE) },
            ],
          },
        },
        topologySpreadConstraints: [
          {
            maxSkew: 1,
            topologyKey: ZONE,
            whenUnsatisfiable: 'ScheduleAnyway',
            labelSelector: { matchLabels: { app: 'web' } },
          },
        ],
      },
    });
    const r = prioritizeNodes({
      pod: p,
      nodes,
      all: nodes,
      imageNodes: new Map(),
      namespaces: new Map([['default', {}]]),
      defaultSpreadSelector: null,
    });
    expect(r.skipped).toEqual([]);
    const weighted = Object.fromEntries(
      r.plugins.map((x) => [x.name, x.normalized.map((v) => v * x.weight)]),
    );
    expect(weighted).toEqual({
      // No taints: every node gets the reversed maximum.
      TaintToleration: [300, 300, 300],
      // 50 of 50 on n1 only.
      NodeAffinity: [200, 0, 0],
      // n1, n2 hold a pod without requests (100m, 200Mi): cpu 2900/4000 -> 72, memory
      // 6968Mi/8Gi -> 85, (72 + 85) / 2 -> 78; n3: 75 and 87 -> 81.
      NodeResourcesFit: [78, 78, 81],
      // Zone a has web-1: round(1 × ln 4) = 1, zone b 0 -> normalized 0, 0, 100.
      PodTopologySpread: [0, 0, 200],
      // Zone a +10 (db): 100, 100, 0.
      InterPodAffinity: [200, 200, 0],
      // cpu 0.25, memory 0.125: 100 × (1 - 0.0625) -> 93.
      NodeResourcesBalancedAllocation: [93, 93, 93],
      ImageLocality: [0, 0, 0],
    });
    expect(r.totals).toEqual([871, 671, 674]);
  });
});
