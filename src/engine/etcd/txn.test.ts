import { describe, expect, it } from 'vitest';
import type { EtcdResult } from './errors.ts';
import { createStore, put, range, type MvccStore } from './mvcc.ts';
import type { Compare, TxnOp } from './protocol.ts';
import { compareHolds, txn } from './txn.ts';

function must<T>(result: EtcdResult<T>): T {
  if (!result.ok) throw new Error(result.error.message);
  return result.response;
}

/** A store where /a was created at 2 and updated at 3 (version 2); /b does not exist. */
function store(): MvccStore {
  const s = createStore();
  must(put(s, { op: 'put', key: '/a', value: { n: 1 } }));
  must(put(s, { op: 'put', key: '/a', value: { n: 2 } }));
  return s;
}

describe('txn compares', () => {
  it.each<[Compare, boolean]>([
    [{ key: '/a', target: 'MOD', result: 'EQUAL', value: 3 }, true],
    [{ key: '/a', target: 'MOD', result: 'EQUAL', value: 2 }, false],
    [{ key: '/a', target: 'MOD', result: 'NOT_EQUAL', value: 2 }, true],
    [{ key: '/a', target: 'MOD', result: 'GREATER', value: 2 }, true],
    [{ key: '/a', target: 'MOD', result: 'LESS', value: 3 }, false],
    [{ key: '/a', target: 'CREATE', result: 'EQUAL', value: 2 }, true],
    [{ key: '/a', target: 'CREATE', result: 'EQUAL', value: 0 }, false],
    [{ key: '/a', target: 'VERSION', result: 'EQUAL', value: 2 }, true],
    [{ key: '/a', target: 'VERSION', result: 'LESS', value: 2 }, false],
    // A missing key has mod, create and version 0: how the apiserver says "only if absent".
    [{ key: '/b', target: 'MOD', result: 'EQUAL', value: 0 }, true],
    [{ key: '/b', target: 'CREATE', result: 'EQUAL', value: 0 }, true],
    [{ key: '/b', target: 'VERSION', result: 'EQUAL', value: 0 }, true],
    [{ key: '/b', target: 'VERSION', result: 'GREATER', value: 0 }, false],
    [{ key: '/b', target: 'MOD', result: 'LESS', value: 1 }, true],
  ])('%o holds: %s', (compare, holds) => {
    expect(compareHolds(store(), compare)).toBe(holds);
  });
});

describe('txn', () => {
  const writes: TxnOp[] = [
    { op: 'put', key: '/a', value: { n: 3 } },
    { op: 'put', key: '/c', value: { n: 1 } },
    { op: 'deleteRange', key: '/x' },
    { op: 'range', key: '/a' },
  ];

  it('applies the success branch at ONE new revision', () => {
    const s = store();
    must(put(s, { op: 'put', key: '/x', value: {} })); // 4
    const r = must(
      txn(s, {
        op: 'txn',
        compare: [{ key: '/a', target: 'MOD', result: 'EQUAL', value: 3 }],
        success: writes,
        failure: [],
      }),
    );
    expect(r.succeeded).toBe(true);
    expect(r.header.revision).toBe(5);
    expect(s.revision).toBe(5);
    expect(r.responses.map((o) => [o.op, o.header.revision])).toEqual([
      ['put', 5],
      ['put', 5],
      ['deleteRange', 5],
      ['range', 5],
    ]);
    // A range after a put in the same txn sees the put.
    const read = r.responses[3]!;
    expect(read.op === 'range' && read.kvs[0]!.value).toEqual({ n: 3 });
    expect(
      s.history.at(-1)!.events.map((e) => `${e.type} ${e.kv.key}@${e.kv.modRevision}`),
    ).toEqual(['PUT /a@5', 'PUT /c@5', 'DELETE /x@5']);
  });

  it('applies the failure branch when a compare fails, and explains which one', () => {
    const s = store();
    const r = txn(s, {
      op: 'txn',
      compare: [
        { key: '/b', target: 'CREATE', result: 'EQUAL', value: 0 },
        { key: '/a', target: 'MOD', result: 'EQUAL', value: 2 },
      ],
      success: writes,
      failure: [{ op: 'range', key: '/a' }],
    });
    expect(r.ok && r.note).toBe('txn compare failed: mod_revision(/a) = 3, expected 2');
    const response = must(r);
    expect(response.succeeded).toBe(false);
    // Reading writes nothing: the revision does not move.
    expect(response.header.revision).toBe(3);
    expect(s.revision).toBe(3);
    const read = response.responses[0]!;
    expect(read.op === 'range' && read.kvs[0]!.modRevision).toBe(3);
  });

  it('does not move the revision when the chosen branch changes nothing', () => {
    const s = store();
    const r = must(
      txn(s, {
        op: 'txn',
        compare: [],
        success: [{ op: 'deleteRange', key: '/nope' }],
        failure: [],
      }),
    );
    expect(r).toMatchObject({ succeeded: true, header: { revision: 3 } });
    expect(s.history.length).toBe(2);
  });

  it('creates only if absent (the apiserver create)', () => {
    const s = store();
    const create = (key: string) =>
      must(
        txn(s, {
          op: 'txn',
          compare: [{ key, target: 'MOD', result: 'EQUAL', value: 0 }],
          success: [{ op: 'put', key, value: { created: true } }],
          failure: [{ op: 'range', key }],
        }),
      );
    expect(create('/b').succeeded).toBe(true);
    expect(create('/b').succeeded).toBe(false);
    expect(must(range(s, { op: 'range', key: '/b' })).kvs[0]!.version).toBe(1);
  });

  it.each<[string, TxnOp[], string]>([
    [
      'two puts of a key',
      [
        { op: 'put', key: '/a', value: {} },
        { op: 'put', key: '/a', value: {} },
      ],
      'etcdserver: duplicate key given in txn request',
    ],
    [
      'a put inside a deleted range',
      [
        { op: 'deleteRange', key: '/', rangeEnd: '0' },
        { op: 'put', key: '/a', value: {} },
      ],
      'etcdserver: duplicate key given in txn request',
    ],
    ['an empty key', [{ op: 'range', key: '' }], 'etcdserver: key is not provided'],
  ])('refuses %s', (_name, success, message) => {
    const s = store();
    const r = txn(s, { op: 'txn', compare: [], success, failure: [] });
    expect(r).toEqual({ ok: false, error: { code: 'InvalidArgument', message } });
    expect(s.revision).toBe(3);
  });

  it('fails as a whole when a range in it reads a compacted or future revision', () => {
    const s = store();
    const r = txn(s, {
      op: 'txn',
      compare: [],
      success: [
        { op: 'put', key: '/z', value: {} },
        { op: 'range', key: '/a', revision: 9 },
      ],
      failure: [],
    });
    expect(!r.ok && r.error.message).toBe(
      'etcdserver: mvcc: required revision is a future revision',
    );
    expect(s.revision).toBe(3);
  });
});
