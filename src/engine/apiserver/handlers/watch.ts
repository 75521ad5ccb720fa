/**
 * Watches, served from the watch cache (those of resources without one: etcdWatch.ts). A new
 * watch either starts "now" with a synthetic ADDED for every current object (resourceVersion 0 or
 * empty) or resumes after a resourceVersion by replaying the cached events since then; a version
 * older than the cache window gets an ERROR event with 410 Expired. Each etcd change is then
 * fanned out to the watchers it concerns, with the selector transitions the cacher applies (an
 * object leaving a selector is DELETED for it).
 */
import type { StepContext } from '../../sim/component.ts';
import type { KubeObject } from '../../api/objects.ts';
import type { WatchEventType } from '../../api/protocol.ts';
import type { ResourceInfo } from '../../api/resources.ts';
import { statusErrors } from '../../api/status.ts';
import { fieldRequiresExactMatch } from '../../api/fields.ts';
import { buildFilter, matchesFilter, type Filter } from '../filter.ts';
import { reply, resourceByKey } from '../respond.ts';
import type { ApiServerState, Operation, Watcher } from '../state.ts';
import {
  eventsSince,
  getResourceCache,
  isCached,
  objectsInKeyOrder,
  resourceCacheKey,
  type CachedEvent,
} from '../watchCache.ts';
import { sendToEtcd } from '../etcdClient.ts';
import { startEtcdWatch } from './etcdWatch.ts';

function sendEvent(ctx: StepContext, w: Watcher, type: WatchEventType, object: KubeObject): void {
  ctx.send(w.client, { kind: 'api.watch', watchId: w.id, type, object });
}

export function startWatch(state: ApiServerState, op: Operation, ctx: StepContext): void {
  const info = resourceByKey(op.resourceKey);
  state.operations.delete(op.id);
  const built = buildFilter(
    op.info.namespace,
    info.kind,
    op.query.labelSelector,
    op.query.fieldSelector,
  );
  if ('error' in built) {
    reply(ctx, op.client, op.id, 400, statusErrors.badRequest(built.error));
    return;
  }
  const rvText = op.query.resourceVersion ?? '';
  const rv = rvText === '' ? 0 : Number(rvText);
  if (!Number.isInteger(rv) || rv < 0) {
    reply(
      ctx,
      op.client,
      op.id,
      400,
      statusErrors.badRequest(
        `resourceVersion: Invalid value: "${rvText}": invalid resource version`,
      ),
    );
    return;
  }
  const watcher: Watcher = {
    id: op.id,
    client: op.client,
    resourceKey: op.resourceKey,
    namespace: op.info.namespace,
    labelSelector: op.query.labelSelector ?? '',
    fieldSelector: op.query.fieldSelector ?? '',
    startAfter: rv === 0 ? state.cache.revision : rv,
    filter: built.filter,
  };
  if (built.filter.fields) {
    const node =
      info.resource === 'pods'
        ? fieldRequiresExactMatch(built.filter.fields, 'spec.nodeName')
        : undefined;
    const name = fieldRequiresExactMatch(built.filter.fields, 'metadata.name');
    if (node !== undefined) watcher.index = { field: 'spec.nodeName', value: node };
    else if (name !== undefined) watcher.index = { field: 'metadata.name', value: name };
  }
  const timeout = Number(op.query.timeoutSeconds ?? '');
  if (!isCached(info)) {
    armTimeout(timeout, op.id, ctx);
    return startEtcdWatch(state, op, watcher, rv, ctx);
  }
  const cache = getResourceCache(state.cache, info);
  let replay: CachedEvent[] = [];
  if (rv !== 0) {
    const since = eventsSince(cache, rv);
    if ('tooOld' in since) {
      reply(ctx, op.client, op.id, 200, { kind: 'WatchStarted' });
      const expired = statusErrors.resourceExpired(
        `too old resource version: ${rv} (${since.tooOld})`,
      );
      ctx.note(
        `watch from resourceVersion ${rv} is older than the watch cache window (oldest ${since.tooOld}): 410 Expired`,
      );
      ctx.send(op.client, { kind: 'api.watch', watchId: op.id, type: 'ERROR', object: expired });
      return;
    }
    replay = since.events;
  }
  reply(ctx, op.client, op.id, 200, { kind: 'WatchStarted' });
  addWatcher(state, watcher);
  const filter = built.filter;
  if (rv === 0) {
    const count = sendInitialEvents(ctx, watcher, objectsInKeyOrder(cache));
    ctx.note(
      `watch started at resourceVersion ${state.cache.revision} with ${count} synthetic ADDED event(s)`,
    );
  } else {
    for (const event of replay) deliverTo(ctx, watcher, filter, event);
    ctx.note(
      `watch resumed after resourceVersion ${rv}${replay.length ? `, replaying ${replay.length} cached event(s)` : ''}`,
    );
  }
  armTimeout(timeout, op.id, ctx);
}

/** timeoutSeconds: the server ends the watch then (endWatch), and the client watches again. */
function armTimeout(timeoutSeconds: number, id: string, ctx: StepContext): void {
  if (Number.isFinite(timeoutSeconds) && timeoutSeconds > 0)
    ctx.setTimer(timeoutSeconds * 1000, 'watchTimeout', id);
}

/** A watch from resourceVersion 0 begins with a synthetic ADDED for each matching object. */
export function sendInitialEvents(
  ctx: StepContext,
  w: Watcher,
  objects: readonly KubeObject[],
): number {
  let count = 0;
  for (const obj of objects) {
    if (!matchesFilter(w.filter, obj)) continue;
    sendEvent(ctx, w, 'ADDED', obj);
    count++;
  }
  return count;
}

/** The set of watcher ids a watcher belongs in (made on the way when `create`). */
function watcherSet(state: ApiServerState, w: Watcher, create: boolean): Set<string> | undefined {
  if (!w.index) {
    let set = state.watchersByResource.get(w.resourceKey);
    if (!set && create) state.watchersByResource.set(w.resourceKey, (set = new Set()));
    return set;
  }
  let fields = state.watchersByIndex.get(w.resourceKey);
  if (!fields) {
    if (!create) return undefined;
    state.watchersByIndex.set(w.resourceKey, (fields = new Map()));
  }
  let values = fields.get(w.index.field);
  if (!values) {
    if (!create) return undefined;
    fields.set(w.index.field, (values = new Map()));
  }
  let set = values.get(w.index.value);
  if (!set && create) values.set(w.index.value, (set = new Set()));
  return set;
}

function addWatcher(state: ApiServerState, w: Watcher): void {
  state.watchers.set(w.id, w);
  watcherSet(state, w, true)!.add(w.id);
}

/** Ends a watch on the server's side; a watch served from etcd also cancels its etcd watch. */
export function removeWatcher(
  state: ApiServerState,
  id: string,
  ctx: StepContext,
): Watcher | undefined {
  const w = state.watchers.get(id);
  if (!w) return undefined;
  state.watchers.delete(id);
  if (w.etcdWatchId !== undefined) {
    state.etcdWatchers.delete(w.etcdWatchId);
    sendToEtcd(state, ctx, w.id, { op: 'cancelWatch', watchId: w.etcdWatchId });
  } else watcherSet(state, w, false)?.delete(id);
  return w;
}

/** The watch's timeoutSeconds passed: the server ends the stream and the client re-watches. */
export function endWatch(state: ApiServerState, id: string, ctx: StepContext): void {
  const w = removeWatcher(state, id, ctx);
  if (w) ctx.send(w.client, { kind: 'api.watchEnd', watchId: id });
}

export function deliverTo(ctx: StepContext, w: Watcher, filter: Filter, event: CachedEvent): void {
  if (event.resourceVersion <= w.startAfter) return;
  const now = matchesFilter(filter, event.object);
  const before =
    event.prevObject !== undefined &&
    event.type !== 'ADDED' &&
    matchesFilter(filter, event.prevObject);
  if (event.type === 'DELETED') {
    if (before || now) sendEvent(ctx, w, 'DELETED', event.object);
  } else if (now && before) {
    sendEvent(ctx, w, 'MODIFIED', event.object);
  } else if (now) {
    sendEvent(ctx, w, 'ADDED', event.object);
  } else if (before) {
    // The object no longer matches this watch's selectors: for this watcher it is gone.
    sendEvent(ctx, w, 'DELETED', event.object);
  }
}

/** Sends one cached event to every watcher of its resource that it concerns. */
export function fanOut(
  state: ApiServerState,
  info: ResourceInfo,
  event: CachedEvent,
  ctx: StepContext,
): number {
  const resourceKey = resourceCacheKey(info);
  const ids: string[] = [];
  const all = state.watchersByResource.get(resourceKey);
  if (all) for (const id of all) ids.push(id);
  const fields = state.watchersByIndex.get(resourceKey);
  if (fields) {
    const indexed = (field: string, value: string) => {
      const set = fields.get(field)?.get(value);
      if (set) for (const id of set) ids.push(id);
    };
    // The object and its previous version share their name; a pod's node may differ (a binding).
    indexed('metadata.name', event.object.metadata.name ?? '');
    if (info.resource === 'pods') {
      const node = (o: KubeObject | undefined) =>
        (o?.spec as { nodeName?: string } | undefined)?.nodeName ?? '';
      const now = node(event.object);
      indexed('spec.nodeName', now);
      if (event.prevObject && node(event.prevObject) !== now)
        indexed('spec.nodeName', node(event.prevObject));
    }
  }
  // Resource-wide watchers, then by name, then by node; each group in the order its watchers
  // registered. The same in every run, and kept by checkpoints (structuredClone keeps Set order).
  for (const id of ids) {
    const w = state.watchers.get(id);
    if (w) deliverTo(ctx, w, w.filter, event);
  }
  return ids.length;
}
