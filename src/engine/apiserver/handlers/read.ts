/**
 * GET of one object (from etcd: a quorum read) and LIST of a collection (from etcd, or from the
 * watch cache when the client asks for resourceVersion=0, as informers do for their first list,
 * and the resource has one).
 */
import type { StepContext } from '../../sim/component.ts';
import { prefixEnd, type RangeResponse } from '../../etcd/protocol.ts';
import type { KubeList, KubeObject } from '../../api/objects.ts';
import { apiVersionOf, etcdListPrefix } from '../../api/resources.ts';
import { statusErrors } from '../../api/status.ts';
import { sendToEtcd } from '../etcdClient.ts';
import { buildFilter, matchesFilter, type Filter } from '../filter.ts';
import { scaleOf } from '../mutations.ts';
import { qualified, reply, resourceByKey } from '../respond.ts';
import type { ApiServerState, Operation } from '../state.ts';
import { decodeKeyValue, getResourceCache, isCached, objectsInKeyOrder } from '../watchCache.ts';
import { workloadSelectorText } from '../../api/labels.ts';

function done(
  state: ApiServerState,
  op: Operation,
  ctx: StepContext,
  code: number,
  body: Parameters<typeof reply>[4],
): void {
  reply(ctx, op.client, op.id, code, body);
  state.operations.delete(op.id);
}

export function startGet(state: ApiServerState, op: Operation, ctx: StepContext): void {
  op.stage = 'read';
  sendToEtcd(state, ctx, op.id, { op: 'range', key: op.key });
}

export function finishGet(
  state: ApiServerState,
  op: Operation,
  range: RangeResponse,
  ctx: StepContext,
): void {
  const info = resourceByKey(op.resourceKey);
  const kv = range.kvs[0];
  if (!kv) return done(state, op, ctx, 404, statusErrors.notFound(qualified(info), op.info.name));
  const obj = decodeKeyValue(kv);
  done(
    state,
    op,
    ctx,
    200,
    op.info.subresource === 'scale' ? scaleOf(obj, workloadSelectorText(obj)) : obj,
  );
}

function listFilter(state: ApiServerState, op: Operation, ctx: StepContext): Filter | undefined {
  const info = resourceByKey(op.resourceKey);
  const built = buildFilter(
    op.info.namespace,
    info.kind,
    op.query.labelSelector,
    op.query.fieldSelector,
  );
  if ('error' in built) {
    done(state, op, ctx, 400, statusErrors.badRequest(built.error));
    return undefined;
  }
  return built.filter;
}

function list(
  op: Operation,
  items: KubeObject[],
  resourceVersion: number,
  cont?: string,
): KubeList {
  const info = resourceByKey(op.resourceKey);
  const metadata: KubeList['metadata'] = { resourceVersion: String(resourceVersion) };
  if (cont) metadata.continue = cont;
  return { kind: info.listKind, apiVersion: apiVersionOf(info), metadata, items };
}

function parseLimit(op: Operation): number | string {
  const raw = op.query.limit;
  if (raw === undefined || raw === '') return 0;
  const n = Number(raw);
  return Number.isInteger(n) && n >= 0
    ? n
    : `limit: Invalid value: "${raw}": must be a non-negative integer`;
}

/** An opaque continue token: the revision of the first page and the key to resume after. */
function encodeContinue(revision: number, lastKey: string): string {
  return `${revision}:${lastKey}`;
}
function decodeContinue(token: string): { revision: number; startKey: string } | undefined {
  const i = token.indexOf(':');
  const revision = Number(token.slice(0, i));
  return i > 0 && Number.isInteger(revision)
    ? { revision, startKey: `${token.slice(i + 1)}\u0000` }
    : undefined;
}

export function startList(state: ApiServerState, op: Operation, ctx: StepContext): void {
  const filter = listFilter(state, op, ctx);
  if (!filter) return;
  const limit = parseLimit(op);
  if (typeof limit === 'string') return done(state, op, ctx, 400, statusErrors.badRequest(limit));
  const info = resourceByKey(op.resourceKey);
  if (op.query.resourceVersion === '0' && !op.query.continue && isCached(info)) {
    // resourceVersion=0 means "any version is fine": serve from the watch cache.
    const cache = getResourceCache(state.cache, info);
    const items = objectsInKeyOrder(cache).filter((o) => matchesFilter(filter, o));
    ctx.note(`served from the watch cache at resourceVersion ${state.cache.revision}`);
    return done(state, op, ctx, 200, list(op, items, state.cache.revision));
  }
  const prefix = etcdListPrefix(info, op.info.namespace);
  let key = prefix;
  let revision: number | undefined;
  if (op.query.continue) {
    const token = decodeContinue(op.query.continue);
    if (!token)
      return done(
        state,
        op,
        ctx,
        400,
        statusErrors.badRequest(
          'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
        ),
      );
    key = token.startKey;
    revision = token.revision;
  }
  op.stage = 'list';
  sendToEtcd(state, ctx, op.id, {
    op: 'range',
    key,
    rangeEnd: prefixEnd(prefix),
    ...(revision ? { revision } : {}),
  });
}

export function finishList(
  state: ApiServerState,
  op: Operation,
  range: RangeResponse,
  ctx: StepContext,
): void {
  const filter = listFilter(state, op, ctx);
  if (!filter) return;
  const limit = parseLimit(op) as number;
  const items: KubeObject[] = [];
  let cont: string | undefined;
  const token = op.query.continue ? decodeContinue(op.query.continue) : undefined;
  const revision = token?.revision ?? range.header.revision;
  for (const kv of range.kvs) {
    const obj = decodeKeyValue(kv);
    if (!matchesFilter(filter, obj)) continue;
    if (limit > 0 && items.length === limit) {
      cont = encodeContinue(revision, range.kvs[range.kvs.indexOf(kv) - 1]?.key ?? kv.key);
      break;
    }
    items.push(obj);
  }
  done(state, op, ctx, 200, list(op, items, revision, cont));
}
