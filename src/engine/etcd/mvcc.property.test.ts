/**
 * Random operation sequences against a reference model (a Map per revision): the store must agree
 * with the model at the latest revision, at every revision not yet compacted, and through watches.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compact } from './compact.ts';
import { createStore, deleteRange, put, range, type MvccStore } from './mvcc.ts';
import { prefixEnd, type Compare, type KeyValue, type TxnOp } from './protocol.ts';
import { txn } from './txn.ts';
import { createWatcher, notifyWatcher } from './watch.ts';

const KEYS = ['/a', '/b', '/c/1', '/c/2', '/d'];
const PREFIX = '/c/';

type Model = Map<string, KeyValue>;

type Op =
  | { t: 'put'; key: string }
  | { t: 'del'; key: string }
  | { t: 'delPrefix' }
  | { t: 'txn'; compare: Compare[]; success: Branch; failure: Branch }
  | { t: 'compact'; back: number };
type Branch = { key: string; op: 'put' | 'del' | 'get' }[];

const key = fc.constantFrom(...KEYS);
const branch: fc.Arbitrary<Branch> = fc.uniqueArray(
  fc.record({ key, op: fc.constantFrom('put' as const, 'del' as const, 'get' as const) }),
  { selector: (o) => o.key, maxLength: 4 },
);
const compare: fc.Arbitrary<Compare> = fc.record({
  key,
  target: fc.constantFrom('MOD' as const, 'CREATE' as const, 'VERSION' as const),
  result: fc.constantFrom(
    'EQUAL' as const,
    'NOT_EQUAL' as const,
    'GREATER' as const,
    'LESS' as const,
  ),
  value: fc.integer({ min: 0, max: 8 }),
});
const op: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ t: fc.constant('put' as const), key }), weight: 5 },
  { arbitrary: fc.record({ t: fc.constant('del' as const), key }), weight: 2 },
  { arbitrary: fc.constant({ t: 'delPrefix' as const }), weight: 1 },
  {
    arbitrary: fc.record({
      t: fc.constant('txn' as const),
      compare: fc.array(compare, { maxLength: 2 }),
      success: branch,
      failure: branch,
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      t: fc.constant('compact' as const),
      back: fc.integer({ min: 0, max: 6 }),
    }),
    weight: 1,
  },
);

function must<T>(result: { ok: true; response: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new Error(result.error.message);
  return result.response;
}

const all = { op: 'range' as const, key: '\0', rangeEnd: '\0' };

function asModel(kvs: KeyValue[]): Model {
  return new Map(kvs.map((kv) => [kv.key, kv]));
}

/** The model's own txn compare: missing keys read as 0. */
function holds(model: Model, c: Compare): boolean {
  const kv = model.get(c.key);
  const field = { MOD: 'modRevision', CREATE: 'createRevision', VERSION: 'version' } as const;
  const actual = kv ? kv[field[c.target]] : 0;
  return {
    EQUAL: actual === c.value,
    NOT_EQUAL: actual !== c.value,
    GREATER: actual > c.value,
    LESS: actual < c.value,
  }[c.result];
}

/** Applies writes to a copy of the model at revision `rev`; returns it, or undefined if nothing changed. */
function writeModel(
  model: Model,
  rev: number,
  writes: { key: string; put: boolean }[],
  n: () => number,
) {
  const next = new Map(model);
  let changed = false;
  for (const w of writes) {
    const prev = next.get(w.key);
    if (w.put) {
      next.set(w.key, {
        key: w.key,
        value: { n: n() },
        createRevision: prev ? prev.createRevision : rev,
        modRevision: rev,
        version: prev ? prev.version + 1 : 1,
      });
      changed = true;
    } else if (prev) {
      next.delete(w.key);
      changed = true;
    }
  }
  return changed ? next : undefined;
}

function toTxnOps(b: Branch, value: (k: string) => number): TxnOp[] {
  return b.map((o) =>
    o.op === 'put'
      ? { op: 'put', key: o.key, value: { n: value(o.key) } }
      : o.op === 'del'
        ? { op: 'deleteRange', key: o.key }
        : { op: 'range', key: o.key },
  );
}

function run(ops: Op[]) {
  const store: MvccStore = createStore();
  const snapshots: Model[] = [new Map(), new Map()]; // index = revision; revision 1 is empty
  let counter = 0;
  const live = createWatcher(store, 'live', 'test', { ...all, op: 'watch' }).watcher!;
  const streamed: Model = new Map();

  for (const o of ops) {
    const model = snapshots[store.revision]!;
    const rev = store.revision + 1;
    let next: Model | undefined;
    if (o.t === 'put') {
      const n = ++counter;
      must(put(store, { op: 'put', key: o.key, value: { n } }));
      next = writeModel(model, rev, [{ key: o.key, put: true }], () => n);
    } else if (o.t === 'del') {
      must(deleteRange(store, { op: 'deleteRange', key: o.key }));
      next = writeModel(model, rev, [{ key: o.key, put: false }], () => 0);
    } else if (o.t === 'delPrefix') {
      must(deleteRange(store, { op: 'deleteRange', key: PREFIX, rangeEnd: prefixEnd(PREFIX) }));
      const doomed = [...model.keys()].filter((k) => k.startsWith(PREFIX)).sort();
      next = writeModel(
        model,
        rev,
        doomed.map((k) => ({ key: k, put: false })),
        () => 0,
      );
    } else if (o.t === 'txn') {
      const succeeded = o.compare.every((c) => holds(model, c));
      const chosen = succeeded ? o.success : o.failure;
      const values = new Map(chosen.map((c) => [c.key, ++counter]));
      const value = (k: string) => values.get(k)!;
      const r = must(
        txn(store, {
          op: 'txn',
          compare: o.compare,
          success: toTxnOps(o.success, value),
          failure: toTxnOps(o.failure, value),
        }),
      );
      expect(r.succeeded).toBe(succeeded);
      next = writeModel(
        model,
        rev,
        chosen.filter((c) => c.op !== 'get').map((c) => ({ key: c.key, put: c.op === 'put' })),
        () => 0,
      );
      // Fix up values: writeModel numbered them with 0; the txn used `values`.
      if (next)
        for (const [k, kv] of next)
          if (kv.modRevision === rev) next.set(k, { ...kv, value: { n: value(k) } });
      // Reads inside the txn see the txn's earlier writes.
      const seen = new Map(model);
      chosen.forEach((c, i) => {
        const resp = r.responses[i]!;
        if (c.op === 'get' && resp.op === 'range') expect(resp.kvs[0]).toEqual(seen.get(c.key));
        if (c.op === 'put') seen.set(c.key, next!.get(c.key)!);
        if (c.op === 'del') seen.delete(c.key);
      });
    } else {
      const previous = store.compactRevision;
      const target = store.revision - o.back;
      const result = compact(store, target);
      expect(result.ok).toBe(target > previous);
      if (!result.ok) expect(result.error.message).toMatch(/has been compacted/);
    }
    if (next) snapshots[rev] = next;
    expect(store.revision).toBe(next ? rev : rev - 1);
    // Latest range equals the model.
    expect(asModel(must(range(store, all)).kvs)).toEqual(snapshots[store.revision]);
    // The live watcher sees each new revision; applying its events reconstructs the store.
    if (next) {
      const message = notifyWatcher(live, store, store.history.at(-1)!);
      for (const e of message?.events ?? []) {
        if (e.type === 'PUT') streamed.set(e.kv.key, e.kv);
        else streamed.delete(e.kv.key);
      }
      expect(streamed).toEqual(next);
    }
  }
  return { store, snapshots };
}

describe('MVCC store against a reference model', () => {
  it('agrees at every revision, refuses compacted ones, and watches reconstruct it', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), fc.nat(), (ops, pick) => {
        const { store, snapshots } = run(ops);
        for (let rev = 1; rev <= store.revision; rev++) {
          const r = range(store, { ...all, revision: rev });
          if (rev < store.compactRevision) {
            expect(!r.ok && r.error.message).toBe(
              'etcdserver: mvcc: required revision has been compacted',
            );
          } else expect(asModel(must(r).kvs)).toEqual(snapshots[rev]);
        }
        // List at a revision, then watch from the next one (with prevKv): ends at the latest state.
        const first = Math.max(store.compactRevision, 1);
        const listRev = first + (pick % (store.revision - first + 1));
        const listed = asModel(must(range(store, { ...all, revision: listRev })).kvs);
        const { messages } = createWatcher(store, 'w', 'test', {
          ...all,
          op: 'watch',
          startRevision: listRev + 1,
          prevKv: true,
        });
        for (const m of messages) {
          for (const e of m.events) {
            const rev = e.kv.modRevision;
            expect(e.prevKv).toEqual(snapshots[rev - 1]!.get(e.kv.key));
            if (e.type === 'PUT') listed.set(e.kv.key, e.kv);
            else listed.delete(e.kv.key);
          }
        }
        expect(listed).toEqual(snapshots[store.revision]);
      }),
      { seed: 20240611, numRuns: 300 },
    );
  });
});
