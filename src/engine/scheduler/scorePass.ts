/**
 * prioritizeNodes and selectHost: PreScore (a plugin may Skip), Score every feasible node,
 * NormalizeScore, multiply by the plugin's weight, sum; then pick the highest total, breaking ties
 * by reservoir sampling in the order Go's container/heap pops them.
 */
import type { LabelSelector } from '../api/labels.ts';
import { nextInt, type PrngState } from '../../shared/index.ts';
import { affinityNormalize, affinityPreScore, affinityScore } from './interPodAffinity.ts';
import {
  balancedAllocationScore,
  defaultNormalizeScore,
  imageLocalityScore,
  imageShares,
  leastAllocatedScore,
  nodeAffinityScore,
  preferNoScheduleTolerations,
  taintTolerationScore,
} from './scores.ts';
import { spreadNormalize, spreadPreScore, spreadScore } from './topologySpread.ts';
import type { SpreadCountsSource } from './spreadCounts.ts';
import { MAX_NODE_SCORE, type NodeInfo, type PodInfo } from './types.ts';

/** The default profile's score plugins and weights, in the order the framework runs them. */
export const SCORE_PLUGINS = [
  { name: 'TaintToleration', weight: 3 },
  { name: 'NodeAffinity', weight: 2 },
  { name: 'NodeResourcesFit', weight: 1 },
  { name: 'PodTopologySpread', weight: 2 },
  { name: 'InterPodAffinity', weight: 2 },
  { name: 'NodeResourcesBalancedAllocation', weight: 1 },
  { name: 'ImageLocality', weight: 1 },
] as const;

export interface PluginScores {
  name: string;
  weight: number;
  /** Per feasible node, in the order of `nodes`. */
  raw: number[];
  /** The same array as `raw` for a plugin without NormalizeScore. Weighted is normalized × weight. */
  normalized: number[];
}

/**
 * What prioritizeNodes found. The per-plugin arrays are scratch space that the next call
 * overwrites (hundreds of nodes, every plugin, every pod): read them before scoring again.
 */
export interface ScoreResult {
  plugins: PluginScores[];
  skipped: string[];
  totals: number[];
}

export interface ScoreInput {
  pod: PodInfo;
  nodes: readonly NodeInfo[];
  all: readonly NodeInfo[];
  imageNodes: ReadonlyMap<string, number>;
  namespaces: ReadonlyMap<string, Record<string, string>>;
  defaultSpreadSelector: LabelSelector | null;
  /** The scheduler cache, when `all` is its node list: PodTopologySpread reads its counts. */
  cache?: SpreadCountsSource;
}

/** The per-plugin score arrays, reused from one call to the next. */
const scratch: number[][] = [];

function scratchArray(slot: number, n: number): number[] {
  let a = scratch[slot];
  if (!a) scratch[slot] = a = [];
  a.length = n;
  return a;
}

function scratchCopy(slot: number, from: readonly number[]): number[] {
  const a = scratchArray(slot, from.length);
  for (let i = 0; i < from.length; i++) a[i] = from[i]!;
  return a;
}

export function prioritizeNodes(input: ScoreInput): ScoreResult {
  const { pod: p, nodes, all } = input;
  const n = nodes.length;
  const plugins: PluginScores[] = [];
  const skipped: string[] = [];
  const totals = new Array<number>(n).fill(0);
  const spread = spreadPreScore(p, nodes, all, input.defaultSpreadSelector, input.cache);
  const affinity = affinityPreScore(p, all, input.namespaces);
  const tolerations = preferNoScheduleTolerations(p);
  for (let j = 0; j < SCORE_PLUGINS.length; j++) {
    const { name, weight } = SCORE_PLUGINS[j]!;
    const raw = scratchArray(2 * j, n);
    switch (name) {
      case 'TaintToleration':
        for (let i = 0; i < n; i++) raw[i] = taintTolerationScore(tolerations, nodes[i]!);
        break;
      case 'NodeAffinity':
        if (p.preferredNodeTerms.length === 0) {
          skipped.push(name);
          continue;
        }
        for (let i = 0; i < n; i++) raw[i] = nodeAffinityScore(p, nodes[i]!);
        break;
      case 'NodeResourcesFit':
        for (let i = 0; i < n; i++) raw[i] = leastAllocatedScore(p, nodes[i]!);
        break;
      case 'PodTopologySpread':
        if (!spread) {
          skipped.push(name);
          continue;
        }
        for (let i = 0; i < n; i++) raw[i] = spreadScore(spread, p, nodes[i]!);
        break;
      case 'InterPodAffinity':
        if (!affinity) {
          skipped.push(name);
          continue;
        }
        for (let i = 0; i < n; i++) raw[i] = affinityScore(affinity, nodes[i]!);
        break;
      case 'NodeResourcesBalancedAllocation':
        for (let i = 0; i < n; i++) raw[i] = balancedAllocationScore(p, nodes[i]!);
        break;
      case 'ImageLocality': {
        const shares = imageShares(p, input.imageNodes, all.length);
        for (let i = 0; i < n; i++) raw[i] = imageLocalityScore(p, nodes[i]!, shares);
        break;
      }
    }
    // A copy only for the plugins that normalize, and weighted scores only as the total takes
    // them: arrays per plugin and node add up (seven plugins, hundreds of nodes, every pod).
    let normalized = raw;
    if (name === 'TaintToleration')
      defaultNormalizeScore(MAX_NODE_SCORE, true, (normalized = scratchCopy(2 * j + 1, raw)));
    else if (name === 'NodeAffinity')
      defaultNormalizeScore(MAX_NODE_SCORE, false, (normalized = scratchCopy(2 * j + 1, raw)));
    else if (name === 'PodTopologySpread' && spread)
      spreadNormalize(spread, nodes, (normalized = scratchCopy(2 * j + 1, raw)));
    else if (name === 'InterPodAffinity')
      affinityNormalize((normalized = scratchCopy(2 * j + 1, raw)));
    for (let i = 0; i < n; i++) totals[i]! += normalized[i]! * weight;
    plugins.push({ name, weight, raw, normalized });
  }
  return { plugins, skipped, totals };
}

/** numberOfHighestScoredNodesToReport */
const REPORTED = 3;

export interface Selection {
  /** Index (into the scored nodes) of the winner. */
  index: number;
  /** The nodes that shared the top score, in the order they were sampled. */
  tied: number[];
  /** The top nodes as selectHost reports them. */
  top: number[];
}

/** container/heap's down over node indices, highest total first (`less` is `>`). */
function heapDown(h: Int32Array, totals: readonly number[], i0: number, n: number): void {
  let i = i0;
  for (;;) {
    const j1 = 2 * i + 1;
    if (j1 >= n) break;
    let j = j1;
    if (j1 + 1 < n && totals[h[j1 + 1]!]! > totals[h[j1]!]!) j = j1 + 1;
    if (!(totals[h[j]!]! > totals[h[i]!]!)) break;
    const t = h[i]!;
    h[i] = h[j]!;
    h[j] = t;
    i = j;
  }
}

/** selectHost's heap of node indices, reused from one pod to the next (grown as needed). */
let heapScratch = new Int32Array(1024);

/** selectHost over Go's container/heap, so equal scores come out in the same order as there. */
export function selectHost(totals: readonly number[], rng: PrngState): Selection {
  // A typed array and plain functions: this runs for every pod over hundreds of nodes.
  if (heapScratch.length < totals.length) heapScratch = new Int32Array(2 * totals.length);
  const h = heapScratch;
  for (let i = 0; i < totals.length; i++) h[i] = i;
  let size = totals.length;
  for (let i = Math.trunc(size / 2) - 1; i >= 0; i--) heapDown(h, totals, i, size);
  const pop = () => {
    const last = size - 1;
    const t = h[0]!;
    h[0] = h[last]!;
    h[last] = t;
    heapDown(h, totals, 0, last);
    size = last;
    return h[last]!;
  };
  // Only the first few popped are reported; the winner is the tie the sampling kept.
  const first = pop();
  const top = [first];
  const best = totals[first]!;
  const tied = [first];
  let winner = first;
  while (size > 0) {
    const ns = pop();
    if (totals[ns] !== best && top.length === REPORTED) break;
    if (totals[ns] === best) {
      tied.push(ns);
      if (nextInt(rng, tied.length) === 0) winner = ns;
    }
    if (top.length < REPORTED) top.push(ns);
  }
  return { index: winner, tied, top };
}
