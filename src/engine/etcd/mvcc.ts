/**
 * etcd's multi-version key-value store (server/storage/mvcc), as plain data and functions.
 *
 * Every write moves the cluster-wide `revision` on by one (a fresh store is at 1, so the first
 * write is revision 2). Each key keeps its versions in revision order, a deletion leaving a
 * tombstone, so a range can read the store as it was at any revision not yet compacted. The
 * events of each revision are kept too, for watches that start in the past.
 */
import { ErrCompacted, ErrFutureRev, fail, ok, type EtcdResult } from './errors.ts';
import { isSingleKey, keysInRange, mergeSorted } from './keyRange.ts';
import { checkRequest, DEFAULT_LIMITS, type EtcdLimits } from './limits.ts';
import type {
  DeleteRangeRequest,
  DeleteRangeResponse,
  EtcdEvent,
  EtcdValue,
  KeyValue,
  PutRequest,
  PutResponse,
  RangeRequest,
  RangeResponse,
} from './protocol.ts';

/** One version of a key: its value from `revision` on, or a tombstone (`kv: null`) if deleted there. */
export interface KeyVersion {
  revision: number;
  kv: KeyValue | null;
}

/** The events one revision (one put, delete or txn) produced, in the order they happened. */
export interface RevisionEvents {
  revision: number;
  /** Each event records its prevKv when the key existed before; watchers drop it unless asked. */
  events: EtcdEvent[];
}

export interface MvccStore {
  /** The revision of the last write (1 for a fresh store). */
  revision: number;
  /** The revision of the last compaction; 0 if the store was never compacted. */
  compactRevision: number;
  /** Every key with history, its versions in ascending revision order. */
  keys: Map<string, KeyVersion[]>;
  /** The keys of `keys`, sorted, for ranges (missing the ones in `newKeys` until the next range). */
  sortedKeys: string[];
  /**
   * Keys created since `sortedKeys` was last brought up to date. Inserting each new key into a
   * sorted array costs O(n) and a cluster creates keys all the time (every Event), while ranges
   * over many keys are rare; so new keys are merged in only when a range needs them.
   */
  newKeys: string[];
  /** The events of every revision after the compaction point, ascending (watch history). */
  history: RevisionEvents[];
  limits: EtcdLimits;
}

export function createStore(limits: Partial<EtcdLimits> = {}): MvccStore {
  return {
    revision: 1,
    compactRevision: 0,
    keys: new Map(),
    sortedKeys: [],
    newKeys: [],
    history: [],
    limits: { ...DEFAULT_LIMITS, ...limits },
  };
}

/** The version of a key visible at `rev` (a tombstone or nothing means the key is absent). */
export function kvAt(versions: readonly KeyVersion[] | undefined, rev: number): KeyValue | null {
  if (!versions) return null;
  let lo = 0;
  let hi = versions.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (versions[mid]!.revision <= rev) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? null : versions[lo - 1]!.kv;
}

/** The live version of a key: the last one written, unless it is a tombstone. */
export function latestKv(store: MvccStore, key: string): KeyValue | null {
  const versions = store.keys.get(key);
  return (versions && versions[versions.length - 1]?.kv) ?? null;
}

/**
 * Reads a range as of the request's revision. `curRev` is the revision the reader sees as current
 * (inside a txn that already wrote, the txn's own revision).
 */
export function rangeKeys(
  store: MvccStore,
  req: RangeRequest,
  curRev = store.revision,
): EtcdResult<RangeResponse> {
  const requested = req.revision ?? 0;
  if (requested > curRev) return fail(ErrFutureRev);
  const rev = requested > 0 ? requested : curRev;
  if (rev < store.compactRevision) return fail(ErrCompacted);
  const limit = req.limit && req.limit > 0 ? req.limit : Number.POSITIVE_INFINITY;
  const kvs: KeyValue[] = [];
  let count = 0;
  for (const key of keysOf(store, req.key, req.rangeEnd)) {
    const kv = kvAt(store.keys.get(key), rev);
    if (!kv) continue;
    count++;
    if (!req.countOnly && kvs.length < limit) kvs.push(kv);
  }
  return ok({
    op: 'range',
    header: { revision: curRev },
    kvs,
    more: kvs.length < count && !req.countOnly,
    count,
  });
}

/** Reads a range, after etcd's argument checks. */
export function range(store: MvccStore, req: RangeRequest): EtcdResult<RangeResponse> {
  const err = checkRequest(req, store.limits);
  return err ? fail(err) : rangeKeys(store, req);
}

/** A write in progress: every change it makes carries the same new revision. */
export interface WriteTxn {
  store: MvccStore;
  rev: number;
  events: EtcdEvent[];
}

export function beginWrite(store: MvccStore): WriteTxn {
  return { store, rev: store.revision + 1, events: [] };
}

/** The revision a write in progress reads at: its own once it has changed something. */
export function writeReadRev(w: WriteTxn): number {
  return w.events.length > 0 ? w.rev : w.store.revision;
}

/** Commits a write: if it changed anything the store moves to its revision. Returns the revision. */
export function endWrite(w: WriteTxn): number {
  if (w.events.length === 0) return w.store.revision;
  w.store.revision = w.rev;
  w.store.history.push({ revision: w.rev, events: w.events });
  return w.rev;
}

/**
 * Deep-freezes a value in place. Children are frozen before their parent, so a frozen object is
 * frozen all the way down and its subtree is skipped: a new version mostly shares its parts with
 * the previous one, which is frozen already.
 */
function freeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    // Indexed loops and for-in rather than Object.values: every stored value passes here.
    if (Array.isArray(value)) for (let i = 0; i < value.length; i++) freeze(value[i]);
    else for (const key in value) freeze((value as Record<string, unknown>)[key]);
    Object.freeze(value);
  }
  return value;
}

/** Brings `sortedKeys` up to date with the keys created since the last range. */
export function sortedKeysOf(store: MvccStore): string[] {
  if (store.newKeys.length > 0) {
    store.sortedKeys = mergeSorted(store.sortedKeys, store.newKeys.sort());
    store.newKeys = [];
  }
  return store.sortedKeys;
}

/** The keys with history in [key, rangeEnd), in order; a single key needs no sorted view. */
function keysOf(store: MvccStore, key: string, rangeEnd: string | undefined): string[] {
  if (isSingleKey(rangeEnd)) return store.keys.has(key) ? [key] : [];
  return keysInRange(sortedKeysOf(store), key, rangeEnd);
}

function appendVersion(store: MvccStore, key: string, version: KeyVersion): void {
  let versions = store.keys.get(key);
  if (!versions) {
    versions = [];
    store.keys.set(key, versions);
    store.newKeys.push(key);
  }
  versions.push(version);
}

/**
 * Puts a key inside a write. Stored values never change: the value is frozen, in place rather
 * than copied, since a request's value belongs to etcd once sent (over a real connection, or
 * between Web Workers, it is a copy anyway). A sender that changed it afterwards would fail.
 */
export function writePut(w: WriteTxn, req: PutRequest): PutResponse {
  const prev = latestKv(w.store, req.key);
  const kv: KeyValue = {
    key: req.key,
    value: freeze(req.value),
    createRevision: prev ? prev.createRevision : w.rev,
    modRevision: w.rev,
    version: prev ? prev.version + 1 : 1,
  };
  appendVersion(w.store, req.key, { revision: w.rev, kv });
  w.events.push(prev ? { type: 'PUT', kv, prevKv: prev } : { type: 'PUT', kv });
  const response: PutResponse = { op: 'put', header: { revision: w.rev } };
  if (req.prevKv && prev) response.prevKv = prev;
  return response;
}

/** The kv a DELETE event carries: the key, the deletion's revision, and nothing else. */
export function tombstoneKv(key: string, rev: number): KeyValue {
  const value: EtcdValue = {};
  return { key, value, createRevision: 0, modRevision: rev, version: 0 };
}

/** Deletes every live key of a range inside a write. */
export function writeDelete(w: WriteTxn, req: DeleteRangeRequest): DeleteRangeResponse {
  const prevKvs: KeyValue[] = [];
  for (const key of keysOf(w.store, req.key, req.rangeEnd)) {
    const prev = latestKv(w.store, key);
    if (!prev) continue;
    appendVersion(w.store, key, { revision: w.rev, kv: null });
    w.events.push({ type: 'DELETE', kv: tombstoneKv(key, w.rev), prevKv: prev });
    prevKvs.push(prev);
  }
  return {
    op: 'deleteRange',
    header: { revision: writeReadRev(w) },
    deleted: prevKvs.length,
    prevKvs: req.prevKv ? prevKvs : [],
  };
}

export function put(store: MvccStore, req: PutRequest): EtcdResult<PutResponse> {
  const err = checkRequest(req, store.limits);
  if (err) return fail(err);
  const w = beginWrite(store);
  const response = writePut(w, req);
  endWrite(w);
  return ok(response);
}

export function deleteRange(
  store: MvccStore,
  req: DeleteRangeRequest,
): EtcdResult<DeleteRangeResponse> {
  const err = checkRequest(req, store.limits);
  if (err) return fail(err);
  const w = beginWrite(store);
  const response = writeDelete(w, req);
  endWrite(w);
  return ok(response);
}
