/**
 * The apiserver's watch cache (the "cacher"): one store per resource, kept current from etcd
 * watches on /registry/, plus a bounded window of recent events so watches can start from a
 * resourceVersion. A watch from a version older than the window fails with 410 Expired and the
 * client re-lists: the reason informers must be able to recover. Events have no cache, as in the
 * real apiserver: their watches go to etcd (handlers/etcdWatch.ts).
 */
import type { KubeObject } from '../api/objects.ts';
import { resourceForKey, type ResourceInfo } from '../api/resources.ts';
import { prefixEnd, type EtcdEvent, type KeyValue } from '../etcd/protocol.ts';

export interface CachedEvent {
  resourceVersion: number;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  key: string;
  object: KubeObject;
  prevObject?: KubeObject;
}

export interface ResourceCache {
  /** etcd key -> the object as clients see it (resourceVersion set). Shared; never mutated. */
  store: Map<string, KubeObject>;
  /** Recent events, oldest first; at most `capacity` are servable. */
  events: CachedEvent[];
  /** The oldest resourceVersion a watch may start from. */
  oldestServable: number;
}

export interface WatchCacheState {
  ready: boolean;
  /** The last etcd revision the cache has applied. */
  revision: number;
  capacity: number;
  /** The revision the cache was filled at: it has seen every event after it. */
  initialRevision: number;
  resources: Record<string, ResourceCache>;
}

/** Built once per resource: the same string every time hashes once as a Map key. */
const cacheKeys = new WeakMap<ResourceInfo, string>();

export function resourceCacheKey(info: ResourceInfo): string {
  let key = cacheKeys.get(info);
  if (key === undefined) cacheKeys.set(info, (key = `${info.group}/${info.resource}`));
  return key;
}

/**
 * The etcd prefixes of the resources the apiserver keeps no watch cache for. DefaultWatchCacheSizes
 * gives events a cache size of 0: a cluster writes them far more often than anyone reads them, so
 * the real apiserver lists and watches them straight from etcd.
 */
const UNCACHED_PREFIXES: readonly string[] = ['/registry/events'];

export function isCached(info: ResourceInfo): boolean {
  return !UNCACHED_PREFIXES.includes(info.etcdPrefix);
}

/**
 * The etcd key ranges the cache watches: /registry/ without the keys of uncached resources. (The
 * real apiserver opens one etcd watch per cached resource; these ranges carry the same events.)
 */
export function cachedRanges(): { key: string; rangeEnd: string }[] {
  const skipped = UNCACHED_PREFIXES.map((prefix) => `${prefix}/`).sort();
  const ranges: { key: string; rangeEnd: string }[] = [];
  let from = '/registry/';
  for (const prefix of skipped) {
    if (prefix > from) ranges.push({ key: from, rangeEnd: prefix });
    from = prefixEnd(prefix);
  }
  ranges.push({ key: from, rangeEnd: prefixEnd('/registry/') });
  return ranges;
}

export function newWatchCache(capacity: number): WatchCacheState {
  return { ready: false, revision: 0, capacity, initialRevision: 0, resources: {} };
}

function cacheFor(state: WatchCacheState, info: ResourceInfo): ResourceCache {
  const key = resourceCacheKey(info);
  let cache = state.resources[key];
  if (!cache) {
    cache = { store: new Map(), events: [], oldestServable: state.initialRevision };
    state.resources[key] = cache;
  }
  return cache;
}

export function getResourceCache(state: WatchCacheState, info: ResourceInfo): ResourceCache {
  return cacheFor(state, info);
}

/** Turns a stored value into the object clients see: resourceVersion is etcd's mod_revision. */
export function decodeKeyValue(kv: KeyValue): KubeObject {
  const obj = kv.value as KubeObject;
  return { ...obj, metadata: { ...obj.metadata, resourceVersion: String(kv.modRevision) } };
}

/**
 * An etcd change as the watch event clients see: ADDED or MODIFIED (after `prevObject`) for a
 * put; for a delete, DELETED with the object's last state at the deletion's resourceVersion, or
 * nothing when that state is unknown.
 */
export function watchEventOf(
  event: EtcdEvent,
  prevObject: KubeObject | undefined,
): CachedEvent | undefined {
  const resourceVersion = event.kv.modRevision;
  const key = event.kv.key;
  if (event.type === 'PUT') {
    const object = decodeKeyValue(event.kv);
    return prevObject
      ? { resourceVersion, type: 'MODIFIED', key, object, prevObject }
      : { resourceVersion, type: 'ADDED', key, object };
  }
  if (!prevObject) return undefined;
  const object = {
    ...prevObject,
    metadata: { ...prevObject.metadata, resourceVersion: String(resourceVersion) },
  };
  return { resourceVersion, type: 'DELETED', key, object, prevObject };
}

/** A cache's objects in etcd key order, the order lists and initial watch events come in. */
export function objectsInKeyOrder(cache: ResourceCache): KubeObject[] {
  return [...cache.store.keys()].sort().map((k) => cache.store.get(k)!);
}

/** Fills the cache from the initial list of /registry/ at `revision`. */
export function initializeCache(state: WatchCacheState, kvs: KeyValue[], revision: number): void {
  state.revision = revision;
  state.initialRevision = revision;
  for (const kv of kvs) {
    const info = resourceForKey(kv.key);
    if (info && isCached(info)) cacheFor(state, info).store.set(kv.key, decodeKeyValue(kv));
  }
  for (const cache of Object.values(state.resources)) cache.oldestServable = revision;
  state.ready = true;
}

/** Applies one etcd watch event; returns the cached event (for fan-out) and its resource. */
export function applyEtcdEvent(
  state: WatchCacheState,
  event: EtcdEvent,
): { info: ResourceInfo; event: CachedEvent } | undefined {
  const info = resourceForKey(event.kv.key);
  state.revision = Math.max(state.revision, event.kv.modRevision);
  if (!info || !isCached(info)) return undefined;
  const cache = cacheFor(state, info);
  const key = event.kv.key;
  const prevObject =
    cache.store.get(key) ??
    (event.type === 'DELETE' && event.prevKv ? decodeKeyValue(event.prevKv) : undefined);
  const cached = watchEventOf(event, prevObject);
  if (event.type === 'PUT') cache.store.set(key, cached!.object);
  else cache.store.delete(key);
  if (!cached) return undefined;
  cache.events.push(cached);
  // One in, one out once full: shift moves the array's start instead of copying the window.
  if (cache.events.length === state.capacity + 1)
    cache.oldestServable = cache.events.shift()!.resourceVersion;
  else if (cache.events.length > state.capacity) {
    const dropped = cache.events.splice(0, cache.events.length - state.capacity);
    cache.oldestServable = dropped[dropped.length - 1]!.resourceVersion;
  }
  return { info, event: cached };
}

/** Events after `resourceVersion`, or the oldest version still servable when it is too old. */
export function eventsSince(
  cache: ResourceCache,
  resourceVersion: number,
): { events: CachedEvent[] } | { tooOld: number } {
  if (resourceVersion < cache.oldestServable) return { tooOld: cache.oldestServable };
  let lo = 0;
  let hi = cache.events.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cache.events[mid]!.resourceVersion <= resourceVersion) lo = mid + 1;
    else hi = mid;
  }
  return { events: cache.events.slice(lo) };
}
