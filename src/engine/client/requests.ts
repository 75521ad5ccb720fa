/**
 * A typed REST client in the spirit of client-go's clientset: builds `api.request` messages from
 * (resource, namespace, name, subresource, query, body), signs them with the component's
 * credentials, and keeps the requests awaiting a reply as plain data. Each request carries a
 * caller-chosen `tag` (and optional JSON `data`) so the component can route the reply when it
 * arrives in a later step. A request whose reply never comes (apiserver down, partition) times out:
 * a timer sweeps expired requests and hands them back as responses with `timedOut: true`.
 */
import type { JsonValue, PlainObject } from '../../shared/index.ts';
import type { Payload } from '../protocol.ts';
import type {
  ApiQuery,
  ApiRequestPayload,
  Credentials,
  HttpMethod,
  PatchContentType,
} from '../api/protocol.ts';
import type { Verb } from '../api/requestInfo.ts';
import { resourcePath } from '../api/resources.ts';
import type { StatusObject } from '../api/status.ts';
import type { StepContext } from '../sim/component.ts';
import type { ComponentId, Envelope } from '../sim/envelope.ts';
import { resolveResource, type ResourceRef } from './resourceRef.ts';

/** client-go's rest.Config has no default timeout; a simulation needs one to notice a lost reply. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
export const APISERVER: ComponentId = 'kube-apiserver';

export interface ClientConfig {
  /** Names this client's timer; unique within the component (default 'client'). */
  name?: string;
  /** The component's identity, e.g. {type:'x509', commonName:'system:kube-scheduler'}. */
  credentials?: Credentials;
  apiserver?: ComponentId;
  timeoutMs?: number;
}

export interface PendingRequest {
  tag: string;
  data?: JsonValue;
  deadline: number;
  sentAt: number;
  method: HttpMethod;
  path: string;
}

export interface ClientState {
  name: string;
  apiserver: ComponentId;
  credentials?: Credentials;
  timeoutMs: number;
  /** Requests awaiting a reply, by request message id. */
  /** Message id -> the request awaiting its reply (a Map: entries come and go per request). */
  pending: Map<string, PendingRequest>;
  /** When the sweep timers in flight fire, ascending. One is always due at or before the earliest deadline. */
  sweeps: number[];
}

/** The verbs a plain request may carry; watches belong to the Reflector. */
export type RequestVerb = Exclude<Verb, 'watch'>;

export interface RequestSpec {
  verb: RequestVerb;
  resource: ResourceRef;
  namespace?: string;
  name?: string;
  subresource?: string;
  query?: ApiQuery;
  body?: PlainObject;
  /** For patch; default application/merge-patch+json. */
  patchType?: PatchContentType;
}

export interface RequestOptions {
  /** Chosen by the caller to route the reply ('syncPod', 'bind', ...). */
  tag: string;
  /** Anything the caller wants back with the reply (the key being synced, for example). */
  data?: JsonValue;
  timeoutMs?: number;
}

export interface ClientResponse {
  /** The request message id. */
  id: string;
  tag: string;
  data?: JsonValue;
  /** HTTP status code; 0 when the request timed out without a reply. */
  code: number;
  /** The object, list or Status. */
  body: PlainObject;
  timedOut: boolean;
}

const METHOD: Record<RequestVerb, HttpMethod> = {
  get: 'GET',
  list: 'GET',
  create: 'POST',
  update: 'PUT',
  patch: 'PATCH',
  delete: 'DELETE',
  deletecollection: 'DELETE',
};

export function newClient(config: ClientConfig = {}): ClientState {
  const client: ClientState = {
    name: config.name ?? 'client',
    apiserver: config.apiserver ?? APISERVER,
    timeoutMs: config.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    pending: new Map(),
    sweeps: [],
  };
  if (config.credentials) client.credentials = config.credentials;
  return client;
}

/** The timer name a client's sweep uses. */
export function clientTimerName(client: ClientState): string {
  return `client/${client.name}`;
}

/** Builds the request message a spec describes (pure: used by sendRequest and by tests). */
export function buildRequest(
  spec: RequestSpec,
  credentials: Credentials | undefined,
): ApiRequestPayload {
  const info = resolveResource(spec.resource);
  const payload: ApiRequestPayload = {
    kind: 'api.request',
    method: METHOD[spec.verb],
    path: resourcePath(info, spec.namespace, spec.name, spec.subresource),
  };
  const query = spec.query && definedQuery(spec.query);
  if (query) payload.query = query;
  if (spec.body !== undefined) payload.body = spec.body;
  if (spec.verb === 'patch') payload.contentType = spec.patchType ?? 'application/merge-patch+json';
  else if (spec.body !== undefined) payload.contentType = 'application/json';
  if (credentials) payload.credentials = credentials;
  return payload;
}

function definedQuery(query: ApiQuery): ApiQuery | undefined {
  const out: ApiQuery = {};
  let any = false;
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === '') continue;
    out[k] = v;
    any = true;
  }
  return any ? out : undefined;
}

/** Sends a request and remembers it under its message id, which it returns. */
export function sendRequest(
  client: ClientState,
  ctx: StepContext,
  spec: RequestSpec,
  options: RequestOptions,
): string {
  const payload = buildRequest(spec, client.credentials);
  const id = ctx.send(client.apiserver, payload);
  const deadline = ctx.now + (options.timeoutMs ?? client.timeoutMs);
  const pending: PendingRequest = {
    tag: options.tag,
    deadline,
    sentAt: ctx.now,
    method: payload.method,
    path: payload.path,
  };
  if (options.data !== undefined) pending.data = options.data;
  client.pending.set(id, pending);
  armSweep(client, ctx, deadline);
  return id;
}

function armSweep(client: ClientState, ctx: StepContext, deadline: number): void {
  if (client.sweeps.some((t) => t <= deadline)) return;
  ctx.setTimer(deadline - ctx.now, clientTimerName(client), { at: deadline });
  client.sweeps.push(deadline);
  client.sweeps.sort((a, b) => a - b);
}

/** Claims a reply to one of this client's requests; undefined if the message is not one. */
export function takeResponse(client: ClientState, message: Envelope): ClientResponse | undefined {
  const p = message.payload;
  if (p.kind !== 'api.response') return undefined;
  const pending = client.pending.get(p.inReplyTo);
  if (!pending) return undefined;
  client.pending.delete(p.inReplyTo);
  return respond(p.inReplyTo, pending, p.code, p.body, false);
}

/**
 * Handles this client's sweep timer: returns the requests whose deadline passed (as timed-out
 * responses, oldest deadline first), or undefined if the message is not this client's timer.
 */
export function sweepTimeouts(
  client: ClientState,
  message: Envelope,
  ctx: StepContext,
): ClientResponse[] | undefined {
  const p: Payload = message.payload;
  if (p.kind !== 'timer' || p.name !== clientTimerName(client)) return undefined;
  const at = (p.data as { at?: unknown } | undefined)?.at;
  const i = client.sweeps.indexOf(typeof at === 'number' ? at : NaN);
  if (i >= 0) client.sweeps.splice(i, 1);
  const expired = [...client.pending]
    .filter(([, r]) => r.deadline <= ctx.now)
    .sort(([ia, a], [ib, b]) => a.deadline - b.deadline || (ia < ib ? -1 : 1));
  const out: ClientResponse[] = [];
  for (const [id, r] of expired) {
    client.pending.delete(id);
    out.push(respond(id, r, 0, timeoutStatus(r), true));
  }
  let next = Number.POSITIVE_INFINITY;
  for (const r of client.pending.values()) if (r.deadline < next) next = r.deadline;
  if (Number.isFinite(next)) armSweep(client, ctx, next);
  return out;
}

/** takeResponse, then sweepTimeouts: every ClientResponse a message yields, or undefined. */
export function clientHandle(
  client: ClientState,
  message: Envelope,
  ctx: StepContext,
): ClientResponse[] | undefined {
  const response = takeResponse(client, message);
  if (response) return [response];
  return sweepTimeouts(client, message, ctx);
}

export function pendingCount(client: ClientState): number {
  return client.pending.size;
}

function respond(
  id: string,
  pending: PendingRequest,
  code: number,
  body: PlainObject,
  timedOut: boolean,
): ClientResponse {
  const r: ClientResponse = { id, tag: pending.tag, code, body, timedOut };
  if (pending.data !== undefined) r.data = pending.data;
  return r;
}

/** What Go's HTTP client reports when no reply arrives before the deadline. */
function timeoutStatus(r: PendingRequest): StatusObject {
  const method = r.method.charAt(0) + r.method.slice(1).toLowerCase();
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    reason: 'Timeout',
    message: `${method} "https://kube-apiserver${r.path}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
    code: 0,
  };
}
