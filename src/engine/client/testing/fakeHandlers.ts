/** The fake apiserver's verbs over its store: reads (get, list, watch) and writes. */
import { isJsonObject, type JsonObject } from '../../../shared/index.ts';
import { matchesFields, parseFieldSelector } from '../../api/fields.ts';
import { matchesLabels, parseLabelSelector } from '../../api/labels.ts';
import type { KubeObject } from '../../api/objects.ts';
import { applyPatch } from '../../api/patch/index.ts';
import type { ApiRequestPayload } from '../../api/protocol.ts';
import type { RequestInfo } from '../../api/requestInfo.ts';
import { apiVersionOf, groupResource, type ResourceInfo } from '../../api/resources.ts';
import { statusErrors, successStatus, type Qualified } from '../../api/status.ts';
import type { StepContext } from '../../sim/component.ts';
import type { ComponentId } from '../../sim/envelope.ts';
import type { FakeApiServerState } from './fakeApiServer.ts';
import { prepareCreate, storeGet, storeList, storeWrite, type StoredChange } from './fakeStore.ts';
import { deliver, startFakeWatch } from './fakeWatch.ts';

export interface FakeRequest {
  id: string;
  from: ComponentId;
  payload: ApiRequestPayload;
  info: RequestInfo;
  resource: ResourceInfo;
  reply(code: number, body: Record<string, unknown>): void;
}

function qualified(info: ResourceInfo): Qualified {
  return { groupResource: groupResource(info), group: info.group, resource: info.resource };
}

/** Selector errors answer 400, as the apiserver's do. */
function selectorFilter(req: FakeRequest): ((o: KubeObject) => boolean) | string {
  const q = req.payload.query ?? {};
  const labels = q.labelSelector ? parseLabelSelector(q.labelSelector) : undefined;
  if (labels && !labels.ok) return labels.error;
  const fields = q.fieldSelector
    ? parseFieldSelector(q.fieldSelector, req.resource.kind)
    : undefined;
  if (fields && !fields.ok) return fields.error;
  return (o) =>
    (!labels || matchesLabels(labels.selector, o.metadata.labels ?? undefined)) &&
    (!fields || matchesFields(fields.selector, o));
}

/** get, list and watch; returns the timeoutSeconds of a watch it registered, else 0. */
export function handleRead(state: FakeApiServerState, req: FakeRequest, ctx: StepContext): number {
  const { info, resource } = req;
  if (info.verb === 'get') {
    const obj = storeGet(state.store, resource, info.namespace, info.name);
    if (obj) req.reply(200, obj);
    else req.reply(404, statusErrors.notFound(qualified(resource), info.name));
    return 0;
  }
  const filter = selectorFilter(req);
  if (typeof filter === 'string') {
    req.reply(400, statusErrors.badRequest(filter));
    return 0;
  }
  const items = storeList(state.store, resource, info.namespace);
  if (info.verb === 'list') {
    req.reply(200, {
      kind: resource.listKind,
      apiVersion: apiVersionOf(resource),
      metadata: { resourceVersion: String(state.store.revision) },
      items: items.filter(filter),
    });
    return 0;
  }
  const q = req.payload.query ?? {};
  const w = {
    id: req.id,
    client: req.from,
    resource: groupResource(resource),
    kind: resource.kind,
    namespace: info.namespace,
    labelSelector: q.labelSelector ?? '',
    fieldSelector: q.fieldSelector ?? '',
  };
  const started = startFakeWatch(
    state.store,
    state.watches,
    w,
    q.resourceVersion ?? '',
    items,
    ctx,
  );
  return started ? Number(q.timeoutSeconds ?? 0) || 0 : 0;
}

function withStatus(obj: KubeObject, status: unknown): KubeObject {
  const { status: _old, ...rest } = obj;
  return status === undefined ? (rest as KubeObject) : { ...rest, status };
}

function commit(state: FakeApiServerState, change: StoredChange, ctx: StepContext): KubeObject {
  for (const id of [...state.watches.keys()].sort()) deliver(ctx, state.watches.get(id)!, change);
  return change.object;
}

/** create, update, patch, delete, and the pods/binding subresource. */
export function handleWrite(state: FakeApiServerState, req: FakeRequest, ctx: StepContext): void {
  const { info, resource } = req;
  const q = qualified(resource);
  const body = req.payload.body;
  if (info.verb === 'create' && !info.subresource) {
    if (!isJsonObject(body))
      return req.reply(400, statusErrors.badRequest('no object in the body'));
    const obj = structuredClone(body) as unknown as KubeObject;
    obj.metadata = { ...obj.metadata };
    if (resource.namespaced) obj.metadata.namespace = info.namespace || obj.metadata.namespace;
    prepareCreate(state.store, obj, ctx.now, ctx.rng);
    const name = obj.metadata.name ?? '';
    if (storeGet(state.store, resource, obj.metadata.namespace ?? '', name))
      return req.reply(409, statusErrors.alreadyExists(q, name));
    return req.reply(201, commit(state, storeWrite(state.store, 'ADDED', obj), ctx));
  }
  const current = storeGet(state.store, resource, info.namespace, info.name);
  if (!current) return req.reply(404, statusErrors.notFound(q, info.name));
  let next: KubeObject;
  switch (info.verb) {
    case 'create': {
      // pods/binding: the scheduler's Bind.
      const target = (body as { target?: { name?: string } } | undefined)?.target?.name ?? '';
      const spec = (current.spec ?? {}) as JsonObject;
      if (spec.nodeName)
        return req.reply(
          409,
          statusErrors.conflict(
            q,
            info.name,
            `pod ${info.name} is already assigned to node "${String(spec.nodeName)}"`,
          ),
        );
      commit(
        state,
        storeWrite(state.store, 'MODIFIED', { ...current, spec: { ...spec, nodeName: target } }),
        ctx,
      );
      return req.reply(201, successStatus());
    }
    case 'update': {
      const obj = structuredClone(body) as KubeObject;
      const rv = obj.metadata?.resourceVersion;
      if (rv && rv !== current.metadata.resourceVersion)
        return req.reply(409, statusErrors.conflict(q, info.name));
      next = {
        ...obj,
        metadata: {
          ...obj.metadata,
          uid: current.metadata.uid,
          creationTimestamp: current.metadata.creationTimestamp,
        },
      };
      break;
    }
    case 'patch': {
      const result = applyPatch(
        req.payload.contentType ?? '',
        resource.kind,
        current as unknown as JsonObject,
        body,
      );
      if (!result.ok) return req.reply(result.code, statusErrors.badRequest(result.error));
      next = result.object as unknown as KubeObject;
      break;
    }
    case 'delete':
      return req.reply(200, commit(state, storeWrite(state.store, 'DELETED', current), ctx));
    default:
      return req.reply(405, statusErrors.methodNotAllowed(req.payload.method, q));
  }
  // The status subresource changes only status; the main resource never does when it has one.
  if (info.subresource === 'status') next = withStatus(current, next.status);
  else if (resource.hasStatus) next = withStatus(next, current.status);
  req.reply(200, commit(state, storeWrite(state.store, 'MODIFIED', next), ctx));
}
