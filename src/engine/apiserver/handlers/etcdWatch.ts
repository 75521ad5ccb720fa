/**
 * Watches of resources without a watch cache (events), served as the etcd3 store serves them:
 * each API watch opens its own etcd watch on the resource's prefix. From resourceVersion 0 it
 * first lists the current objects and sends each as ADDED, then watches from the list's
 * revision; from a resourceVersion it watches from the next revision, and a revision etcd has
 * compacted ends the watch with 410 Expired.
 */
import type { StepContext } from '../../sim/component.ts';
import { prefixEnd, type EtcdWatchPayload, type RangeResponse } from '../../etcd/protocol.ts';
import { etcdListPrefix } from '../../api/resources.ts';
import { statusErrors } from '../../api/status.ts';
import { sendToEtcd } from '../etcdClient.ts';
import { reply, resourceByKey } from '../respond.ts';
import type { ApiServerState, Operation, Watcher } from '../state.ts';
import { decodeKeyValue, watchEventOf } from '../watchCache.ts';
import { deliverTo, removeWatcher, sendInitialEvents } from './watch.ts';

/** interpretWatchError: the etcd3 store's answer to a watch from a compacted revision. */
export const WATCH_TOO_OLD = 'The resourceVersion for the provided watch is too old.';

function prefixOf(op: Operation): string {
  return etcdListPrefix(resourceByKey(op.resourceKey), op.info.namespace);
}

export function startEtcdWatch(
  state: ApiServerState,
  op: Operation,
  watcher: Watcher,
  rv: number,
  ctx: StepContext,
): void {
  // Registered at once, so the client can close it (or its timeout end it) before etcd answers.
  state.watchers.set(watcher.id, watcher);
  const prefix = prefixOf(op);
  if (rv === 0) {
    op.stage = 'watchList';
    op.watcher = watcher;
    state.operations.set(op.id, op);
    sendToEtcd(state, ctx, op.id, { op: 'range', key: prefix, rangeEnd: prefixEnd(prefix) });
    return;
  }
  reply(ctx, op.client, op.id, 200, { kind: 'WatchStarted' });
  openEtcdWatch(state, watcher, prefix, rv + 1, ctx);
  if (ctx.tracing) ctx.note(`no watch cache for ${prefix}: watching etcd from revision ${rv + 1}`);
}

/** The initial list of a watch from resourceVersion 0: every current object as ADDED. */
export function finishEtcdWatchList(
  state: ApiServerState,
  op: Operation,
  range: RangeResponse,
  ctx: StepContext,
): void {
  state.operations.delete(op.id);
  const watcher = op.watcher!;
  // Closed, or timed out, while the list was on its way: nothing more to send.
  if (state.watchers.get(watcher.id) !== watcher) return;
  reply(ctx, op.client, op.id, 200, { kind: 'WatchStarted' });
  const count = sendInitialEvents(ctx, watcher, range.kvs.map(decodeKeyValue));
  const prefix = prefixOf(op);
  openEtcdWatch(state, watcher, prefix, range.header.revision + 1, ctx);
  ctx.note(
    `no watch cache for ${prefix}: listed etcd at revision ${range.header.revision} (${count} ADDED), then watching etcd`,
  );
}

function openEtcdWatch(
  state: ApiServerState,
  watcher: Watcher,
  prefix: string,
  startRevision: number,
  ctx: StepContext,
): void {
  watcher.startAfter = startRevision - 1;
  watcher.etcdWatchId = sendToEtcd(state, ctx, watcher.id, {
    op: 'watch',
    key: prefix,
    rangeEnd: prefixEnd(prefix),
    startRevision,
    prevKv: true,
  });
  state.etcdWatchers.set(watcher.etcdWatchId, watcher.id);
}

/** What the etcd watch behind an API watch sent: its events, or its end. */
export function onWatcherEtcdWatch(
  state: ApiServerState,
  watcherId: string,
  p: EtcdWatchPayload,
  ctx: StepContext,
): void {
  const w = state.watchers.get(watcherId);
  if (!w) return;
  if (p.canceled) {
    // etcd has dropped this watch already: nothing to cancel there.
    state.etcdWatchers.delete(p.watchId);
    delete w.etcdWatchId;
    removeWatcher(state, watcherId, ctx);
    ctx.send(w.client, {
      kind: 'api.watch',
      watchId: w.id,
      type: 'ERROR',
      object: statusErrors.resourceExpired(WATCH_TOO_OLD),
    });
    ctx.note(`etcd compacted past the watch's revision: 410 Expired`);
    return;
  }
  for (const e of p.events) {
    const event = watchEventOf(e, e.prevKv ? decodeKeyValue(e.prevKv) : undefined);
    if (event) deliverTo(ctx, w, w.filter, event);
  }
}
