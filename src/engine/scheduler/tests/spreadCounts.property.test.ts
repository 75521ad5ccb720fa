/**
 * The cache's incremental PodTopologySpread counts against the from-scratch walk over every node
 * (the path taken without a cache): over random node and pod changes, PreFilter and PreScore must
 * give the same state and Score/NormalizeScore the same numbers.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { selectorFromSet } from '../../api/labels.ts';
import {
  assumePod,
  forgetPod,
  newCache,
  nodeList,
  removeNode,
  removePod,
  setNode,
  setPod,
} from '../cache.ts';
import { newPodInfo } from '../podInfo.ts';
import { countPodsMatchSelector, selectorKey } from '../selectors.ts';
import {
  spreadNormalize,
  spreadPreFilter,
  spreadPreScore,
  spreadScore,
  type SpreadScoreState,
} from '../topologySpread.ts';
import { LABEL_HOSTNAME, LABEL_ZONE, type NodeInfo } from '../types.ts';
import { nodeObject, podObject } from './helpers.ts';

const NODES = ['n0', 'n1', 'n2', 'n3', 'n4', 'n5'];
const PODS = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8', 'p9'];
const KEYS = [LABEL_HOSTNAME, LABEL_ZONE, 'rack'];

const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const podLabels = fc.record(
  { app: fc.constantFrom('a', 'b'), tier: fc.constantFrom('x', 'y') },
  { requiredKeys: [] },
);
const podSpec = fc.record({
  name: fc.constantFrom(...PODS),
  namespace: fc.constantFrom('default', 'other'),
  labels: podLabels,
  deleting: fc.boolean(),
});

const nodeOp = fc.record({
  t: fc.constant('node' as const),
  name: fc.constantFrom(...NODES),
  zone: maybe(fc.constantFrom('z1', 'z2')),
  rack: maybe(fc.constantFrom('r1', 'r2', 'r3')),
  taint: fc.boolean(),
});
const removeNodeOp = fc.record({
  t: fc.constant('removeNode' as const),
  name: fc.constantFrom(...NODES),
});
const podOp = fc.record({
  t: fc.constantFrom('assume' as const, 'set' as const),
  pod: podSpec,
  node: fc.constantFrom(...NODES, 'ghost'),
});
const dropOp = fc.record({
  t: fc.constantFrom('forget' as const, 'remove' as const),
  name: fc.constantFrom(...PODS),
  namespace: fc.constantFrom('default', 'other'),
});

const constraint = fc.record(
  {
    maxSkew: fc.integer({ min: 1, max: 3 }),
    topologyKey: fc.constantFrom(...KEYS),
    whenUnsatisfiable: fc.constantFrom('DoNotSchedule', 'ScheduleAnyway'),
    labelSelector: fc.oneof(
      fc.record({ matchLabels: podLabels }),
      fc.constant({ matchExpressions: [{ key: 'app', operator: 'Exists' }] }),
    ),
    matchLabelKeys: fc.constant(['tier']),
    minDomains: fc.integer({ min: 1, max: 4 }),
    nodeAffinityPolicy: fc.constantFrom('Honor', 'Ignore'),
    nodeTaintsPolicy: fc.constantFrom('Honor', 'Ignore'),
  },
  { requiredKeys: ['maxSkew', 'topologyKey', 'whenUnsatisfiable'] },
);
/** A few pods to schedule per run, so their selectors recur and the kept counts get reused. */
const shape = fc.record({
  pod: podSpec,
  constraints: fc.array(constraint, { maxLength: 3 }),
  nodeSelector: maybe(fc.record({ rack: fc.constantFrom('r1', 'r2') })),
  defaultSelector: maybe(podLabels),
});
const queryOp = fc.record({
  t: fc.constant('query' as const),
  shape: fc.nat(),
  filtered: fc.array(fc.boolean(), { minLength: NODES.length, maxLength: NODES.length }),
});

const op = fc.oneof(
  { arbitrary: nodeOp, weight: 3 },
  { arbitrary: removeNodeOp, weight: 1 },
  { arbitrary: podOp, weight: 6 },
  { arbitrary: dropOp, weight: 2 },
  { arbitrary: queryOp, weight: 3 },
);
type Of<A> = A extends fc.Arbitrary<infer T> ? T : never;
type Op = Of<typeof op>;

interface PodSpec {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  deleting: boolean;
}

function pod(s: PodSpec, node: string, spec: Record<string, unknown> = {}) {
  const o = podObject(s.name, { labels: s.labels, spec: { nodeName: node, ...spec } });
  o.metadata.namespace = s.namespace;
  if (s.deleting) o.metadata.deletionTimestamp = '2026-01-01T00:00:00Z';
  return newPodInfo(o);
}

/** Score and NormalizeScore, as prioritizeNodes runs them. */
function scores(s: SpreadScoreState | null, p: ReturnType<typeof pod>, nodes: NodeInfo[]) {
  if (!s) return null;
  const raw = nodes.map((n) => spreadScore(s, p, n));
  const normalized = raw.slice();
  spreadNormalize(s, nodes, normalized);
  return { raw, normalized };
}

function run(shapes: Of<typeof shape>[], ops: Op[]): number {
  const c = newCache();
  let queries = 0;
  for (const o of ops) {
    if (o.t === 'node') {
      const labels: Record<string, string> = {};
      if (o.zone) labels[LABEL_ZONE] = o.zone;
      if (o.rack) labels.rack = o.rack;
      const taints = o.taint ? [{ key: 'dedicated', effect: 'NoSchedule' }] : undefined;
      setNode(c, nodeObject(o.name, { labels, ...(taints ? { taints } : {}) }));
    } else if (o.t === 'removeNode') removeNode(c, o.name);
    else if (o.t === 'assume') {
      const p = pod(o.pod, o.node);
      if (!c.podStates.has(p.key)) assumePod(c, p);
    } else if (o.t === 'set') setPod(c, pod(o.pod, o.node));
    else if (o.t === 'forget') forgetPod(c, `${o.namespace}/${o.name}`);
    else if (o.t === 'remove') removePod(c, `${o.namespace}/${o.name}`);
    else if (o.t === 'query') {
      queries++;
      const q = shapes[o.shape % shapes.length]!;
      const spec = {
        topologySpreadConstraints: q.constraints,
        ...(q.nodeSelector ? { nodeSelector: q.nodeSelector } : {}),
      };
      const p = pod(q.pod, '', spec);
      const all = nodeList(c);
      const filtered = all.filter((n) => o.filtered[NODES.indexOf(n.name)]);
      const def = q.defaultSelector ? selectorFromSet(q.defaultSelector) : null;
      expect(spreadPreFilter(p, all, c)).toEqual(spreadPreFilter(p, all));
      const slow = spreadPreScore(p, filtered, all, def);
      const fast = spreadPreScore(p, filtered, all, def, c);
      expect(fast === null).toBe(slow === null);
      if (fast && slow) {
        expect({ ...fast, perNode: [] }).toEqual({ ...slow, perNode: [] });
        expect(scores(fast, p, filtered)).toEqual(scores(slow, p, filtered));
      }
      for (const s of c.spread.selectors.values())
        for (const info of c.nodes.values()) {
          const key = selectorKey(s.namespace, s.selector);
          const want = countPodsMatchSelector(info, s.selector, s.namespace, key);
          expect(s.perNode.get(info.name) ?? 0).toBe(want);
        }
    }
  }
  return queries;
}

describe('PodTopologySpread incremental counts', () => {
  it('match the walk over every node after random pod and node changes', () => {
    let queries = 0;
    fc.assert(
      fc.property(
        fc.array(shape, { minLength: 1, maxLength: 3 }),
        fc.array(op, { minLength: 10, maxLength: 80 }),
        (shapes, ops) => {
          queries += run(shapes, ops);
        },
      ),
      { seed: 20261121, numRuns: 400 },
    );
    // The comparison really ran (not vacuously over runs without queries).
    expect(queries).toBeGreaterThan(300);
  });

  it('keep counting the pods a selector matches while they come and go', () => {
    const c = newCache();
    setNode(c, nodeObject('a', { labels: { [LABEL_ZONE]: 'z1' } }));
    setNode(c, nodeObject('b', { labels: { [LABEL_ZONE]: 'z2' } }));
    const spec = { name: 'p0', namespace: 'default', labels: { app: 'a' }, deleting: false };
    const owner = pod({ ...spec, name: 'new' }, '');
    const def = selectorFromSet({ app: 'a' });
    const zoneCount = () => spreadPreScore(owner, nodeList(c), nodeList(c), def, c)?.counts[1];
    expect(zoneCount()).toEqual(
      new Map([
        ['z1', 0],
        ['z2', 0],
      ]),
    );
    assumePod(c, pod(spec, 'a'));
    setPod(c, pod({ ...spec, name: 'p1' }, 'b'));
    setPod(c, pod({ ...spec, name: 'p2' }, 'b'));
    expect(zoneCount()?.get('z2')).toBe(2);
    expect(zoneCount()?.get('z1')).toBe(1);
    forgetPod(c, 'default/p0');
    setNode(c, nodeObject('b', { labels: { [LABEL_ZONE]: 'z1' } }));
    expect(zoneCount()).toEqual(new Map([['z1', 2]]));
  });

  it('leave out pods on nodes missing one of the constraints keys', () => {
    const c = newCache();
    setNode(c, nodeObject('a', { labels: { [LABEL_ZONE]: 'z1', rack: 'r1' } }));
    setNode(c, nodeObject('b', { labels: { [LABEL_ZONE]: 'z1' } }));
    const app = { name: 'p0', namespace: 'default', labels: { app: 'a' }, deleting: false };
    const hard = (topologyKey: string) => ({
      maxSkew: 1,
      topologyKey,
      whenUnsatisfiable: 'DoNotSchedule',
      labelSelector: { matchLabels: { app: 'a' } },
    });
    const incoming = pod({ ...app, name: 'new' }, '', {
      topologySpreadConstraints: [hard(LABEL_ZONE), hard('rack')],
    });
    const matchNum = () => spreadPreFilter(incoming, nodeList(c), c)?.matchNum;
    expect(matchNum()).toEqual(
      new Map([
        [`${LABEL_ZONE}\u0000z1`, 0],
        ['rack\u0000r1', 0],
      ]),
    );
    setPod(c, pod(app, 'b'));
    setPod(c, pod({ ...app, name: 'p1' }, 'a'));
    expect(matchNum()).toEqual(
      new Map([
        [`${LABEL_ZONE}\u0000z1`, 1],
        ['rack\u0000r1', 1],
      ]),
    );
    expect(matchNum()).toEqual(spreadPreFilter(incoming, nodeList(c))?.matchNum);
  });
});
