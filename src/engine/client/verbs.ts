/**
 * One function per REST verb over sendRequest, as a clientset's typed methods read
 * (`Pods(ns).Get(name)`, `.UpdateStatus(pod)`, `.Patch(name, types.MergePatchType, data)`).
 * Each returns the request message id; the reply comes back through takeResponse with `tag`.
 */
import type { PlainObject } from '../../shared/index.ts';
import type { ApiQuery, PatchContentType } from '../api/protocol.ts';
import type { KubeObject } from '../api/objects.ts';
import type { StepContext } from '../sim/component.ts';
import { sendRequest, type ClientState, type RequestOptions } from './requests.ts';
import type { ResourceRef } from './resourceRef.ts';

export interface ListOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion?: string;
  resourceVersionMatch?: string;
  limit?: number;
  continue?: string;
}

export function sendGet(
  client: ClientState,
  ctx: StepContext,
  resource: ResourceRef,
  namespace: string,
  name: string,
  options: RequestOptions,
): string {
  return sendRequest(client, ctx, { verb: 'get', resource, namespace, name }, options);
}

export function sendList(
  client: ClientState,
  ctx: StepContext,
  resource: ResourceRef,
  list: ListOptions,
  options: RequestOptions,
): string {
  const query: ApiQuery = {
    labelSelector: list.labelSelector,
    fieldSelector: list.fieldSelector,
    resourceVersion: list.resourceVersion,
    resourceVersionMatch: list.resourceVersionMatch,
    limit: list.limit === undefined ? undefined : String(list.limit),
    continue: list.continue,
  };
  const spec = { verb: 'list' as const, resource, namespace: list.namespace, query };
  return sendRequest(client, ctx, spec, options);
}

export function sendCreate(
  client: ClientState,
  ctx: StepContext,
  resource: ResourceRef,
  object: KubeObject,
  options: RequestOptions,
): string {
  const namespace = object.metadata.namespace;
  return sendRequest(client, ctx, { verb: 'create', resource, namespace, body: object }, options);
}

/** PUT the whole object (metadata.resourceVersion makes it a compare-and-swap). */
export function sendUpdate(
  client: ClientState,
  ctx: StepContext,
  resource: ResourceRef,
  object: KubeObject,
  options: RequestOptions,
): string {
  return sendRequest(client, ctx, putSpec(resource, object, undefined), options);
}

/** PUT to the status subresource: only .status changes (sample-controller's updateFooStatus). */
export function sendUpdateStatus(
  client: ClientState,
  ctx: StepContext,
  resource: ResourceRef,
  object: KubeObject,
  options: RequestOptions,
): string {
  return sendRequest(client, ctx, putSpec(resource, object, 'status'), options);
}

function putSpec(resource: ResourceRef, object: KubeObject, subresource: string | undefined) {
  return {
    verb: 'update' as const,
    resource,
    namespace: object.metadata.namespace,
    name: object.metadata.name,
    subresource,
    body: object,
  };
}

export interface PatchOptions extends RequestOptions {
  patchType?: PatchContentType;
  subresource?: string;
  fieldManager?: string;
}

export function sendPatch(
  client: ClientState,
  ctx: StepContext,
  resource: ResourceRef,
  namespace: string,
  name: string,
  patch: PlainObject,
  options: PatchOptions,
): string {
  const spec = {
    verb: 'patch' as const,
    resource,
    namespace,
    name,
    subresource: options.subresource,
    body: patch,
    patchType: options.patchType,
    query: { fieldManager: options.fieldManager },
  };
  return sendRequest(client, ctx, spec, options);
}

export interface DeleteOptions extends RequestOptions {
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  gracePeriodSeconds?: number;
  /** metav1.Preconditions: delete only this incarnation / version. */
  preconditions?: { uid?: string; resourceVersion?: string };
}

export function sendDelete(
  client: ClientState,
  ctx: StepContext,
  resource: ResourceRef,
  namespace: string,
  name: string,
  options: DeleteOptions,
): string {
  const body: PlainObject = { kind: 'DeleteOptions', apiVersion: 'v1' };
  if (options.propagationPolicy) body.propagationPolicy = options.propagationPolicy;
  if (options.gracePeriodSeconds !== undefined)
    body.gracePeriodSeconds = options.gracePeriodSeconds;
  if (options.preconditions) body.preconditions = { ...options.preconditions };
  const hasOptions = Object.keys(body).length > 2;
  const spec = {
    verb: 'delete' as const,
    resource,
    namespace,
    name,
    body: hasOptions ? body : undefined,
  };
  return sendRequest(client, ctx, spec, options);
}
