import { describe, expect, it } from 'vitest';
import type { EtcdResult } from './errors.ts';
import { createStore, deleteRange, put, range, type MvccStore } from './mvcc.ts';
import { prefixEnd, type KeyValue } from './protocol.ts';

function must<T>(result: EtcdResult<T>): T {
  if (!result.ok) throw new Error(result.error.message);
  return result.response;
}

const v = (n: number) => ({ n });

function summary(kv: KeyValue | undefined) {
  return kv && [kv.key, kv.value.n, kv.createRevision, kv.modRevision, kv.version];
}

function get(store: MvccStore, key: string, revision?: number) {
  const r = must(
    range(store, revision === undefined ? { op: 'range', key } : { op: 'range', key, revision }),
  );
  return summary(r.kvs[0]);
}

describe('MVCC store', () => {
  it('starts at revision 1; the first write gets revision 2', () => {
    const s = createStore();
    expect(s.revision).toBe(1);
    expect(must(range(s, { op: 'range', key: 'a' })).header.revision).toBe(1);
    expect(must(put(s, { op: 'put', key: 'a', value: v(1) })).header.revision).toBe(2);
    expect(s.revision).toBe(2);
  });

  it.each([
    // [step, expected [key, value, createRevision, modRevision, version] of 'a' after it]
    ['create', ['a', 1, 2, 2, 1]],
    ['update', ['a', 2, 2, 3, 2]],
    ['update again', ['a', 3, 2, 4, 3]],
    ['delete', undefined],
    ['re-create', ['a', 5, 6, 6, 1]],
  ] as const)('tracks create/mod revision and version: %s', (step, expected) => {
    const s = createStore();
    const steps = ['create', 'update', 'update again', 'delete', 're-create'];
    for (const [i, name] of steps.entries()) {
      if (name === 'delete') must(deleteRange(s, { op: 'deleteRange', key: 'a' }));
      else must(put(s, { op: 'put', key: 'a', value: v(i + 1) }));
      if (name === step) break;
    }
    expect(get(s, 'a')).toEqual(expected);
  });

  it('reads any revision before compaction', () => {
    const s = createStore();
    must(put(s, { op: 'put', key: 'a', value: v(1) })); // 2
    must(put(s, { op: 'put', key: 'b', value: v(1) })); // 3
    must(put(s, { op: 'put', key: 'a', value: v(2) })); // 4
    must(deleteRange(s, { op: 'deleteRange', key: 'a' })); // 5
    must(put(s, { op: 'put', key: 'a', value: v(3) })); // 6
    expect([1, 2, 3, 4, 5, 6].map((rev) => get(s, 'a', rev))).toEqual([
      undefined,
      ['a', 1, 2, 2, 1],
      ['a', 1, 2, 2, 1],
      ['a', 2, 2, 4, 2],
      undefined,
      ['a', 3, 6, 6, 1],
    ]);
    // The header always carries the current revision, whatever revision was read.
    expect(must(range(s, { op: 'range', key: 'a', revision: 2 })).header.revision).toBe(6);
  });

  it('refuses to read a future revision', () => {
    const s = createStore();
    must(put(s, { op: 'put', key: 'a', value: v(1) }));
    expect(range(s, { op: 'range', key: 'a', revision: 3 })).toEqual({
      ok: false,
      error: {
        code: 'OutOfRange',
        message: 'etcdserver: mvcc: required revision is a future revision',
      },
    });
  });

  describe('prefix ranges', () => {
    const s = createStore();
    for (const name of ['web-2', 'web-1', 'db-0', 'web-3'])
      must(put(s, { op: 'put', key: `/registry/pods/default/${name}`, value: v(1) }));
    must(put(s, { op: 'put', key: '/registry/pods/kube-system/dns', value: v(1) }));
    must(put(s, { op: 'put', key: '/registry/pods/default', value: v(0) })); // not under the prefix
    must(deleteRange(s, { op: 'deleteRange', key: '/registry/pods/default/web-3' }));
    const prefix = '/registry/pods/default/';
    const names = (kvs: KeyValue[]) => kvs.map((kv) => kv.key.slice(prefix.length));

    it.each([
      [0, ['db-0', 'web-1', 'web-2'], false],
      [2, ['db-0', 'web-1'], true],
      [3, ['db-0', 'web-1', 'web-2'], false],
      [5, ['db-0', 'web-1', 'web-2'], false],
    ])('limit %i: sorted by key, count of all matches, more when cut', (limit, keys, more) => {
      const r = must(range(s, { op: 'range', key: prefix, rangeEnd: prefixEnd(prefix), limit }));
      expect(names(r.kvs)).toEqual(keys);
      expect(r.more).toBe(more);
      expect(r.count).toBe(3);
    });

    it('counts without returning values when countOnly', () => {
      const r = must(
        range(s, { op: 'range', key: prefix, rangeEnd: prefixEnd(prefix), countOnly: true }),
      );
      expect(r).toMatchObject({ kvs: [], count: 3, more: false });
    });

    it("reads every key from `key` on when rangeEnd is '\\0'", () => {
      const r = must(range(s, { op: 'range', key: '/registry/pods/default/web', rangeEnd: '\0' }));
      expect(r.kvs.map((kv) => kv.key)).toEqual([
        '/registry/pods/default/web-1',
        '/registry/pods/default/web-2',
        '/registry/pods/kube-system/dns',
      ]);
    });

    it('deletes a prefix at one revision and returns prevKvs when asked', () => {
      const c = structuredClone(s);
      const rev = c.revision;
      const r = must(
        deleteRange(c, {
          op: 'deleteRange',
          key: prefix,
          rangeEnd: prefixEnd(prefix),
          prevKv: true,
        }),
      );
      expect(r.deleted).toBe(3);
      expect(names(r.prevKvs)).toEqual(['db-0', 'web-1', 'web-2']);
      expect(r.header.revision).toBe(rev + 1);
      expect(c.history.at(-1)!.events.map((e) => e.type)).toEqual(['DELETE', 'DELETE', 'DELETE']);
      expect(must(range(c, { op: 'range', key: prefix, rangeEnd: prefixEnd(prefix) })).count).toBe(
        0,
      );
    });
  });

  it('returns prevKv on put only when asked and the key existed', () => {
    const s = createStore();
    expect(must(put(s, { op: 'put', key: 'a', value: v(1), prevKv: true })).prevKv).toBeUndefined();
    const r = must(put(s, { op: 'put', key: 'a', value: v(2), prevKv: true }));
    expect(summary(r.prevKv)).toEqual(['a', 1, 2, 2, 1]);
    expect(must(put(s, { op: 'put', key: 'a', value: v(3) })).prevKv).toBeUndefined();
  });

  it('does not move the revision when a delete matches nothing', () => {
    const s = createStore();
    must(put(s, { op: 'put', key: 'a', value: v(1) }));
    const r = must(deleteRange(s, { op: 'deleteRange', key: 'b', prevKv: true }));
    expect(r).toEqual({ op: 'deleteRange', header: { revision: 2 }, deleted: 0, prevKvs: [] });
    expect(s.revision).toBe(2);
    expect(s.history.length).toBe(1);
  });

  it('freezes what it stores: the writer cannot change its object afterwards', () => {
    const s = createStore();
    const value = { metadata: { name: 'web' } };
    must(put(s, { op: 'put', key: 'a', value }));
    expect(() => {
      value.metadata.name = 'changed';
    }).toThrow(TypeError);
    const kv = must(range(s, { op: 'range', key: 'a' })).kvs[0]!;
    expect(kv.value).toEqual({ metadata: { name: 'web' } });
    expect(Object.isFrozen(kv.value.metadata)).toBe(true);
  });

  it('survives structuredClone (it is checkpointed)', () => {
    const s = createStore();
    must(put(s, { op: 'put', key: 'a', value: v(1) }));
    const c = structuredClone(s);
    must(put(c, { op: 'put', key: 'a', value: v(2) }));
    expect(get(s, 'a')).toEqual(['a', 1, 2, 2, 1]);
    expect(get(c, 'a')).toEqual(['a', 2, 2, 3, 2]);
  });
});
