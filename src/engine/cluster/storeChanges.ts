/**
 * What changed in etcd since a revision, as the runtime ships it to the UI: compact diffs
 * ({put, deleted}) instead of the whole store every frame. Read from etcd's own watch history;
 * when that history was compacted past the revision, the whole store is sent once (`reset`).
 */
import type { KubeObject } from '../api/objects.ts';
import type { EtcdState } from '../etcd/etcdServer.ts';
import { kvAt } from '../etcd/mvcc.ts';
import type { KeyValue } from '../etcd/protocol.ts';

export interface StoreChanges {
  /** The revision these changes bring a reader up to. */
  revision: number;
  /** True when the reader must drop what it holds first (a full copy follows in `put`). */
  reset: boolean;
  /** Keys written, with the object as stored (resourceVersion = its mod revision). */
  put: [string, KubeObject][];
  deleted: string[];
}

/** The object at a key as the apiserver would return it: resourceVersion is the mod revision. */
export function storedObject(kv: KeyValue): KubeObject {
  const obj = kv.value as KubeObject;
  return { ...obj, metadata: { ...obj.metadata, resourceVersion: String(kv.modRevision) } };
}

export function storeChangesSince(state: EtcdState, since: number): StoreChanges {
  const store = state.store;
  const revision = store.revision;
  if (since >= revision) return { revision, reset: false, put: [], deleted: [] };
  if (since < store.compactRevision || since <= 0) {
    const put: [string, KubeObject][] = [];
    for (const [key, versions] of store.keys) {
      const kv = kvAt(versions, revision);
      if (kv) put.push([key, storedObject(kv)]);
    }
    return { revision, reset: true, put, deleted: [] };
  }
  // The last write to each key wins; a key written then deleted is only deleted.
  const latest = new Map<string, KeyValue | null>();
  const history = store.history;
  // History is in ascending revision order: find the first entry after `since` by bisection.
  let lo = 0;
  let hi = history.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (history[mid]!.revision <= since) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < history.length; i++) {
    for (const event of history[i]!.events)
      latest.set(event.kv.key, event.type === 'PUT' ? event.kv : null);
  }
  const put: [string, KubeObject][] = [];
  const deleted: string[] = [];
  for (const [key, kv] of latest) {
    if (kv) put.push([key, storedObject(kv)]);
    else deleted.push(key);
  }
  return { revision, reset: false, put, deleted };
}
