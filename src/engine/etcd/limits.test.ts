import { describe, expect, it } from 'vitest';
import { checkRequest, DEFAULT_LIMITS, requestBytes } from './limits.ts';
import { createStore, put } from './mvcc.ts';
import type { TxnOp } from './protocol.ts';
import { txn } from './txn.ts';

describe('request limits', () => {
  it('defaults to etcd: 1.5 MiB requests, 128 txn ops', () => {
    expect(DEFAULT_LIMITS).toEqual({ maxRequestBytes: 1572864, maxTxnOps: 128 });
  });

  it('refuses a request larger than --max-request-bytes', () => {
    const s = createStore();
    const big = { data: 'x'.repeat(1.5 * 1024 * 1024) };
    expect(put(s, { op: 'put', key: '/registry/configmaps/default/big', value: big })).toEqual({
      ok: false,
      error: { code: 'InvalidArgument', message: 'etcdserver: request is too large' },
    });
    expect(s.revision).toBe(1);
    const fits = { data: 'x'.repeat(1024 * 1024) };
    expect(put(s, { op: 'put', key: '/registry/configmaps/default/ok', value: fits }).ok).toBe(
      true,
    );
  });

  it('measures UTF-8 bytes', () => {
    expect(requestBytes({ op: 'put', key: 'k', value: { v: 'é' } })).toBe(
      JSON.stringify({ op: 'put', key: 'k', value: { v: 'e' } }).length + 1,
    );
    expect(requestBytes({ op: 'put', key: 'k', value: { v: '😀' } })).toBe(
      JSON.stringify({ op: 'put', key: 'k', value: { v: '' } }).length + 4,
    );
  });

  it('refuses a txn with more than 128 ops in a branch or 128 compares', () => {
    const s = createStore();
    const ops = (n: number): TxnOp[] =>
      Array.from({ length: n }, (_, i) => ({ op: 'put', key: `/k/${i}`, value: {} }));
    const tooMany = {
      code: 'InvalidArgument',
      message: 'etcdserver: too many operations in txn request',
    };
    expect(txn(s, { op: 'txn', compare: [], success: ops(129), failure: [] })).toEqual({
      ok: false,
      error: tooMany,
    });
    expect(txn(s, { op: 'txn', compare: [], success: [], failure: ops(129) })).toEqual({
      ok: false,
      error: tooMany,
    });
    const compare = Array.from({ length: 129 }, () => ({
      key: '/k',
      target: 'MOD' as const,
      result: 'EQUAL' as const,
      value: 0,
    }));
    expect(txn(s, { op: 'txn', compare, success: [], failure: [] })).toEqual({
      ok: false,
      error: tooMany,
    });
    expect(txn(s, { op: 'txn', compare: [], success: ops(128), failure: [] }).ok).toBe(true);
    expect(s.revision).toBe(2);
  });

  it.each([
    { op: 'range', key: '' },
    { op: 'put', key: '', value: {} },
    { op: 'deleteRange', key: '' },
  ] as const)('refuses an empty key: $op', (op) => {
    expect(checkRequest(op, DEFAULT_LIMITS)).toEqual({
      code: 'InvalidArgument',
      message: 'etcdserver: key is not provided',
    });
  });
});
