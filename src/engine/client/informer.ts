/**
 * An informer for one resource (SharedIndexInformer without the sharing: one per component and
 * resource): a Reflector feeding an Indexer, and the notifications a ResourceEventHandler would
 * get, returned as data. A component passes each message it receives to informerHandle; the
 * events come back in order for the component to act on (usually: enqueue a key).
 *
 * Cached objects are shared with the informer's store. Never change an object an informer or a
 * Lister returns; deepCopy it first (sample-controller's updateFooStatus does fooCopy :=
 * foo.DeepCopy()).
 */
import type { Credentials } from '../api/protocol.ts';
import type { KubeObject } from '../api/objects.ts';
import { groupResource } from '../api/resources.ts';
import type { StepContext } from '../sim/component.ts';
import type { ComponentId, Envelope } from '../sim/envelope.ts';
import {
  indexerDelete,
  indexerGet,
  indexerReplace,
  indexerSet,
  newIndexer,
  storeKey,
  type IndexerState,
  type IndexSpec,
} from './indexer.ts';
import { reflectorHandle, reflectorStart, reflectorStop } from './reflector.ts';
import {
  newReflector,
  type ReflectorOptions,
  type ReflectorOutput,
  type ReflectorState,
} from './reflectorState.ts';
import { resolveResource, type ResourceRef } from './resourceRef.ts';

export interface InformerConfig {
  /** Unique within the component (names the reflector's timer). Default: 'pods', 'pods/default', ... */
  name?: string;
  resource: ResourceRef;
  /** Watch one namespace only (informers.WithNamespace). */
  namespace?: string;
  labelSelector?: string;
  /** e.g. the kubelet's `spec.nodeName=node-1`. */
  fieldSelector?: string;
  indexers?: IndexSpec[];
  credentials?: Credentials;
  apiserver?: ComponentId;
  options?: Partial<ReflectorOptions>;
}

/** ResourceEventHandler notifications. */
export type InformerEvent =
  | { type: 'add'; object: KubeObject; isInInitialList: boolean }
  | { type: 'update'; oldObject: KubeObject; object: KubeObject }
  /** finalStateUnknown: the object vanished between lists (cache.DeletedFinalStateUnknown). */
  | { type: 'delete'; object: KubeObject; finalStateUnknown: boolean };

export interface Informer {
  name: string;
  reflector: ReflectorState;
  indexer: IndexerState;
  /** HasSynced: the first list has been stored. */
  synced: boolean;
  /** Watch events dropped because the cache already held that version or a newer one. */
  staleEvents: number;
}

export function newInformer(config: InformerConfig): Informer {
  const resource = resolveResource(config.resource);
  const ns = resource.namespaced && config.namespace ? `/${config.namespace}` : '';
  const name = config.name ?? `${groupResource(resource)}${ns}`;
  return {
    name,
    reflector: newReflector({ ...config, name, resource }),
    indexer: newIndexer(config.indexers),
    synced: false,
    staleEvents: 0,
  };
}

/** Starts listing and watching (informer.Run). */
export function startInformer(informer: Informer, ctx: StepContext): void {
  reflectorStart(informer.reflector, ctx);
}

export function stopInformer(informer: Informer, ctx: StepContext): void {
  reflectorStop(informer.reflector, ctx);
}

export function hasSynced(informer: Informer): boolean {
  return informer.synced;
}

/** The resourceVersion the cache is at (the last list or event seen). */
export function lastSyncResourceVersion(informer: Informer): string {
  return informer.reflector.lastSyncResourceVersion;
}

/**
 * Handles a message if it belongs to this informer: returns the notifications it causes (maybe
 * none), or undefined if the message is not the informer's.
 */
export function informerHandle(
  informer: Informer,
  message: Envelope,
  ctx: StepContext,
): InformerEvent[] | undefined {
  const outputs = reflectorHandle(informer.reflector, message, ctx);
  if (!outputs) return undefined;
  const events: InformerEvent[] = [];
  for (const out of outputs) apply(informer, out, events, ctx);
  return events;
}

/** Dispatches a message to a set of informers: the first that claims it, and its events. */
export function informersHandle(
  informers: Record<string, Informer>,
  message: Envelope,
  ctx: StepContext,
): { informer: string; events: InformerEvent[] } | undefined {
  // for-in rather than Object.entries: every message a controller manager gets passes here.
  for (const key in informers) {
    const events = informerHandle(informers[key]!, message, ctx);
    if (events) return { informer: key, events };
  }
  return undefined;
}

function rvNumber(obj: KubeObject): number {
  const rv = Number(obj.metadata.resourceVersion);
  return Number.isFinite(rv) ? rv : NaN;
}

function apply(
  informer: Informer,
  out: ReflectorOutput,
  events: InformerEvent[],
  ctx: StepContext,
) {
  if (out.type === 'replace') {
    replace(informer, out.items, events);
    return;
  }
  const obj = out.object;
  const key = storeKey(obj);
  const old = indexerGet(informer.indexer, key);
  // A watch delivers each object's changes in order; anything not newer than the cache is stale.
  if (old && rvNumber(obj) <= rvNumber(old)) {
    informer.staleEvents++;
    ctx.note(
      `informer ${informer.name}: skipped stale ${out.eventType} ${key} at resourceVersion ${obj.metadata.resourceVersion} (cache has ${old.metadata.resourceVersion})`,
    );
    return;
  }
  if (out.eventType === 'DELETED') {
    indexerDelete(informer.indexer, key);
    events.push({ type: 'delete', object: obj, finalStateUnknown: false });
  } else {
    indexerSet(informer.indexer, obj);
    events.push(
      old
        ? { type: 'update', oldObject: old, object: obj }
        : { type: 'add', object: obj, isInInitialList: false },
    );
  }
}

/**
 * Store.Replace as the DeltaFIFO and the shared informer see it: listed objects new to the cache
 * are adds, those at a different resourceVersion updates (unchanged ones notify nobody without a
 * resync), and cached objects missing from the list deletes whose final state is unknown.
 */
function replace(informer: Informer, items: KubeObject[], events: InformerEvent[]): void {
  const ix = informer.indexer;
  const initial = !informer.synced;
  const listed = new Set<string>();
  for (const obj of items) {
    const key = storeKey(obj);
    listed.add(key);
    const old = indexerGet(ix, key);
    if (!old) events.push({ type: 'add', object: obj, isInInitialList: initial });
    else if (old.metadata.resourceVersion !== obj.metadata.resourceVersion)
      events.push({ type: 'update', oldObject: old, object: obj });
  }
  for (const [key, old] of ix.items)
    if (!listed.has(key)) events.push({ type: 'delete', object: old, finalStateUnknown: true });
  indexerReplace(ix, items);
  informer.synced = true;
}
