/**
 * etcd's errors as its gRPC layer reports them (api/v3rpc/rpctypes): the status code and the exact
 * "etcdserver: ..." message a client such as kube-apiserver sees.
 */
import type { EtcdError } from './protocol.ts';

function error(code: EtcdError['code'], message: string): EtcdError {
  return { code, message };
}

export const ErrCompacted = error(
  'OutOfRange',
  'etcdserver: mvcc: required revision has been compacted',
);
export const ErrFutureRev = error(
  'OutOfRange',
  'etcdserver: mvcc: required revision is a future revision',
);
export const ErrEmptyKey = error('InvalidArgument', 'etcdserver: key is not provided');
export const ErrTooManyOps = error(
  'InvalidArgument',
  'etcdserver: too many operations in txn request',
);
export const ErrDuplicateKey = error(
  'InvalidArgument',
  'etcdserver: duplicate key given in txn request',
);
export const ErrRequestTooLarge = error('InvalidArgument', 'etcdserver: request is too large');

/** The outcome of a store operation: a response, or one of the errors above. */
export type EtcdResult<T> =
  { ok: true; response: T; note?: string } | { ok: false; error: EtcdError };

export function ok<T>(response: T, note?: string): EtcdResult<T> {
  return note === undefined ? { ok: true, response } : { ok: true, response, note };
}

export function fail<T>(err: EtcdError): EtcdResult<T> {
  // A copy, so a receiver that annotates its error never changes the shared constant.
  return { ok: false, error: { ...err } };
}
