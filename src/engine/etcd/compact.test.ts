import { describe, expect, it } from 'vitest';
import { compact } from './compact.ts';
import type { EtcdResult } from './errors.ts';
import { createStore, deleteRange, put, range, type MvccStore } from './mvcc.ts';

function must<T>(result: EtcdResult<T>): T {
  if (!result.ok) throw new Error(result.error.message);
  return result.response;
}

const COMPACTED = {
  ok: false,
  error: { code: 'OutOfRange', message: 'etcdserver: mvcc: required revision has been compacted' },
};
const FUTURE = {
  ok: false,
  error: {
    code: 'OutOfRange',
    message: 'etcdserver: mvcc: required revision is a future revision',
  },
};

/** a@2, b@3, a@4, delete b@5, c@6, delete c@7. */
function store(): MvccStore {
  const s = createStore();
  must(put(s, { op: 'put', key: 'a', value: { n: 1 } }));
  must(put(s, { op: 'put', key: 'b', value: { n: 1 } }));
  must(put(s, { op: 'put', key: 'a', value: { n: 2 } }));
  must(deleteRange(s, { op: 'deleteRange', key: 'b' }));
  must(put(s, { op: 'put', key: 'c', value: { n: 1 } }));
  must(deleteRange(s, { op: 'deleteRange', key: 'c' }));
  return s;
}

const keysAt = (s: MvccStore, revision: number) =>
  must(range(s, { op: 'range', key: '\0', rangeEnd: '\0', revision })).kvs.map(
    (kv) => `${kv.key}@${kv.modRevision}`,
  );

describe('compaction', () => {
  it('keeps the revision it compacted to readable, and nothing before it', () => {
    const s = store();
    const before = [5, 6, 7].map((rev) => keysAt(s, rev));
    must(compact(s, 5));
    expect(s.compactRevision).toBe(5);
    expect([5, 6, 7].map((rev) => keysAt(s, rev))).toEqual(before);
    expect(range(s, { op: 'range', key: 'a', revision: 4 })).toEqual(COMPACTED);
    // b was deleted at 5: its history, tombstone included, is gone.
    expect(s.keys.has('b')).toBe(false);
    expect(s.keys.get('a')!.map((v) => v.revision)).toEqual([4]);
    // c was created after 5: untouched.
    expect(s.keys.get('c')!.map((v) => v.revision)).toEqual([6, 7]);
  });

  it('trims the watch history; at the compact revision only PUTs survive', () => {
    const s = store();
    must(compact(s, 5));
    expect(s.history.map((h) => h.revision)).toEqual([6, 7]);
    const t = store();
    must(compact(t, 4));
    expect(t.history.map((h) => [h.revision, h.events.map((e) => e.type)])).toEqual([
      [4, ['PUT']],
      [5, ['DELETE']],
      [6, ['PUT']],
      [7, ['DELETE']],
    ]);
  });

  it('refuses to compact again at or before the compact revision, or in the future', () => {
    const s = store();
    must(compact(s, 5));
    expect(compact(s, 5)).toEqual(COMPACTED);
    expect(compact(s, 3)).toEqual(COMPACTED);
    expect(compact(s, 8)).toEqual(FUTURE);
    expect(must(compact(s, 7)).header.revision).toBe(7);
    expect(s.sortedKeys).toEqual(['a']);
  });

  it('keeps versions and create revisions of live keys', () => {
    const s = store();
    must(compact(s, 7));
    must(put(s, { op: 'put', key: 'a', value: { n: 3 } }));
    expect(must(range(s, { op: 'range', key: 'a' })).kvs[0]).toMatchObject({
      createRevision: 2,
      modRevision: 8,
      version: 3,
    });
  });
});
