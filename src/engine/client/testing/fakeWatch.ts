/**
 * Watches on the fake apiserver: registration, replay from a resourceVersion, fan-out of each
 * change with the watch cache's selector transitions (an object leaving a watch's selector is
 * DELETED for that watch), and the server-side ways a watch ends (timeout, 410 Expired).
 */
import { matchesFields, parseFieldSelector } from '../../api/fields.ts';
import { matchesLabels, parseLabelSelector } from '../../api/labels.ts';
import type { KubeObject } from '../../api/objects.ts';
import type { WatchEventType } from '../../api/protocol.ts';
import { statusErrors } from '../../api/status.ts';
import type { StepContext } from '../../sim/component.ts';
import type { ComponentId } from '../../sim/envelope.ts';
import type { FakeStore, StoredChange } from './fakeStore.ts';

export interface FakeWatch {
  id: string;
  client: ComponentId;
  /** groupResource */
  resource: string;
  kind: string;
  namespace: string;
  labelSelector: string;
  fieldSelector: string;
}

export function watchMatches(w: FakeWatch, obj: KubeObject): boolean {
  if (w.namespace && obj.metadata.namespace !== w.namespace) return false;
  if (w.labelSelector) {
    const parsed = parseLabelSelector(w.labelSelector);
    if (!parsed.ok || !matchesLabels(parsed.selector, obj.metadata.labels ?? undefined))
      return false;
  }
  if (w.fieldSelector) {
    const parsed = parseFieldSelector(w.fieldSelector, w.kind);
    if (!parsed.ok || !matchesFields(parsed.selector, obj)) return false;
  }
  return true;
}

function send(ctx: StepContext, w: FakeWatch, type: WatchEventType, object: KubeObject): void {
  ctx.send(w.client, { kind: 'api.watch', watchId: w.id, type, object });
}

/** Sends one change to a watch if it concerns it. */
export function deliver(ctx: StepContext, w: FakeWatch, change: StoredChange): void {
  if (change.resource !== w.resource) return;
  const now = watchMatches(w, change.object);
  const before =
    change.type !== 'ADDED' &&
    change.prevObject !== undefined &&
    watchMatches(w, change.prevObject);
  if (change.type === 'DELETED') {
    if (before || now) send(ctx, w, 'DELETED', change.object);
  } else if (now) send(ctx, w, before ? 'MODIFIED' : 'ADDED', change.object);
  else if (before) send(ctx, w, 'DELETED', change.object);
}

/**
 * Starts a watch: from "now" with a synthetic ADDED per current object (resourceVersion "" or
 * "0"), or replaying the changes after a resourceVersion; one older than the store's history gets
 * an ERROR 410 Expired and no watch. Returns whether the watch was registered.
 */
export function startFakeWatch(
  store: FakeStore,
  watches: Map<string, FakeWatch>,
  w: FakeWatch,
  resourceVersion: string,
  current: KubeObject[],
  ctx: StepContext,
): boolean {
  ctx.send(w.client, {
    kind: 'api.response',
    inReplyTo: w.id,
    code: 200,
    body: { kind: 'WatchStarted' },
  });
  const rv = Number(resourceVersion || '0');
  if (rv === 0) {
    for (const obj of current) if (watchMatches(w, obj)) send(ctx, w, 'ADDED', obj);
  } else if (rv < store.oldest) {
    const status = statusErrors.resourceExpired(
      `too old resource version: ${rv} (${store.oldest})`,
    );
    ctx.send(w.client, { kind: 'api.watch', watchId: w.id, type: 'ERROR', object: status });
    return false;
  } else {
    for (const change of store.history) if (change.resourceVersion > rv) deliver(ctx, w, change);
  }
  watches.set(w.id, w);
  return true;
}

/** The server ends every watch (timeouts, shutdown): api.watchEnd, and the clients re-watch. */
export function endAllWatches(watches: Map<string, FakeWatch>, ctx: StepContext): void {
  for (const id of [...watches.keys()].sort()) {
    const w = watches.get(id)!;
    watches.delete(id);
    ctx.send(w.client, { kind: 'api.watchEnd', watchId: id });
  }
}

/** Every watch fails with 410 Expired (the watch cache fell too far behind), as an ERROR event. */
export function expireAllWatches(
  store: FakeStore,
  watches: Map<string, FakeWatch>,
  ctx: StepContext,
): void {
  for (const id of [...watches.keys()].sort()) {
    const w = watches.get(id)!;
    watches.delete(id);
    const status = statusErrors.resourceExpired(
      `too old resource version: ${store.oldest} (${store.revision})`,
    );
    ctx.send(w.client, { kind: 'api.watch', watchId: id, type: 'ERROR', object: status });
  }
}
