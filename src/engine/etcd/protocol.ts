/**
 * The etcd v3 API as messages: the operations kube-apiserver's storage layer uses (range, put,
 * delete range, txn with compares, watch, compact). Field names follow etcd's protobuf messages.
 */
import type { PlainObject } from '../../shared/index.ts';

/** A stored value: the object the apiserver serialized. Stored values are never mutated. */
export type EtcdValue = PlainObject;

export interface KeyValue {
  key: string;
  value: EtcdValue;
  /** Revision of the last creation of this key. */
  createRevision: number;
  /** Revision of the last modification of this key. */
  modRevision: number;
  /** Number of modifications since the key was (re)created; 1 after creation. */
  version: number;
}

export interface ResponseHeader {
  /** The store's revision when the request was served. */
  revision: number;
}

export interface RangeRequest {
  op: 'range';
  key: string;
  /** Exclusive end of the range; `prefixEnd(key)` for "every key starting with key". */
  rangeEnd?: string;
  /** Maximum number of keys to return; 0 or absent means no limit. */
  limit?: number;
  /** Read the store as it was at this revision (0 or absent: the latest). */
  revision?: number;
  countOnly?: boolean;
}
export interface RangeResponse {
  op: 'range';
  header: ResponseHeader;
  kvs: KeyValue[];
  /** Whether more keys matched than `limit` allowed. */
  more: boolean;
  count: number;
}

export interface PutRequest {
  op: 'put';
  key: string;
  value: EtcdValue;
  prevKv?: boolean;
}
export interface PutResponse {
  op: 'put';
  header: ResponseHeader;
  prevKv?: KeyValue;
}

export interface DeleteRangeRequest {
  op: 'deleteRange';
  key: string;
  rangeEnd?: string;
  prevKv?: boolean;
}
export interface DeleteRangeResponse {
  op: 'deleteRange';
  header: ResponseHeader;
  deleted: number;
  prevKvs: KeyValue[];
}

export interface Compare {
  key: string;
  target: 'MOD' | 'CREATE' | 'VERSION';
  result: 'EQUAL' | 'NOT_EQUAL' | 'GREATER' | 'LESS';
  /** The revision or version compared against (0 for "the key does not exist"). */
  value: number;
}

export type TxnOp = RangeRequest | PutRequest | DeleteRangeRequest;
export type TxnOpResponse = RangeResponse | PutResponse | DeleteRangeResponse;

export interface TxnRequest {
  op: 'txn';
  compare: Compare[];
  success: TxnOp[];
  failure: TxnOp[];
}
export interface TxnResponse {
  op: 'txn';
  header: ResponseHeader;
  succeeded: boolean;
  responses: TxnOpResponse[];
}

export interface WatchCreateRequest {
  op: 'watch';
  key: string;
  rangeEnd?: string;
  /** First revision to report; 0 or absent means "changes after now". */
  startRevision?: number;
  prevKv?: boolean;
}
export interface WatchCreateResponse {
  op: 'watch';
  header: ResponseHeader;
  /** The id later WatchEvents messages carry: the id of the request message. */
  watchId: string;
}

export interface WatchCancelRequest {
  op: 'cancelWatch';
  watchId: string;
}
export interface WatchCancelResponse {
  op: 'cancelWatch';
  header: ResponseHeader;
}

export interface CompactRequest {
  op: 'compact';
  revision: number;
}
export interface CompactResponse {
  op: 'compact';
  header: ResponseHeader;
}

export type EtcdOp =
  | RangeRequest
  | PutRequest
  | DeleteRangeRequest
  | TxnRequest
  | WatchCreateRequest
  | WatchCancelRequest
  | CompactRequest;
export type EtcdOpResponse =
  | RangeResponse
  | PutResponse
  | DeleteRangeResponse
  | TxnResponse
  | WatchCreateResponse
  | WatchCancelResponse
  | CompactResponse;

/** An etcd error as its gRPC status carries it; messages are etcd's own ("etcdserver: ..."). */
export interface EtcdError {
  code: 'OutOfRange' | 'InvalidArgument' | 'NotFound' | 'ResourceExhausted' | 'FailedPrecondition';
  message: string;
}

export interface EtcdRequestPayload {
  kind: 'etcd.request';
  request: EtcdOp;
}

export interface EtcdResponsePayload {
  kind: 'etcd.response';
  /** The id of the request message this answers. */
  inReplyTo: string;
  response?: EtcdOpResponse;
  error?: EtcdError;
}

export interface EtcdEvent {
  type: 'PUT' | 'DELETE';
  /** For DELETE: the key with modRevision set to the deletion's revision and an empty value. */
  kv: KeyValue;
  prevKv?: KeyValue;
}

export interface EtcdWatchPayload {
  kind: 'etcd.watch';
  watchId: string;
  header: ResponseHeader;
  events: EtcdEvent[];
  /** Set when the watch was cancelled because its start revision was compacted. */
  compactRevision?: number;
  canceled?: boolean;
  cancelReason?: string;
}

/** The exclusive range end that selects every key with the given prefix (etcd's GetPrefixRangeEnd). */
export function prefixEnd(prefix: string): string {
  for (let i = prefix.length - 1; i >= 0; i--) {
    const c = prefix.charCodeAt(i);
    if (c < 0xffff) return prefix.slice(0, i) + String.fromCharCode(c + 1);
  }
  return '\0';
}
