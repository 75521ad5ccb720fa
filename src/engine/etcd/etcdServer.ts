/**
 * The etcd member as a component: it serves the v3 KV API (range, put, delete, txn, compact) and
 * watches over `etcd.request` messages, answering each with an `etcd.response` to its sender, and
 * streams `etcd.watch` messages to watchers. A single member: no raft, no leases, no auth.
 *
 * Compaction is not automatic here: kube-apiserver's compactor asks for it (every 5 minutes by
 * default), as it does against a real etcd.
 */
import type { Component, StepContext } from '../sim/component.ts';
import type { ComponentId, Envelope } from '../sim/envelope.ts';
import { compact } from './compact.ts';
import { ok, type EtcdResult } from './errors.ts';
import type { EtcdLimits } from './limits.ts';
import { createStore, deleteRange, put, range, type MvccStore } from './mvcc.ts';
import type {
  EtcdOp,
  EtcdOpResponse,
  EtcdRequestPayload,
  KeyValue,
  WatchCreateRequest,
} from './protocol.ts';
import { txn } from './txn.ts';
import { createWatcher, notifyWatcher, type Watcher } from './watch.ts';

export type EtcdConfig = Partial<EtcdLimits>;

export interface EtcdState {
  store: MvccStore;
  /** Watchers by watch id (the id of the request that created them), in creation order. */
  watchers: Map<string, Watcher>;
}

function describeKv(kv: KeyValue): string {
  return `${kv.key} rev ${kv.modRevision} (version ${kv.version})`;
}

/** Short notes for the visualizer: what a successful request did. */
function describe(op: EtcdOp, response: EtcdOpResponse): string | undefined {
  switch (response.op) {
    case 'put':
      return op.op === 'put' ? `put ${op.key} at rev ${response.header.revision}` : undefined;
    case 'deleteRange':
      return `deleted ${response.deleted} key(s)${response.deleted ? ` at rev ${response.header.revision}` : ''}`;
    case 'range':
      return response.kvs.length === 1
        ? `read ${describeKv(response.kvs[0]!)}`
        : `read ${response.kvs.length} of ${response.count} key(s)${response.more ? ' (more)' : ''}`;
    case 'txn':
      return response.succeeded ? `txn succeeded at rev ${response.header.revision}` : undefined;
    default:
      return undefined;
  }
}

/** Sends the new revision's events to every watcher they concern. */
function notifyWatchers(state: EtcdState, ctx: StepContext): void {
  const entry = state.store.history.at(-1);
  if (!entry) return;
  for (const watcher of state.watchers.values()) {
    const message = notifyWatcher(watcher, state.store, entry);
    if (message) ctx.send(watcher.owner, message);
  }
}

function startWatch(
  state: EtcdState,
  message: Envelope<EtcdRequestPayload>,
  req: WatchCreateRequest,
  ctx: StepContext,
): void {
  const store = state.store;
  const { watcher, messages } = createWatcher(store, message.id, message.from, req);
  // The created response goes first; replayed events (or the cancellation) follow it.
  reply(
    ctx,
    message,
    ok({ op: 'watch', header: { revision: store.revision }, watchId: message.id }),
  );
  if (watcher) {
    state.watchers.set(watcher.id, watcher);
    const replayed = messages.length ? `, replaying ${messages.length} revision(s)` : '';
    ctx.note(
      `watch ${req.key}${req.rangeEnd ? ' (range)' : ''} from ${req.startRevision ? `rev ${req.startRevision}` : 'now'}${replayed}`,
    );
  } else {
    ctx.note(
      `watch from rev ${req.startRevision ?? 0} canceled: compacted at rev ${store.compactRevision}`,
    );
  }
  for (const payload of messages) ctx.send(message.from, payload);
}

function reply(ctx: StepContext, message: Envelope, result: EtcdResult<EtcdOpResponse>): void {
  if (result.ok) {
    ctx.send(message.from, {
      kind: 'etcd.response',
      inReplyTo: message.id,
      response: result.response,
    });
  } else {
    ctx.note(`refused: ${result.error.message}`);
    ctx.send(message.from, { kind: 'etcd.response', inReplyTo: message.id, error: result.error });
  }
}

function cancelWatch(
  state: EtcdState,
  from: ComponentId,
  watchId: string,
  ctx: StepContext,
): EtcdResult<EtcdOpResponse> {
  const watcher = state.watchers.get(watchId);
  if (watcher && watcher.owner === from) {
    state.watchers.delete(watchId);
    ctx.note(`watch ${watchId} canceled`);
  } else ctx.note(`no watch ${watchId} to cancel`);
  return ok<EtcdOpResponse>({ op: 'cancelWatch', header: { revision: state.store.revision } });
}

function handle(state: EtcdState, message: Envelope<EtcdRequestPayload>, ctx: StepContext): void {
  const op = message.payload.request;
  const store = state.store;
  const before = store.revision;
  let result: EtcdResult<EtcdOpResponse>;
  switch (op.op) {
    case 'range':
      result = range(store, op);
      break;
    case 'put':
      result = put(store, op);
      break;
    case 'deleteRange':
      result = deleteRange(store, op);
      break;
    case 'txn':
      result = txn(store, op);
      break;
    case 'compact':
      result = compact(store, op.revision);
      break;
    case 'cancelWatch':
      result = cancelWatch(state, message.from, op.watchId, ctx);
      break;
    case 'watch':
      startWatch(state, message, op, ctx);
      return;
  }
  if (result.ok && ctx.tracing) {
    const text = result.note ?? describe(op, result.response);
    if (text) ctx.note(text);
  }
  reply(ctx, message, result);
  if (store.revision !== before) notifyWatchers(state, ctx);
}

function isRequest(message: Envelope): message is Envelope<EtcdRequestPayload> {
  return message.payload.kind === 'etcd.request';
}

export const etcd: Component<EtcdState, EtcdConfig> = {
  type: 'etcd',
  init(config) {
    const limits: Partial<EtcdLimits> = {};
    if (config?.maxRequestBytes !== undefined) limits.maxRequestBytes = config.maxRequestBytes;
    if (config?.maxTxnOps !== undefined) limits.maxTxnOps = config.maxTxnOps;
    return { store: createStore(limits), watchers: new Map() };
  },
  step(state, message, ctx) {
    if (isRequest(message)) handle(state, message, ctx);
    else ctx.note(`ignored ${message.payload.kind}`);
    return state;
  },
};
