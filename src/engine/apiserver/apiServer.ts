/**
 * kube-apiserver: the only component that talks to etcd, and the hub every other component talks
 * to. Each request passes the real pipeline (authentication, authorization, mutating admission,
 * validation, storage), each stage noted on the request's trace event; watches are served from
 * the watch cache, which etcd watches keep current (events, which have no cache, from etcd).
 */
import type { Component, StepContext } from '../sim/component.ts';
import {
  prefixEnd,
  type EtcdResponsePayload,
  type EtcdWatchPayload,
  type RangeResponse,
  type TxnResponse,
} from '../etcd/protocol.ts';
import { DEFAULT_START_SECONDS } from '../../shared/index.ts';
import { statusErrors } from '../api/status.ts';
import { continueNamespaceLookup, finishCreate } from './handlers/create.ts';
import { finishGet, finishList } from './handlers/read.ts';
import { endWatch, fanOut, removeWatcher } from './handlers/watch.ts';
import { finishEtcdWatchList, onWatcherEtcdWatch } from './handlers/etcdWatch.ts';
import { continueWrite } from './handlers/write.ts';
import { bootstrapNamespaces } from './bootstrap.ts';
import { INTERNAL, sendToEtcd } from './etcdClient.ts';
import { handleRequest } from './pipeline.ts';
import { proxyTimedOut, relayResponse } from './handlers/aggregated.ts';
import { collectItem, finishCollectionList } from './handlers/deleteCollection.ts';
import { reply } from './respond.ts';
import type { ApiServerConfig, ApiServerState } from './state.ts';
import { applyEtcdEvent, cachedRanges, initializeCache, newWatchCache } from './watchCache.ts';

export const DEFAULT_APISERVER_CONFIG: Required<ApiServerConfig> = {
  startSeconds: DEFAULT_START_SECONDS,
  watchCacheCapacity: 1000,
  compactionIntervalMs: 5 * 60 * 1000,
  maxRequestBytes: 3 * 1024 * 1024,
  etcd: 'etcd',
};

export const kubeApiServer: Component<ApiServerState, ApiServerConfig> = {
  type: 'kube-apiserver',
  init(config, ctx) {
    const full = { ...DEFAULT_APISERVER_CONFIG, ...config };
    const state: ApiServerState = {
      config: full,
      cache: newWatchCache(full.watchCacheCapacity),
      etcdWatchIds: [],
      etcdWatchers: new Map(),
      operations: new Map(),
      etcdRequests: new Map(),
      watchers: new Map(),
      watchersByResource: new Map(),
      watchersByIndex: new Map(),
      deferred: [],
      etcdRevision: 0,
      compactTo: 0,
      compacted: 0,
      reservations: { clusterIPs: {}, nodePorts: {} },
      proxied: {},
      collections: {},
      collectionItems: {},
      bootstrapped: false,
    };
    // Like the cacher's reflector: list everything, then watch from that revision.
    ctx.note('starting: filling the watch cache from etcd before serving requests');
    sendToEtcd(state, ctx, INTERNAL.cacheList, {
      op: 'range',
      key: '/registry/',
      rangeEnd: prefixEnd('/registry/'),
    });
    ctx.setTimer(full.compactionIntervalMs, 'compact');
    return state;
  },
  step(state, message, ctx) {
    const p = message.payload;
    switch (p.kind) {
      case 'api.request':
        if (!state.cache.ready) {
          state.deferred.push({ from: message.from, id: message.id, payload: p });
          ctx.note('not ready yet: the watch cache is still loading; request queued');
        } else {
          handleRequest(state, message.from, message.id, p, ctx);
        }
        break;
      case 'api.response':
        if (!relayResponse(state, p, ctx)) collectItem(state, p, ctx);
        break;
      case 'api.watchClose':
        if (removeWatcher(state, p.watchId, ctx))
          ctx.note(`watch ${p.watchId} closed by the client`);
        break;
      case 'etcd.response':
        onEtcdResponse(state, p, ctx);
        break;
      case 'etcd.watch':
        onEtcdWatch(state, p, ctx);
        break;
      case 'timer':
        if (p.name === 'compact') compact(state, ctx);
        else if (p.name === 'watchTimeout') endWatch(state, String(p.data), ctx);
        else if (p.name === 'proxyTimeout') proxyTimedOut(state, String(p.data), ctx);
        break;
      default:
        break;
    }
    return state;
  },
};

function onEtcdResponse(state: ApiServerState, p: EtcdResponsePayload, ctx: StepContext): void {
  if (p.response) sawEtcdRevision(state, p.response.header.revision);
  const opId = state.etcdRequests.get(p.inReplyTo);
  state.etcdRequests.delete(p.inReplyTo);
  if (opId === undefined) return;
  if (opId === INTERNAL.cacheList) return onCacheList(state, p, ctx);
  if (opId === INTERNAL.compact || opId === INTERNAL.cacheWatch) return;
  const op = state.operations.get(opId);
  if (!op) return;
  if (p.error || !p.response) {
    const compacted = p.error?.message.includes('compacted');
    const status = compacted
      ? statusErrors.resourceExpired(
          'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
        )
      : statusErrors.internal(p.error?.message ?? 'no response from etcd');
    reply(ctx, op.client, op.id, status.code, status);
    state.operations.delete(opId);
    return;
  }
  const r = p.response;
  switch (op.stage) {
    case 'read':
      return finishGet(state, op, r as RangeResponse, ctx);
    case 'list':
      return finishList(state, op, r as RangeResponse, ctx);
    case 'watchList':
      return finishEtcdWatchList(state, op, r as RangeResponse, ctx);
    case 'collectionList':
      return finishCollectionList(state, op, r as RangeResponse, ctx);
    case 'nsLookup':
      return continueNamespaceLookup(state, op, (r as RangeResponse).kvs, ctx);
    case 'create':
      return finishCreate(state, op, r as TxnResponse, ctx);
    case 'refresh':
      return continueWrite(state, op, (r as RangeResponse).kvs, undefined, ctx);
    case 'write': {
      const txn = r as TxnResponse;
      const failureRange = txn.succeeded
        ? []
        : ((txn.responses[0] as RangeResponse | undefined)?.kvs ?? []);
      return continueWrite(state, op, failureRange, txn, ctx);
    }
  }
}

function onCacheList(state: ApiServerState, p: EtcdResponsePayload, ctx: StepContext): void {
  const range = p.response as RangeResponse | undefined;
  if (!range)
    throw new Error(`kube-apiserver could not list etcd: ${p.error?.message ?? 'no response'}`);
  initializeCache(state.cache, range.kvs, range.header.revision);
  state.etcdWatchIds = cachedRanges().map(({ key, rangeEnd }) =>
    sendToEtcd(state, ctx, INTERNAL.cacheWatch, {
      op: 'watch',
      key,
      rangeEnd,
      startRevision: range.header.revision + 1,
      prevKv: true,
    }),
  );
  ctx.note(
    `watch cache filled with ${range.kvs.length} object(s) at revision ${range.header.revision}; ready`,
  );
  if (!state.bootstrapped) {
    state.bootstrapped = true;
    bootstrapNamespaces(state, ctx);
  }
  const deferred = state.deferred;
  state.deferred = [];
  for (const d of deferred) handleRequest(state, d.from, d.id, d.payload, ctx);
}

/**
 * etcd's revision as the headers of its answers tell it: the compactor's measure. Unlike the
 * watch cache's revision, it moves with every write, events included.
 */
function sawEtcdRevision(state: ApiServerState, revision: number): void {
  if (revision > state.etcdRevision) state.etcdRevision = revision;
}

function onEtcdWatch(state: ApiServerState, p: EtcdWatchPayload, ctx: StepContext): void {
  sawEtcdRevision(state, p.header.revision);
  if (!state.etcdWatchIds.includes(p.watchId)) {
    const watcher = state.etcdWatchers.get(p.watchId);
    if (watcher !== undefined) onWatcherEtcdWatch(state, watcher, p, ctx);
    return;
  }
  if (p.canceled)
    throw new Error(`kube-apiserver lost its etcd watch: ${p.cancelReason ?? 'canceled'}`);
  let sent = 0;
  for (const e of p.events) {
    const applied = applyEtcdEvent(state.cache, e);
    if (applied) sent += fanOut(state, applied.info, applied.event, ctx);
  }
  if (p.events.length && ctx.tracing)
    ctx.note(`watch cache at revision ${state.cache.revision}; fan-out to ${sent} watcher(s)`);
}

/** The compactor: every interval, compact etcd to the revision it saw one interval ago. */
function compact(state: ApiServerState, ctx: StepContext): void {
  if (state.compactTo > state.compacted) {
    state.compacted = state.compactTo;
    sendToEtcd(state, ctx, INTERNAL.compact, { op: 'compact', revision: state.compactTo });
    ctx.note(`compacting etcd history up to revision ${state.compactTo}`);
  }
  state.compactTo = state.etcdRevision;
  ctx.setTimer(state.config.compactionIntervalMs, 'compact');
}
