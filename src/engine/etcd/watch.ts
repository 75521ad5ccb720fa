/**
 * Watches (server/storage/mvcc watchable_store.go): a watcher follows a key or a range from a
 * start revision. Past revisions are replayed from the store's history first, then new revisions
 * are sent as they are written, one message per revision (the events of one txn travel together).
 * A start revision older than the compaction point cannot be served: the watch is cancelled with
 * the compaction revision, which is how a client learns it has to re-list.
 */
import type { ComponentId } from '../sim/envelope.ts';
import { ErrCompacted } from './errors.ts';
import { inRange } from './keyRange.ts';
import type { MvccStore, RevisionEvents } from './mvcc.ts';
import type { EtcdEvent, EtcdWatchPayload, WatchCreateRequest } from './protocol.ts';

export interface Watcher {
  id: string;
  owner: ComponentId;
  key: string;
  rangeEnd?: string;
  prevKv: boolean;
  /** The first revision this watcher has not been sent yet. */
  nextRevision: number;
}

/** What creating a watch produced: the watcher (absent if it was cancelled) and its first messages. */
export interface WatchStart {
  watcher?: Watcher;
  messages: EtcdWatchPayload[];
}

/** The events of one revision that a watcher should see, prevKv kept only if it asked for it. */
export function eventsFor(w: Watcher, store: MvccStore, entry: RevisionEvents): EtcdEvent[] {
  const out: EtcdEvent[] = [];
  for (const event of entry.events) {
    if (!inRange(event.kv.key, w.key, w.rangeEnd)) continue;
    // etcd reads prevKv at modRevision - 1, which compaction may have removed.
    const prevReadable = event.kv.modRevision - 1 >= store.compactRevision;
    if (w.prevKv && event.prevKv && prevReadable) out.push(event);
    else out.push({ type: event.type, kv: event.kv });
  }
  return out;
}

/** Index of the first history entry at or after `rev`. */
function historyIndex(history: readonly RevisionEvents[], rev: number): number {
  let lo = 0;
  let hi = history.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (history[mid]!.revision < rev) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Creates a watcher. The request's key and range follow etcd's watch server: an empty key means
 * '\0' (the smallest key), and a startRevision of 0 means "after the current revision".
 */
export function createWatcher(
  store: MvccStore,
  id: string,
  owner: ComponentId,
  req: WatchCreateRequest,
): WatchStart {
  const start = req.startRevision ?? 0;
  if (start > 0 && start < store.compactRevision) {
    return {
      messages: [
        {
          kind: 'etcd.watch',
          watchId: id,
          // etcd's compaction response carries no revision of its own.
          header: { revision: 0 },
          events: [],
          compactRevision: store.compactRevision,
          canceled: true,
          cancelReason: ErrCompacted.message,
        },
      ],
    };
  }
  const watcher: Watcher = {
    id,
    owner,
    key: req.key === '' ? '\0' : req.key,
    prevKv: req.prevKv ?? false,
    nextRevision: start > 0 ? start : store.revision + 1,
  };
  if (req.rangeEnd !== undefined && req.rangeEnd !== '') watcher.rangeEnd = req.rangeEnd;
  const messages: EtcdWatchPayload[] = [];
  const history = store.history;
  for (let i = historyIndex(history, watcher.nextRevision); i < history.length; i++) {
    const entry = history[i]!;
    const events = eventsFor(watcher, store, entry);
    // A catching-up watcher's responses carry the store's current revision, as etcd's do.
    if (events.length) messages.push(watchMessage(id, store.revision, events));
  }
  watcher.nextRevision = Math.max(watcher.nextRevision, store.revision + 1);
  return { watcher, messages };
}

function watchMessage(watchId: string, revision: number, events: EtcdEvent[]): EtcdWatchPayload {
  return { kind: 'etcd.watch', watchId, header: { revision }, events };
}

/**
 * What a newly written revision means for one watcher: a message if any of its events concern
 * the watcher (and it has not been sent that revision yet). Advances the watcher.
 */
export function notifyWatcher(
  w: Watcher,
  store: MvccStore,
  entry: RevisionEvents,
): EtcdWatchPayload | undefined {
  if (entry.revision < w.nextRevision) return undefined;
  w.nextRevision = entry.revision + 1;
  const events = eventsFor(w, store, entry);
  return events.length ? watchMessage(w.id, entry.revision, events) : undefined;
}
