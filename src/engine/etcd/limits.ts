/**
 * The checks etcd makes before it applies a request: the gRPC layer's argument checks
 * (api/v3rpc key.go) and the size limit on a raft proposal (--max-request-bytes).
 */
import { ErrDuplicateKey, ErrEmptyKey, ErrRequestTooLarge, ErrTooManyOps } from './errors.ts';
import { inRange } from './keyRange.ts';
import { jsonByteSize } from '../../shared/index.ts';
import { jsonLongerThan } from './jsonBound.ts';
import type { DeleteRangeRequest, EtcdError, EtcdOp, TxnOp } from './protocol.ts';

export interface EtcdLimits {
  /** --max-request-bytes: the largest write request etcd accepts (1.5 MiB by default). */
  maxRequestBytes: number;
  /** --max-txn-ops: the most compares, or ops in one branch, of a txn (128 by default). */
  maxTxnOps: number;
}

export const DEFAULT_LIMITS: EtcdLimits = {
  maxRequestBytes: 1.5 * 1024 * 1024,
  maxTxnOps: 128,
};

/** The size of a request as sent: its JSON text in UTF-8 (etcd measures the marshalled proposal). */
export function requestBytes(op: EtcdOp, cap?: number): number {
  return jsonByteSize(op, cap);
}

function checkOp(op: TxnOp): EtcdError | undefined {
  return op.key === '' ? ErrEmptyKey : undefined;
}

/** A txn may write each key once: two puts of a key, or a put inside a deleted range, are refused. */
function checkIntervals(ops: readonly TxnOp[]): EtcdError | undefined {
  // A single op cannot overlap itself (the usual txn: one put, or one range).
  if (ops.length < 2) return undefined;
  const puts = new Set<string>();
  const deletes: DeleteRangeRequest[] = [];
  for (const op of ops) {
    if (op.op === 'put') {
      if (puts.has(op.key)) return ErrDuplicateKey;
      puts.add(op.key);
    } else if (op.op === 'deleteRange') deletes.push(op);
  }
  for (const key of puts) {
    if (deletes.some((d) => inRange(key, d.key, d.rangeEnd))) return ErrDuplicateKey;
  }
  return undefined;
}

/** Whether a request goes through raft, where etcd enforces --max-request-bytes. */
function isWrite(op: EtcdOp): boolean {
  if (op.op === 'txn')
    return op.success.some((o) => o.op !== 'range') || op.failure.some((o) => o.op !== 'range');
  return op.op === 'put' || op.op === 'deleteRange' || op.op === 'compact';
}

/** The first reason etcd would refuse a request before applying it, if any. */
export function checkRequest(op: EtcdOp, limits: EtcdLimits): EtcdError | undefined {
  switch (op.op) {
    case 'range':
    case 'put':
    case 'deleteRange': {
      const err = checkOp(op);
      if (err) return err;
      break;
    }
    case 'txn': {
      const max = limits.maxTxnOps;
      if (op.compare.length > max || op.success.length > max || op.failure.length > max)
        return ErrTooManyOps;
      for (const branch of [op.success, op.failure]) {
        for (const o of branch) {
          const err = checkOp(o);
          if (err) return err;
        }
        const err = checkIntervals(branch);
        if (err) return err;
      }
      break;
    }
    default:
      break;
  }
  if (isWrite(op) && jsonLongerThan(op, limits.maxRequestBytes)) return ErrRequestTooLarge;
  return undefined;
}
