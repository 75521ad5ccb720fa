/**
 * The fake apiserver's storage: objects by resource and key with one increasing resourceVersion
 * counter (as etcd's revision), and the history of changes a watch can resume from. No
 * validation, defaulting or admission: just enough of the REST semantics for client tests.
 */
import {
  DEFAULT_START_SECONDS,
  formatRfc3339,
  randomString,
  type PrngState,
} from '../../../shared/index.ts';
import type { WatchEventType } from '../../api/protocol.ts';
import { objectKey, type KubeObject } from '../../api/objects.ts';
import { findKind, groupResource, type ResourceInfo } from '../../api/resources.ts';

export interface StoredChange {
  resourceVersion: number;
  resource: string;
  type: Exclude<WatchEventType, 'BOOKMARK' | 'ERROR'>;
  object: KubeObject;
  prevObject?: KubeObject;
}

export interface FakeStore {
  revision: number;
  /** groupResource -> namespace/name -> object. */
  objects: Map<string, Map<string, KubeObject>>;
  history: StoredChange[];
  /** Watches from a resourceVersion older than this get 410 Expired (the compaction point). */
  oldest: number;
  uids: number;
}

export function newFakeStore(): FakeStore {
  return { revision: 1, objects: new Map(), history: [], oldest: 0, uids: 0 };
}

export function resourceOf(obj: KubeObject): ResourceInfo {
  const info = findKind(obj.apiVersion, obj.kind);
  if (!info) throw new Error(`fake apiserver: no resource serves ${obj.apiVersion} ${obj.kind}`);
  return info;
}

export function bucket(store: FakeStore, info: ResourceInfo): Map<string, KubeObject> {
  const gr = groupResource(info);
  let b = store.objects.get(gr);
  if (!b) store.objects.set(gr, (b = new Map()));
  return b;
}

export function storeGet(
  store: FakeStore,
  info: ResourceInfo,
  namespace: string,
  name: string,
): KubeObject | undefined {
  return bucket(store, info).get(objectKey({ metadata: { namespace, name } }));
}

/** The objects of a resource (in one namespace if given), sorted by key as etcd ranges them. */
export function storeList(store: FakeStore, info: ResourceInfo, namespace: string): KubeObject[] {
  return [...bucket(store, info).entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, o]) => o)
    .filter((o) => !namespace || o.metadata.namespace === namespace);
}

/** Fills what the apiserver sets on create: name from generateName, uid, creationTimestamp. */
export function prepareCreate(store: FakeStore, obj: KubeObject, now: number, rng: PrngState) {
  const meta = obj.metadata;
  if (!meta.name && meta.generateName)
    meta.name = meta.generateName + randomString(rng, 5, 'bcdfghjklmnpqrstvwxz2456789');
  meta.uid ??= `00000000-0000-4000-8000-${String(++store.uids).padStart(12, '0')}`;
  meta.creationTimestamp ??= formatRfc3339(DEFAULT_START_SECONDS + now / 1000);
}

/** Stores (or removes) an object at the next resourceVersion and records the change. */
export function storeWrite(
  store: FakeStore,
  type: StoredChange['type'],
  obj: KubeObject,
): StoredChange {
  const info = resourceOf(obj);
  const b = bucket(store, info);
  const key = objectKey(obj);
  const prevObject = b.get(key);
  store.revision++;
  const object: KubeObject = {
    ...obj,
    metadata: { ...obj.metadata, resourceVersion: String(store.revision) },
  };
  if (type === 'DELETED') b.delete(key);
  else b.set(key, object);
  const change: StoredChange = {
    resourceVersion: store.revision,
    resource: groupResource(info),
    type,
    object,
  };
  if (prevObject) change.prevObject = prevObject;
  store.history.push(change);
  return change;
}

/** Forgets history up to now: watches from older resourceVersions will get 410 Expired. */
export function storeCompact(store: FakeStore): void {
  store.oldest = store.revision;
  store.history = [];
}
