/**
 * The one place that knows the shape of a component's memory, as `runtime.inspect(id)` copies
 * it: client-go style informers (a reflector plus an indexer), work queues, the scheduler's
 * scheduling queue, and etcd's MVCC store. Components keep these at different places in their
 * state (the scheduler under `informers`, a kubelet at the top, the controller manager per
 * controller), so they are found by their shape rather than by path: the inspector then works
 * for every component, including ones added later.
 */
import type { KubeObject } from '../../engine/index.ts';
import { selectorPredicate } from './selectorMatch.ts';

/** What one informer believes: the objects in its cache and the resourceVersion it is at. */
export interface InformerView {
  /** Where it sits in the component's state: "informers.pods", "pods". */
  path: string;
  name: string;
  /** group/resource as RBAC spells it: "pods", "replicasets.apps". */
  resource: string;
  /** The kind of its objects, which decides the fields its field selector may name. */
  kind: string;
  etcdPrefix: string;
  namespaced: boolean;
  namespace: string;
  labelSelector: string;
  fieldSelector: string;
  /** HasSynced: the first list is in the cache. */
  synced: boolean;
  /** The reflector's phase: listing, watching, backingOff, ... */
  phase: string;
  /** The resourceVersion of the last list or watch event it saw. */
  resourceVersion: string;
  lastError: string;
  /** Cache key (namespace/name) -> the cached object's resourceVersion. */
  objects: Map<string, string>;
}

/** A queue of work: client-go's work queue, or one of the scheduler's three queues. */
export interface QueueView {
  name: string;
  /** Keys (or pods) waiting to be handed to a worker. */
  depth: number;
  /** Keys a worker holds now (work queues only). */
  processing?: number;
  /** Keys waiting out a delay before they are queued (addAfter / rate limiting). */
  waiting?: number;
  adds?: number;
  retries?: number;
}

export interface ComponentMemory {
  informers: InformerView[];
  queues: QueueView[];
}

type Rec = Record<string, unknown>;

function rec(value: unknown): Rec | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value) || value instanceof Map || value instanceof Set) return undefined;
  return value as Rec;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function asInformer(path: string, o: Rec): InformerView | undefined {
  const reflector = rec(o.reflector);
  const indexer = rec(o.indexer);
  const resource = rec(reflector?.resource);
  if (!reflector || !resource || !(indexer?.items instanceof Map)) return undefined;
  const objects = new Map<string, string>();
  for (const [key, obj] of indexer.items as Map<string, KubeObject>)
    objects.set(key, obj.metadata?.resourceVersion ?? '');
  const group = str(resource.group);
  return {
    path,
    name: str(o.name),
    resource: group ? `${str(resource.resource)}.${group}` : str(resource.resource),
    kind: str(resource.kind),
    etcdPrefix: str(resource.etcdPrefix),
    namespaced: resource.namespaced === true,
    namespace: str(reflector.namespace),
    labelSelector: str(reflector.labelSelector),
    fieldSelector: str(reflector.fieldSelector),
    synced: o.synced === true,
    phase: str(reflector.phase),
    resourceVersion: str(reflector.lastSyncResourceVersion),
    lastError: str(reflector.lastError),
    objects,
  };
}

function asWorkQueue(o: Rec): QueueView | undefined {
  if (!Array.isArray(o.queue) || !(o.dirty instanceof Set) || !(o.processing instanceof Set))
    return undefined;
  return {
    name: str(o.name),
    depth: o.queue.length,
    processing: o.processing.size,
    waiting: o.waiting instanceof Map ? o.waiting.size : 0,
    adds: typeof o.adds === 'number' ? o.adds : 0,
    retries: typeof o.retries === 'number' ? o.retries : 0,
  };
}

/** The scheduler's activeQ, backoffQ and unschedulable pods, as three queues. */
function asSchedulingQueue(o: Rec): QueueView[] | undefined {
  if (!Array.isArray(o.activeQ) || !Array.isArray(o.backoffQ)) return undefined;
  const unschedulable = o.unschedulablePods instanceof Map ? o.unschedulablePods.size : 0;
  return [
    { name: 'activeQ', depth: o.activeQ.length },
    { name: 'backoffQ', depth: o.backoffQ.length },
    { name: 'unschedulablePods', depth: unschedulable },
  ];
}

/** How deep to look: informers and queues sit at most a few records down. */
const MAX_DEPTH = 4;

function walk(value: unknown, path: string, depth: number, out: ComponentMemory): void {
  const o = rec(value);
  if (!o || depth > MAX_DEPTH) return;
  const informer = asInformer(path, o);
  if (informer) {
    out.informers.push(informer);
    return;
  }
  const queue = asWorkQueue(o);
  if (queue) {
    out.queues.push(queue);
    return;
  }
  const scheduling = asSchedulingQueue(o);
  if (scheduling) {
    out.queues.push(...scheduling);
    return;
  }
  for (const [key, child] of Object.entries(o))
    walk(child, path ? `${path}.${key}` : key, depth + 1, out);
}

/** The informers and queues in a component's state (empty for one that has none, or no state). */
export function readComponentState(state: unknown): ComponentMemory {
  const out: ComponentMemory = { informers: [], queues: [] };
  walk(state, '', 0, out);
  return out;
}

/** One live key in etcd: the object as stored and the revision of its last change. */
export interface EtcdEntry {
  modRevision: number;
  object: KubeObject;
}

export interface EtcdContents {
  revision: number;
  /** Live keys under a prefix (deleted keys left out). */
  under(prefix: string): Map<string, EtcdEntry>;
}

interface StoredVersion {
  kv: { modRevision: number; value: unknown } | null;
}

/** etcd's live keys, read from a copy of its state; undefined if it is not etcd's state. */
export function readEtcdState(state: unknown): EtcdContents | undefined {
  const store = rec(rec(state)?.store);
  if (!store || !(store.keys instanceof Map) || typeof store.revision !== 'number')
    return undefined;
  const keys = store.keys as Map<string, StoredVersion[]>;
  return {
    revision: store.revision,
    under(prefix) {
      const out = new Map<string, EtcdEntry>();
      for (const [key, versions] of keys) {
        if (!key.startsWith(prefix)) continue;
        const kv = versions.at(-1)?.kv;
        if (kv) out.set(key, { modRevision: kv.modRevision, object: kv.value as KubeObject });
      }
      return out;
    },
  };
}

/** One object the cache and etcd disagree about. */
export interface CacheDifference {
  /** Cache key: namespace/name, or name. */
  key: string;
  /** The resourceVersion the informer holds, if it holds the object. */
  cached?: string;
  /** The object's resourceVersion in etcd (its mod revision), if etcd has it. */
  stored?: string;
}

export interface CacheComparison {
  informer: InformerView;
  /** How many objects etcd holds that this informer should see; undefined if not comparable. */
  etcdCount?: number;
  etcdRevision: number;
  /** Objects missing from the cache, gone from etcd, or at another resourceVersion. */
  differences: CacheDifference[];
}

/** What the informer believes next to what etcd holds for the same resource and selectors. */
export function compareWithEtcd(informer: InformerView, etcd: EtcdContents): CacheComparison {
  const base = { informer, etcdRevision: etcd.revision, differences: [] };
  if (!informer.etcdPrefix) return base;
  const ns = informer.namespaced && informer.namespace ? `${informer.namespace}/` : '';
  const selects = selectorPredicate(informer.labelSelector, informer.fieldSelector, informer.kind);
  if (!selects) return base;
  const expected = new Map<string, string>();
  for (const [key, entry] of etcd.under(`${informer.etcdPrefix}/${ns}`)) {
    if (!selects(entry.object)) continue;
    expected.set(key.slice(informer.etcdPrefix.length + 1), String(entry.modRevision));
  }
  const differences: CacheDifference[] = [];
  for (const [key, stored] of expected) {
    const cached = informer.objects.get(key);
    if (cached !== stored)
      differences.push(cached === undefined ? { key, stored } : { key, cached, stored });
  }
  for (const [key, cached] of informer.objects)
    if (!expected.has(key)) differences.push({ key, cached });
  differences.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { ...base, etcdCount: expected.size, differences };
}
