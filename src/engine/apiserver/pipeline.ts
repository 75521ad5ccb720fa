/**
 * The request pipeline in front of every handler, in the apiserver's order: routing
 * (RequestInfo), authentication, authorization (RBAC), then the verb's handler, which reads the
 * body within the size limit and runs admission, validation and storage. Each stage leaves a
 * note on the request's trace event.
 */
import { isJsonObject } from '../../shared/index.ts';
import type { StepContext } from '../sim/component.ts';
import type { ApiRequestPayload, PatchContentType } from '../api/protocol.ts';
import { parseRequestPath, type RequestInfo } from '../api/requestInfo.ts';
import { etcdKey, findResource, type ResourceInfo } from '../api/resources.ts';
import { statusErrors, type Qualified } from '../api/status.ts';
import { authenticate, describeUser, type UserInfo } from './auth/authn.ts';
import { API_SERVICES, proxyRequest } from './handlers/aggregated.ts';
import { startDeleteCollection } from './handlers/deleteCollection.ts';
import { authorize } from './auth/rbac.ts';
import { bodyTooLarge, parseBody, readObjectBody } from './decode.ts';
import { startCreate } from './handlers/create.ts';
import { startGet, startList } from './handlers/read.ts';
import { startWatch } from './handlers/watch.ts';
import { startWrite } from './handlers/write.ts';
import { qualified, reply } from './respond.ts';
import type { ApiServerState, Mutation, Operation } from './state.ts';
import { resourceCacheKey } from './watchCache.ts';

const PATCH_TYPES: readonly string[] = [
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
  'application/json-patch+json',
];

export function handleRequest(
  state: ApiServerState,
  from: string,
  id: string,
  p: ApiRequestPayload,
  ctx: StepContext,
): void {
  const fail = (status: ReturnType<typeof statusErrors.badRequest>) => {
    ctx.note(`rejected: ${status.code} ${status.reason}`);
    reply(ctx, from, id, status.code, status);
  };
  const query = p.query ?? {};
  const info = parseRequestPath(p.method, p.path, query);
  const aggregated = info ? API_SERVICES[info.apiGroup] : undefined;
  if (info && aggregated && aggregated.version === info.apiVersion) {
    const q = {
      groupResource: `${info.resource}.${info.apiGroup}`,
      group: info.apiGroup,
      resource: info.resource,
    };
    if (!authenticateAndAuthorize(p, info, q, ctx, fail)) return;
    return proxyRequest(state, from, id, p, info.apiGroup, ctx);
  }
  const resource = info && findResource(info.apiGroup, info.resource);
  if (!info || !resource || resource.version !== info.apiVersion)
    return fail(statusErrors.pathNotFound());
  if (info.subresource && !resource.subresources.includes(info.subresource))
    return fail(statusErrors.pathNotFound());
  if (
    resource.namespaced !== (info.namespace !== '') &&
    !(
      resource.namespaced &&
      !info.name &&
      (info.verb === 'list' || info.verb === 'watch' || info.verb === 'deletecollection')
    )
  ) {
    return fail(statusErrors.pathNotFound());
  }
  const user = authenticateAndAuthorize(p, info, qualified(resource, info.subresource), ctx, fail);
  if (!user) return;

  const op: Operation = {
    id,
    client: from,
    info,
    resourceKey: resourceCacheKey(resource),
    user,
    query,
    key: info.name ? etcdKey(resource, info.namespace, info.name) : '',
    stage: 'read',
    attempts: 0,
  };
  switch (info.verb) {
    case 'get':
      state.operations.set(id, op);
      return startGet(state, op, ctx);
    case 'list':
      state.operations.set(id, op);
      return startList(state, op, ctx);
    case 'watch':
      return startWatch(state, op, ctx);
    case 'create':
      return create(state, op, resource, p, ctx, fail);
    case 'update':
    case 'patch':
    case 'delete': {
      const mutation = mutationFor(resource, op, p, state.config.maxRequestBytes);
      if ('error' in mutation) return fail(mutation.error);
      op.mutation = mutation;
      state.operations.set(id, op);
      return startWrite(state, op, ctx);
    }
    case 'deletecollection':
      return startDeleteCollection(state, op, resource, p, ctx);
  }
}

/**
 * Who a client's credentials say it is, and the trace note saying so, worked out once per
 * credentials object: a client sends the same one with every request, and messages never change.
 */
const identities = new WeakMap<object, { user: UserInfo; note: string } | null>();

function authenticated(
  credentials: ApiRequestPayload['credentials'],
): { user: UserInfo; note: string } | null {
  const known = credentials ? identities.get(credentials) : undefined;
  if (known !== undefined) return known;
  const authn = authenticate(credentials);
  const identity = authn.ok
    ? { user: authn.user, note: `authentication: ${describeUser(authn.user)}` }
    : null;
  if (credentials) identities.set(credentials, identity);
  return identity;
}

/** Authentication then RBAC; answers 401/403 itself and returns undefined when refused. */
function authenticateAndAuthorize(
  p: ApiRequestPayload,
  info: RequestInfo,
  q: Qualified,
  ctx: StepContext,
  fail: (s: ReturnType<typeof statusErrors.badRequest>) => void,
): UserInfo | undefined {
  const authn = authenticated(p.credentials);
  if (!authn) {
    fail(statusErrors.unauthorized());
    return undefined;
  }
  const user = authn.user;
  ctx.note(authn.note);
  const attributes = {
    verb: info.verb,
    apiGroup: info.apiGroup,
    resource: info.resource,
    subresource: info.subresource,
    namespace: info.namespace,
    name: info.name,
  };
  const decision = authorize(user, attributes);
  if (!decision.allowed) {
    fail(statusErrors.forbidden(q, info.name, decision.reason));
    return undefined;
  }
  if (ctx.tracing) ctx.note(`authorization: ${decision.reason}`);
  return user;
}

function create(
  state: ApiServerState,
  op: Operation,
  resource: ResourceInfo,
  p: ApiRequestPayload,
  ctx: StepContext,
  fail: (s: ReturnType<typeof statusErrors.badRequest>) => void,
): void {
  const maxBytes = state.config.maxRequestBytes;
  if (op.info.name && op.info.subresource === 'binding') {
    const decoded = readObjectBody(p.body, maxBytes, resource, 'Binding', 'v1');
    if (!decoded.ok) return fail(decoded.status);
    const target = decoded.object.target;
    const nodeName = isJsonObject(target) ? target.name : undefined;
    if (typeof nodeName !== 'string' || nodeName === '') {
      return fail(
        statusErrors.invalid('Binding', '', 'Binding', op.info.name, [
          { type: 'FieldValueRequired', field: 'target.name', detail: '' },
        ]),
      );
    }
    op.mutation = { type: 'binding', nodeName };
    op.key = etcdKey(resource, op.info.namespace, op.info.name);
    state.operations.set(op.id, op);
    return startWrite(state, op, ctx);
  }
  if (op.info.name && op.info.subresource === 'eviction') {
    // The Eviction API: a delete that PodDisruptionBudgets may refuse (none are modelled yet).
    const decoded = readObjectBody(p.body, maxBytes, resource, 'Eviction', 'policy/v1');
    if (!decoded.ok) return fail(decoded.status);
    const options = isJsonObject(decoded.object.deleteOptions) ? decoded.object.deleteOptions : {};
    const m: Mutation = { type: 'delete' };
    if (typeof options.gracePeriodSeconds === 'number')
      m.gracePeriodSeconds = options.gracePeriodSeconds;
    op.mutation = m;
    op.key = etcdKey(resource, op.info.namespace, op.info.name);
    state.operations.set(op.id, op);
    ctx.note('eviction: no PodDisruptionBudget covers this pod; deleting it');
    return startWrite(state, op, ctx);
  }
  if (op.info.name) return fail(statusErrors.methodNotAllowed('POST', qualified(resource)));
  const decoded = readObjectBody(p.body, maxBytes, resource);
  if (!decoded.ok) return fail(decoded.status);
  op.object = decoded.object;
  op.stage = 'create';
  state.operations.set(op.id, op);
  startCreate(state, op, ctx);
}

function mutationFor(
  resource: ResourceInfo,
  op: Operation,
  p: ApiRequestPayload,
  maxBytes: number,
): Mutation | { error: ReturnType<typeof statusErrors.badRequest> } {
  const bad = (message: string) => ({ error: statusErrors.badRequest(message) });
  if (op.info.verb === 'delete') {
    const tooLarge = bodyTooLarge(p.body, maxBytes);
    if (tooLarge) return { error: tooLarge };
    const parsed = parseBody(p.body);
    if (!parsed.ok) return bad(parsed.message);
    const options = isJsonObject(parsed.value) ? parsed.value : {};
    const graceText = op.query.gracePeriodSeconds;
    const grace =
      graceText !== undefined
        ? Number(graceText)
        : typeof options.gracePeriodSeconds === 'number'
          ? options.gracePeriodSeconds
          : undefined;
    if (grace !== undefined && !Number.isInteger(grace))
      return bad(
        `gracePeriodSeconds: Invalid value: "${String(graceText ?? options.gracePeriodSeconds)}": must be an integer`,
      );
    const policy =
      op.query.propagationPolicy ??
      (typeof options.propagationPolicy === 'string' ? options.propagationPolicy : undefined);
    if (policy !== undefined && !['Foreground', 'Background', 'Orphan'].includes(policy)) {
      return {
        error: statusErrors.invalid('DeleteOptions', '', 'DeleteOptions', '', [
          {
            type: 'FieldValueNotSupported',
            field: 'propagationPolicy',
            badValue: policy,
            detail: 'supported values: "Foreground", "Background", "Orphan"',
          },
        ]),
      };
    }
    const pre = isJsonObject(options.preconditions) ? options.preconditions : undefined;
    const m: Mutation = { type: 'delete' };
    if (grace !== undefined) m.gracePeriodSeconds = grace;
    if (policy !== undefined) m.propagationPolicy = policy;
    if (pre)
      m.preconditions = {
        ...(typeof pre.uid === 'string' ? { uid: pre.uid } : {}),
        ...(typeof pre.resourceVersion === 'string'
          ? { resourceVersion: pre.resourceVersion }
          : {}),
      };
    return m;
  }
  if (op.info.verb === 'patch') {
    const contentType = p.contentType ?? 'application/strategic-merge-patch+json';
    if (!PATCH_TYPES.includes(contentType))
      return { error: statusErrors.unsupportedMediaType(contentType) };
    const tooLarge = bodyTooLarge(p.body, maxBytes);
    if (tooLarge) return { error: tooLarge };
    const parsed = parseBody(p.body);
    if (!parsed.ok) return bad(parsed.message);
    if (op.info.subresource === 'scale')
      return {
        type: 'scale',
        scale: { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: {} },
        patch: { contentType: contentType as PatchContentType, patch: parsed.value },
      };
    return { type: 'patch', contentType: contentType as PatchContentType, patch: parsed.value };
  }
  if (op.info.subresource === 'scale') {
    const decoded = readObjectBody(p.body, maxBytes, resource, 'Scale', 'autoscaling/v1');
    return decoded.ok ? { type: 'scale', scale: decoded.object } : { error: decoded.status };
  }
  const decoded = readObjectBody(p.body, maxBytes, resource);
  return decoded.ok ? { type: 'update', body: decoded.object } : { error: decoded.status };
}
