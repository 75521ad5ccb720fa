/**
 * DELETE on a collection (`kubectl delete pods --all`, the namespace controller emptying a
 * namespace): list what matches the selectors (from the watch cache, or from etcd for a resource
 * without one), then delete each item through the ordinary delete
 * path (so pods still terminate gracefully and finalizers still hold), and answer with the list
 * of what was deleted. The per-item deletes are sent as requests the apiserver makes to itself,
 * so each shows in the trace.
 */
import type { StepContext } from '../../sim/component.ts';
import type { KubeObject } from '../../api/objects.ts';
import type { ApiRequestPayload, ApiResponsePayload } from '../../api/protocol.ts';
import {
  apiVersionOf,
  etcdListPrefix,
  resourcePath,
  type ResourceInfo,
} from '../../api/resources.ts';
import { statusErrors } from '../../api/status.ts';
import { prefixEnd, type RangeResponse } from '../../etcd/protocol.ts';
import { sendToEtcd } from '../etcdClient.ts';
import { bodyTooLarge } from '../decode.ts';
import { buildFilter, matchesFilter, type Filter } from '../filter.ts';
import { reply, resourceByKey } from '../respond.ts';
import type { ApiServerState, Operation } from '../state.ts';
import { decodeKeyValue, getResourceCache, isCached, objectsInKeyOrder } from '../watchCache.ts';

export function startDeleteCollection(
  state: ApiServerState,
  op: Operation,
  info: ResourceInfo,
  p: ApiRequestPayload,
  ctx: StepContext,
): void {
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
  // The handler reads the body (DeleteOptions) after the list options in the query.
  const tooLarge = bodyTooLarge(p.body, state.config.maxRequestBytes);
  if (tooLarge) {
    reply(ctx, op.client, op.id, tooLarge.code, tooLarge);
    return;
  }
  if (!isCached(info)) {
    op.stage = 'collectionList';
    op.collection = { filter: built.filter, request: p };
    state.operations.set(op.id, op);
    const prefix = etcdListPrefix(info, op.info.namespace);
    sendToEtcd(state, ctx, op.id, { op: 'range', key: prefix, rangeEnd: prefixEnd(prefix) });
    return;
  }
  const items = objectsInKeyOrder(getResourceCache(state.cache, info));
  deleteItems(state, op, info, p, matching(items, built.filter), state.cache.revision, ctx);
}

function matching(items: KubeObject[], filter: Filter): KubeObject[] {
  return items.filter((o) => matchesFilter(filter, o));
}

/** The list from etcd of a resource without a watch cache. */
export function finishCollectionList(
  state: ApiServerState,
  op: Operation,
  range: RangeResponse,
  ctx: StepContext,
): void {
  state.operations.delete(op.id);
  const { filter, request } = op.collection!;
  const items = matching(range.kvs.map(decodeKeyValue), filter);
  deleteItems(state, op, resourceByKey(op.resourceKey), request, items, range.header.revision, ctx);
}

function deleteItems(
  state: ApiServerState,
  op: Operation,
  info: ResourceInfo,
  p: ApiRequestPayload,
  items: KubeObject[],
  revision: number,
  ctx: StepContext,
): void {
  const listKind = info.listKind;
  if (items.length === 0) {
    reply(ctx, op.client, op.id, 200, {
      kind: listKind,
      apiVersion: apiVersionOf(info),
      metadata: { resourceVersion: String(revision) },
      items: [],
    });
    return;
  }
  const pending: string[] = [];
  for (const item of items) {
    const query: Record<string, string> = {};
    if (op.query.gracePeriodSeconds !== undefined)
      query.gracePeriodSeconds = op.query.gracePeriodSeconds;
    if (op.query.propagationPolicy !== undefined)
      query.propagationPolicy = op.query.propagationPolicy;
    const childId = ctx.send(ctx.self, {
      kind: 'api.request',
      method: 'DELETE',
      path: resourcePath(info, item.metadata.namespace, item.metadata.name),
      ...(Object.keys(query).length ? { query } : {}),
      ...(p.body !== undefined ? { body: p.body } : {}),
      ...(p.credentials ? { credentials: p.credentials } : {}),
    });
    pending.push(childId);
    state.collectionItems[childId] = op.id;
  }
  state.collections[op.id] = {
    client: op.client,
    pending,
    items: [],
    listKind,
    apiVersion: apiVersionOf(info),
    revision,
  };
  ctx.note(`deletecollection: deleting ${items.length} ${info.resource} one by one`);
}

/** A reply to one of the per-item deletes; when the last arrives, the collection request is answered. */
export function collectItem(state: ApiServerState, p: ApiResponsePayload, ctx: StepContext): void {
  const parentId = state.collectionItems[p.inReplyTo];
  if (!parentId) return;
  delete state.collectionItems[p.inReplyTo];
  const collection = state.collections[parentId];
  if (!collection) return;
  collection.pending = collection.pending.filter((id) => id !== p.inReplyTo);
  // Items already gone (404) are simply not in the answer, as with the real apiserver.
  if (p.code < 300)
    collection.items.push(
      p.body.kind === 'Status' ? { metadata: (p.body.details ?? {}) as object } : p.body,
    );
  if (collection.pending.length > 0) return;
  delete state.collections[parentId];
  reply(ctx, collection.client, parentId, 200, {
    kind: collection.listKind,
    apiVersion: collection.apiVersion,
    metadata: { resourceVersion: String(collection.revision) },
    items: collection.items,
  });
}
