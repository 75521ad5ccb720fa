/**
 * A fake apiserver Component for client tests, in the spirit of sample-controller's fixture and
 * client-go's fake clientset: preloaded objects in an in-memory store with increasing
 * resourceVersions; get, list, watch, create, update, patch and delete (plus pods/binding);
 * watch streams; reactors that make a verb on a resource fail with a Status (or never answer);
 * and every request recorded as an action. Register it under the id 'kube-apiserver'.
 *
 * Tests steer it with self-addressed control timers ('fake/control', data {op}) for what needs
 * to send messages ('endWatches', 'expireWatches'), or through its state for the rest.
 */
import { isJsonObject } from '../../../shared/index.ts';
import type { KubeObject } from '../../api/objects.ts';
import type { ApiRequestPayload } from '../../api/protocol.ts';
import { parseRequestPath, type RequestInfo, type Verb } from '../../api/requestInfo.ts';
import { findResource, groupResource, type ResourceInfo } from '../../api/resources.ts';
import type { StatusObject } from '../../api/status.ts';
import type { Component, StepContext } from '../../sim/component.ts';
import type { Envelope } from '../../sim/envelope.ts';
import type { FakeAction } from './actions.ts';
import { handleRead, handleWrite } from './fakeHandlers.ts';
import { newFakeStore, storeCompact, storeWrite, type FakeStore } from './fakeStore.ts';
import { endAllWatches, expireAllWatches, type FakeWatch } from './fakeWatch.ts';

export interface Reactor {
  /** Matches any verb / resource when omitted. resource is group-qualified: 'deployments.apps'. */
  verb?: Verb;
  resource?: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  /** Reply with this Status and its code... */
  status?: StatusObject;
  /** ...or never reply (a lost request). */
  drop?: boolean;
  /** How many requests it catches before it is removed; every one when omitted. */
  times?: number;
}

export interface FakeApiServerConfig {
  objects?: KubeObject[];
  /** End watches after their timeoutSeconds, as the real apiserver does (default true). */
  honorWatchTimeout?: boolean;
}

export interface FakeApiServerState {
  store: FakeStore;
  watches: Map<string, FakeWatch>;
  actions: FakeAction[];
  reactors: Reactor[];
  honorWatchTimeout: boolean;
}

export type FakeControl = { op: 'endWatches' } | { op: 'expireWatches' } | { op: 'compact' };
export const FAKE_CONTROL_TIMER = 'fake/control';
const WATCH_TIMEOUT_TIMER = 'fake/watchTimeout';

/** Adds a reactor in front of the others (client-go's PrependReactor). */
export function prependReactor(state: FakeApiServerState, reactor: Reactor): void {
  state.reactors.unshift({ ...reactor });
}

function recordAction(
  state: FakeApiServerState,
  message: Envelope,
  p: ApiRequestPayload,
  info: RequestInfo,
  gr: string,
) {
  const action: FakeAction = {
    from: message.from,
    user: p.credentials?.type === 'x509' ? p.credentials.commonName : '',
    verb: info.verb,
    resource: gr,
    namespace: info.namespace,
    name: info.name,
    subresource: info.subresource,
  };
  if (p.query && Object.keys(p.query).length) action.query = { ...p.query };
  if (p.body !== undefined) action.body = p.body;
  state.actions.push(action);
}

function react(state: FakeApiServerState, info: RequestInfo, gr: string): Reactor | undefined {
  const i = state.reactors.findIndex(
    (r) =>
      (r.verb === undefined || r.verb === info.verb) &&
      (r.resource === undefined || r.resource === gr) &&
      (r.subresource === undefined || r.subresource === info.subresource) &&
      (r.namespace === undefined || r.namespace === info.namespace) &&
      (r.name === undefined || r.name === info.name),
  );
  const reactor = state.reactors[i];
  if (!reactor) return undefined;
  if (reactor.times !== undefined && --reactor.times <= 0) state.reactors.splice(i, 1);
  return reactor;
}

function onRequest(
  state: FakeApiServerState,
  message: Envelope<ApiRequestPayload>,
  ctx: StepContext,
) {
  const p = message.payload;
  const reply = (code: number, body: Record<string, unknown>) =>
    ctx.send(message.from, { kind: 'api.response', inReplyTo: message.id, code, body });
  const info = parseRequestPath(p.method, p.path, p.query);
  const resource: ResourceInfo | undefined = info && findResource(info.apiGroup, info.resource);
  if (!info || !resource) {
    reply(404, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      reason: 'NotFound',
      message: 'the server could not find the requested resource',
      code: 404,
    });
    return;
  }
  const gr = groupResource(resource);
  recordAction(state, message, p, info, gr);
  const reactor = react(state, info, gr);
  if (reactor) {
    ctx.note(
      `fake apiserver: reactor for ${info.verb} ${gr}: ${reactor.drop ? 'no reply' : reactor.status?.code}`,
    );
    if (!reactor.drop && reactor.status) reply(reactor.status.code, reactor.status);
    return;
  }
  const req = { id: message.id, from: message.from, payload: p, info, resource, reply };
  if (info.verb === 'get' || info.verb === 'list' || info.verb === 'watch') {
    const timeoutSeconds = handleRead(state, req, ctx);
    if (timeoutSeconds > 0 && state.honorWatchTimeout)
      ctx.setTimer(timeoutSeconds * 1000, WATCH_TIMEOUT_TIMER, message.id);
  } else handleWrite(state, req, ctx);
}

function onTimer(state: FakeApiServerState, name: string, data: unknown, ctx: StepContext) {
  if (name === WATCH_TIMEOUT_TIMER && typeof data === 'string') {
    const w = state.watches.get(data);
    if (!w) return;
    state.watches.delete(data);
    ctx.send(w.client, { kind: 'api.watchEnd', watchId: data });
  } else if (name === FAKE_CONTROL_TIMER && isJsonObject(data)) {
    const op = (data as FakeControl).op;
    if (op === 'endWatches') endAllWatches(state.watches, ctx);
    else if (op === 'expireWatches') {
      storeCompact(state.store);
      expireAllWatches(state.store, state.watches, ctx);
    } else if (op === 'compact') storeCompact(state.store);
  }
}

export const fakeApiServer: Component<FakeApiServerState, FakeApiServerConfig> = {
  type: 'fake-apiserver',
  init(config) {
    const store = newFakeStore();
    for (const obj of config.objects ?? []) storeWrite(store, 'ADDED', structuredClone(obj));
    store.history = [];
    store.oldest = store.revision;
    return {
      store,
      watches: new Map(),
      actions: [],
      reactors: [],
      honorWatchTimeout: config.honorWatchTimeout ?? true,
    };
  },
  step(state, message, ctx) {
    const p = message.payload;
    if (p.kind === 'api.request') onRequest(state, message as Envelope<ApiRequestPayload>, ctx);
    else if (p.kind === 'api.watchClose') state.watches.delete(p.watchId);
    else if (p.kind === 'timer') onTimer(state, p.name, p.data, ctx);
    return state;
  },
};
