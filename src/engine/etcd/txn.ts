/**
 * etcd's mini-transactions: if every compare holds, apply the success ops, else the failure ops.
 * All writes of one txn share one new revision; a txn that writes nothing leaves the revision as is.
 */
import { ErrCompacted, ErrFutureRev, fail, ok, type EtcdResult } from './errors.ts';
import { checkRequest } from './limits.ts';
import {
  beginWrite,
  endWrite,
  latestKv,
  rangeKeys,
  writeDelete,
  writePut,
  writeReadRev,
  type MvccStore,
  type WriteTxn,
} from './mvcc.ts';
import type { Compare, TxnOp, TxnOpResponse, TxnRequest, TxnResponse } from './protocol.ts';

const TARGET_FIELD = {
  MOD: 'modRevision',
  CREATE: 'createRevision',
  VERSION: 'version',
} as const;

const TARGET_NAME = { MOD: 'mod_revision', CREATE: 'create_revision', VERSION: 'version' } as const;

/** The value a compare looks at; a key that does not exist has 0 for all three. */
export function compareActual(store: MvccStore, c: Compare): number {
  const kv = latestKv(store, c.key);
  return kv ? kv[TARGET_FIELD[c.target]] : 0;
}

export function compareHolds(store: MvccStore, c: Compare): boolean {
  const actual = compareActual(store, c);
  switch (c.result) {
    case 'EQUAL':
      return actual === c.value;
    case 'NOT_EQUAL':
      return actual !== c.value;
    case 'GREATER':
      return actual > c.value;
    case 'LESS':
      return actual < c.value;
  }
}

const EXPECTED = { EQUAL: '', NOT_EQUAL: '!= ', GREATER: '> ', LESS: '< ' } as const;

/** "mod_revision(/registry/pods/default/web) = 7, expected 5" */
export function describeCompare(store: MvccStore, c: Compare): string {
  const actual = compareActual(store, c);
  return `${TARGET_NAME[c.target]}(${c.key}) = ${actual}, expected ${EXPECTED[c.result]}${c.value}`;
}

/** A range inside a txn is checked against the store before anything is applied, as etcd does. */
function checkRanges(store: MvccStore, ops: readonly TxnOp[]): EtcdResult<never> | undefined {
  for (const op of ops) {
    if (op.op !== 'range' || !op.revision || op.revision <= 0) continue;
    if (op.revision > store.revision) return fail(ErrFutureRev);
    if (op.revision < store.compactRevision) return fail(ErrCompacted);
  }
  return undefined;
}

function applyOp(w: WriteTxn, op: TxnOp): TxnOpResponse {
  switch (op.op) {
    case 'range': {
      const result = rangeKeys(w.store, op, writeReadRev(w));
      // checkRanges ruled out every error a range can return.
      if (!result.ok) throw new Error(`txn range failed after its check: ${result.error.message}`);
      return result.response;
    }
    case 'put':
      return writePut(w, op);
    case 'deleteRange':
      return writeDelete(w, op);
  }
}

export function txn(store: MvccStore, req: TxnRequest): EtcdResult<TxnResponse> {
  const err = checkRequest(req, store.limits);
  if (err) return fail(err);
  const failed = req.compare.find((c) => !compareHolds(store, c));
  const note = failed ? `txn compare failed: ${describeCompare(store, failed)}` : undefined;
  const ops = failed ? req.failure : req.success;
  const rangeError = checkRanges(store, ops);
  if (rangeError) return rangeError;
  const w = beginWrite(store);
  const responses = ops.map((op) => applyOp(w, op));
  const revision = endWrite(w);
  return ok({ op: 'txn', header: { revision }, succeeded: !failed, responses }, note);
}
