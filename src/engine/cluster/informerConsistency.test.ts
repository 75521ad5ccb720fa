/**
 * The informer's cache must end up equal to what etcd holds, whatever happens on the way: random
 * writes, watch windows that expire (410), compaction, network partitions and apiserver restarts.
 * A seeded property test drives random sequences through the real apiserver and etcd.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Component } from '../sim/component.ts';
import {
  newInformer,
  startInformer,
  informerHandle,
  indexerList,
  type Informer,
} from '../client/index.ts';
import { ADMIN_CREDENTIALS, Cluster } from './cluster.ts';

interface ObserverState {
  informer: Informer;
}

/** A component that only runs a pod informer, as any controller would. */
const observer: Component<ObserverState> = {
  type: 'observer',
  init(_config, ctx) {
    const informer = newInformer({
      resource: 'pods',
      credentials: ADMIN_CREDENTIALS,
      // Short timeouts so the run exercises watch renewals and dead-watch detection often.
      options: { minWatchTimeoutMs: 3_000, watchLivenessMarginMs: 1_000, requestTimeoutMs: 2_000 },
    });
    startInformer(informer, ctx);
    return { informer };
  },
  step(state, message, ctx) {
    informerHandle(state.informer, message, ctx);
    return state;
  },
};

type Op =
  | { type: 'create'; ns: string; name: string }
  | { type: 'label'; ns: string; name: string; value: string }
  | { type: 'bind'; ns: string; name: string; node: string }
  | { type: 'delete'; ns: string; name: string }
  | { type: 'cut' }
  | { type: 'heal' }
  | { type: 'restartApiserver' }
  | { type: 'wait'; ms: number };

const names = fc.constantFrom('a', 'b', 'c', 'd', 'e');
const namespaces = fc.constantFrom('default', 'team');
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ type: fc.constant('create' as const), ns: namespaces, name: names }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constant('label' as const),
      ns: namespaces,
      name: names,
      value: fc.constantFrom('x', 'y', 'z'),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('bind' as const),
      ns: namespaces,
      name: names,
      node: fc.constantFrom('n1', 'n2'),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ type: fc.constant('delete' as const), ns: namespaces, name: names }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('cut' as const) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('heal' as const) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('restartApiserver' as const) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('wait' as const),
      ms: fc.integer({ min: 1, max: 4_000 }),
    }),
  },
);

function pod(name: string) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: { containers: [{ name: 'c', image: 'app:1' }] },
  };
}

function run(
  seed: number,
  ops: Op[],
): {
  cached: Record<string, string>;
  stored: Record<string, string>;
  informer: Informer;
  cluster: Cluster;
} {
  const c = new Cluster({
    seed,
    registry: { observer },
    apiserver: { watchCacheCapacity: 8, compactionIntervalMs: 5_000 },
  });
  c.sequencer.runFor(30);
  c.call('POST', '/api/v1/namespaces', {
    body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } },
  });
  c.sequencer.startComponent('observer', 'observer');
  for (const op of ops) {
    const path = 'ns' in op ? `/api/v1/namespaces/${op.ns}/pods/${op.name}` : '';
    switch (op.type) {
      case 'create':
        c.request('POST', `/api/v1/namespaces/${op.ns}/pods`, { body: pod(op.name) });
        break;
      case 'label':
        c.request('PATCH', path, {
          body: { metadata: { labels: { v: op.value } } },
          contentType: 'application/merge-patch+json',
        });
        break;
      case 'bind':
        c.request('POST', `${path}/binding`, {
          body: {
            apiVersion: 'v1',
            kind: 'Binding',
            metadata: { name: op.name },
            target: { kind: 'Node', name: op.node },
          },
        });
        break;
      case 'delete':
        c.request('DELETE', path, { body: { gracePeriodSeconds: 0 } });
        break;
      case 'cut':
        c.sequencer.setPartitioned('observer', true);
        break;
      case 'heal':
        c.sequencer.setPartitioned('observer', false);
        break;
      case 'restartApiserver':
        c.sequencer.stopComponent('kube-apiserver');
        c.sequencer.runFor(50);
        c.sequencer.startComponent('kube-apiserver', 'kube-apiserver', {
          watchCacheCapacity: 8,
          compactionIntervalMs: 5_000,
        });
        break;
      case 'wait':
        c.sequencer.runFor(op.ms);
        break;
    }
    c.sequencer.runFor(3);
  }
  c.sequencer.setPartitioned('observer', false);
  // Faults stop: give the reflector time to notice dead watches, back off, re-list and catch up.
  c.sequencer.runFor(90_000);
  const informer = c.sequencer.stateOf<ObserverState>('observer')!.informer;
  const cached = Object.fromEntries(
    indexerList(informer.indexer).map((p) => [
      `${p.metadata.namespace}/${p.metadata.name}`,
      p.metadata.resourceVersion!,
    ]),
  );
  const stored = Object.fromEntries(
    c
      .stored('/registry/pods/')
      .map((p) => [`${p.metadata.namespace}/${p.metadata.name}`, p.metadata.resourceVersion!]),
  );
  return { cached, stored, informer, cluster: c };
}

describe('informer cache against etcd', () => {
  it('converges to exactly what etcd holds after random writes and disconnects', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.array(opArb, { minLength: 1, maxLength: 30 }),
        (seed, ops) => {
          const { cached, stored } = run(seed, ops);
          expect(cached).toEqual(stored);
        },
      ),
      { seed: 20261121, numRuns: 60 },
    );
  });

  // Sequences worth keeping forever: each exercised a distinct recovery path.
  const toObserver = (c: Cluster) =>
    c.sequencer.trace.filter((e) => e.to === 'observer' || e.from === 'observer');
  const regressions: [string, number, Op[], (c: Cluster) => boolean][] = [
    [
      'a watch resumed after the watch cache window moved on (410 Expired, then re-list)',
      11,
      [
        { type: 'create', ns: 'default', name: 'a' },
        { type: 'wait', ms: 100 },
        { type: 'restartApiserver' },
        // More distinct writes than the restarted apiserver's watch cache (8 events) can hold.
        ...Array.from({ length: 12 }, (_, i) => ({
          type: 'label' as const,
          ns: 'default',
          name: 'a',
          value: `v${i}`,
        })),
        { type: 'wait', ms: 10_000 },
      ],
      (c) =>
        toObserver(c).some((e) => e.summary.startsWith('watch ERROR: too old resource version')),
    ],
    [
      'an apiserver restart with writes while it was down',
      12,
      [
        { type: 'create', ns: 'team', name: 'b' },
        { type: 'restartApiserver' },
        { type: 'delete', ns: 'team', name: 'b' },
        { type: 'create', ns: 'default', name: 'c' },
      ],
      (c) =>
        toObserver(c).filter((e) => e.kind === 'api.request' && !e.summary.includes('watch=true'))
          .length >= 2,
    ],
    [
      'a deletion missed during a partition (DeletedFinalStateUnknown)',
      13,
      [
        { type: 'create', ns: 'default', name: 'd' },
        { type: 'wait', ms: 50 },
        { type: 'cut' },
        { type: 'delete', ns: 'default', name: 'd' },
        { type: 'wait', ms: 7_000 },
        { type: 'heal' },
      ],
      (c) =>
        toObserver(c).some((e) => e.dropped === 'network partition') &&
        c.sequencer.stateOf<ObserverState>('observer')!.informer.indexer !== undefined,
    ],
  ];
  it.each(regressions)('%s', (_name, seed, ops, exercised) => {
    const { cached, stored, informer, cluster } = run(seed, ops);
    expect(exercised(cluster)).toBe(true);
    expect(cached).toEqual(stored);
    expect(informer.synced).toBe(true);
  });
});
