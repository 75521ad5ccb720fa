/**
 * client-go's Indexer (tools/cache/store.go, thread_safe_store.go): objects keyed by
 * namespace/name plus secondary indexes from an index value to the keys of the objects that have
 * it. Index functions cannot be closures (state is cloned into checkpoints and Web Workers), so an
 * index is declared as data, chosen from a fixed set of extractors: a field path, a label, or the
 * owner references. The namespace index (cache.NamespaceIndex) is always present.
 *
 * Objects in the indexer are shared: whatever a lookup returns is the cached object itself. Never
 * change it; deep-copy first (deepCopy from src/shared/json.ts), as client-go demands.
 */
import { objectKey, type KubeObject } from '../api/objects.ts';

export type IndexSpec =
  /** The value(s) at a dotted field path: 'spec.nodeName', 'spec.volumes' arrays of scalars too. */
  | { name: string; field: string }
  /** The value of one label. */
  | { name: string; label: string }
  /** The uid of the controller owner reference ('controller') or of every owner ('any'). */
  | { name: string; owner: 'controller' | 'any' };

/** cache.NamespaceIndex: MetaNamespaceIndexFunc, "" for cluster-scoped objects. */
export const NAMESPACE_INDEX = 'namespace';

export interface IndexerState {
  indexers: IndexSpec[];
  /** key (namespace/name) -> object, in insertion order. */
  items: Map<string, KubeObject>;
  /**
   * index name -> index value -> key -> object. The objects are kept alongside their keys so
   * ByIndex (every List of a namespace) reads them in one pass, without a lookup per key.
   */
  indices: Map<string, Map<string, Map<string, KubeObject>>>;
}

export function newIndexer(indexers: IndexSpec[] = []): IndexerState {
  const all: IndexSpec[] = [{ name: NAMESPACE_INDEX, field: 'metadata.namespace' }];
  for (const spec of indexers) {
    if (all.some((s) => s.name === spec.name))
      throw new Error(`indexer conflict: index ${JSON.stringify(spec.name)} declared twice`);
    all.push(spec);
  }
  return { indexers: all, items: new Map(), indices: new Map(all.map((s) => [s.name, new Map()])) };
}

/** The key an object is stored under: cache.MetaNamespaceKeyFunc. */
export const storeKey = objectKey;

function scalar(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** Field paths split once: an index runs on every add and update of a large cache. */
const splitPaths = new Map<string, string[]>();

/** What a field path leads to in an object (undefined where the path breaks off). */
function atPath(obj: KubeObject, path: string): unknown {
  let parts = splitPaths.get(path);
  if (!parts) splitPaths.set(path, (parts = path.split('.')));
  let cur: unknown = obj;
  for (const part of parts) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function fieldValues(obj: KubeObject, path: string): string[] {
  // The namespace index, on every object: no path walk.
  if (path === 'metadata.namespace') return [obj.metadata.namespace ?? ''];
  return valuesAt(atPath(obj, path));
}

/** The index values of what a field path leads to: its scalars. */
function valuesAt(cur: unknown): string[] {
  if (Array.isArray(cur)) return cur.map(scalar).filter((v): v is string => v !== undefined);
  const v = scalar(cur);
  return v === undefined ? [] : [v];
}

/** The index values an object has under one index (an IndexFunc's result). */
export function indexValues(spec: IndexSpec, obj: KubeObject): string[] {
  if ('field' in spec) return fieldValues(obj, spec.field);
  if ('label' in spec) {
    const v = obj.metadata.labels?.[spec.label];
    return v === undefined ? [] : [v];
  }
  const refs = obj.metadata.ownerReferences ?? [];
  if (spec.owner === 'any') return refs.map((r) => r.uid);
  const out: string[] = [];
  for (const r of refs) if (r.controller === true) out.push(r.uid);
  return out;
}

/**
 * indexValues when it is exactly one value, else null: reindex's common case (the namespace, the
 * node, the one controller) told without building arrays, on every update of a large cache.
 */
function singleValue(spec: IndexSpec, obj: KubeObject): string | null {
  if ('field' in spec) {
    if (spec.field === 'metadata.namespace') return obj.metadata.namespace ?? '';
    const cur = atPath(obj, spec.field);
    if (!Array.isArray(cur)) return scalar(cur) ?? null;
    const values = valuesAt(cur);
    return values.length === 1 ? values[0]! : null;
  }
  if ('label' in spec) return obj.metadata.labels?.[spec.label] ?? null;
  const refs = obj.metadata.ownerReferences;
  if (refs?.length !== 1) return null;
  return spec.owner === 'any' || refs[0]!.controller === true ? refs[0]!.uid : null;
}

type Index = Map<string, Map<string, KubeObject>>;

function removeFrom(index: Index, key: string, values: readonly string[]): void {
  for (const value of values) {
    const keys = index.get(value);
    if (!keys) continue;
    keys.delete(key);
    if (keys.size === 0) index.delete(value);
  }
}

function addTo(index: Index, key: string, obj: KubeObject, values: readonly string[]): void {
  for (const value of values) {
    let keys = index.get(value);
    if (!keys) index.set(value, (keys = new Map()));
    keys.set(key, obj);
  }
}

function unindex(ix: IndexerState, key: string, obj: KubeObject): void {
  for (const spec of ix.indexers)
    removeFrom(ix.indices.get(spec.name)!, key, indexValues(spec, obj));
}

function addToIndices(ix: IndexerState, key: string, obj: KubeObject): void {
  for (const spec of ix.indexers)
    addTo(ix.indices.get(spec.name)!, key, obj, indexValues(spec, obj));
}

/**
 * Update's re-indexing. An update nearly always keeps every index value (the namespace, the node,
 * the owner): the new version then takes the old one's place, where the object stays listed.
 */
function reindex(ix: IndexerState, key: string, old: KubeObject, obj: KubeObject): void {
  for (const spec of ix.indexers) {
    const index = ix.indices.get(spec.name)!;
    const kept = singleValue(spec, old);
    if (kept !== null && kept === singleValue(spec, obj)) {
      index.get(kept)!.set(key, obj);
      continue;
    }
    const before = indexValues(spec, old);
    const after = indexValues(spec, obj);
    removeFrom(index, key, before);
    addTo(index, key, obj, after);
  }
}

/** Add or Update: stores the object under its key and re-indexes it. */
export function indexerSet(ix: IndexerState, obj: KubeObject): void {
  const key = storeKey(obj);
  const old = ix.items.get(key);
  ix.items.set(key, obj);
  if (old) reindex(ix, key, old, obj);
  else addToIndices(ix, key, obj);
}

export function indexerDelete(ix: IndexerState, key: string): KubeObject | undefined {
  const old = ix.items.get(key);
  if (!old) return undefined;
  unindex(ix, key, old);
  ix.items.delete(key);
  return old;
}

/** Replace: the store holds exactly these objects afterwards (indices rebuilt). */
export function indexerReplace(ix: IndexerState, objects: readonly KubeObject[]): void {
  ix.items.clear();
  for (const index of ix.indices.values()) index.clear();
  for (const obj of objects) indexerSet(ix, obj);
}

export function indexerGet(ix: IndexerState, key: string): KubeObject | undefined {
  return ix.items.get(key);
}

export function indexerList(ix: IndexerState): KubeObject[] {
  return [...ix.items.values()];
}

/** IndexKeys: the keys of the objects whose index `indexName` has `value`. */
export function indexerIndexKeys(ix: IndexerState, indexName: string, value: string): string[] {
  const index = ix.indices.get(indexName);
  if (!index) throw new Error(`Index with name ${indexName} does not exist`);
  return [...(index.get(value)?.keys() ?? [])];
}

/** ByIndex: the objects whose index `indexName` has `value`. */
export function indexerByIndex(ix: IndexerState, indexName: string, value: string): KubeObject[] {
  const index = ix.indices.get(indexName);
  if (!index) throw new Error(`Index with name ${indexName} does not exist`);
  return [...(index.get(value)?.values() ?? [])];
}

/** ListIndexFuncValues: the values an index currently holds. */
export function indexerIndexValues(ix: IndexerState, indexName: string): string[] {
  return [...(ix.indices.get(indexName)?.keys() ?? [])];
}
