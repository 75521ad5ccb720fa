/**
 * client-go's Reflector (tools/cache/reflector.go) as a state machine over messages: list (in
 * pages), then watch from the list's resourceVersion; on a normal end of the watch re-watch from
 * the last resourceVersion seen; on any failure (an error reply, a watch ERROR event such as 410
 * Expired, a very short watch, a request that times out) back off and list again, as
 * wait.BackoffUntil(ListAndWatch) does. What it learns it hands to its store (the Informer) as
 * outputs: a `replace` after each complete list and an `event` per watch event.
 */
import { nextFloat, type PlainObject } from '../../shared/index.ts';
import type { ApiQuery, WatchEventType } from '../api/protocol.ts';
import type { KubeObject } from '../api/objects.ts';
import type { StepContext } from '../sim/component.ts';
import type { Envelope } from '../sim/envelope.ts';
import { nextBackoff } from './backoff.ts';
import { isResourceExpired, messageOf } from './errors.ts';
import { buildRequest } from './requests.ts';
import {
  newWatchState,
  reflectorTimerName,
  type ReflectorOutput,
  type ReflectorState,
} from './reflectorState.ts';

const RETIRED_KEPT = 16;

/** Run: the first ListAndWatch starts at once. */
export function reflectorStart(r: ReflectorState, ctx: StepContext): void {
  if (r.phase === 'idle' || r.phase === 'stopped') startList(r, ctx);
}

/** Stops the reflector, closing its watch. */
export function reflectorStop(r: ReflectorState, ctx: StepContext): void {
  abandon(r, ctx);
  r.phase = 'stopped';
  r.timerGen++;
}

/** relistResourceVersion: "0" first (any cached state), then the last seen RV, "" after a 410. */
function relistResourceVersion(r: ReflectorState): string {
  if (r.lastSyncResourceVersionUnavailable) return '';
  return r.lastSyncResourceVersion === '' ? '0' : r.lastSyncResourceVersion;
}

function send(r: ReflectorState, ctx: StepContext, query: ApiQuery): string {
  const spec = { verb: 'list' as const, resource: r.resource, namespace: r.namespace, query };
  return ctx.send(r.apiserver, buildRequest(spec, r.credentials));
}

function arm(r: ReflectorState, ctx: StepContext, delayMs: number): void {
  r.timerGen++;
  ctx.setTimer(Math.max(0, delayMs), reflectorTimerName(r), { gen: r.timerGen });
}

function startList(r: ReflectorState, ctx: StepContext, continueToken?: string): void {
  const rv = relistResourceVersion(r);
  // Lists from a specific RV are served whole from the watch cache: no paging (client-go's pager
  // is switched off for them unless the server paged before).
  const paged = r.paginatedResult || rv === '' || rv === '0';
  const query: ApiQuery = {
    labelSelector: r.labelSelector || undefined,
    fieldSelector: r.fieldSelector || undefined,
    limit: paged && r.options.pageSize > 0 ? String(r.options.pageSize) : undefined,
  };
  if (continueToken) query.continue = continueToken;
  else {
    query.resourceVersion = rv || undefined;
    r.listItems = [];
  }
  r.phase = 'listing';
  r.requestId = send(r, ctx, query);
  arm(r, ctx, r.options.requestTimeoutMs);
}

function startWatch(r: ReflectorState, ctx: StepContext): void {
  const min = r.options.minWatchTimeoutMs / 1000;
  const timeoutSeconds = Math.floor(min * (nextFloat(ctx.rng) + 1));
  const query: ApiQuery = {
    allowWatchBookmarks: 'true',
    fieldSelector: r.fieldSelector || undefined,
    labelSelector: r.labelSelector || undefined,
    resourceVersion: r.lastSyncResourceVersion,
    timeoutSeconds: String(timeoutSeconds),
    watch: 'true',
  };
  r.phase = 'watchStarting';
  r.requestId = send(r, ctx, query);
  r.watch = { ...newWatchState(), requestedAt: ctx.now, timeoutSeconds };
  r.watches++;
  arm(r, ctx, r.options.requestTimeoutMs);
}

function watchStarted(r: ReflectorState, ctx: StepContext): void {
  r.phase = 'watching';
  const deadline =
    r.watch.requestedAt + r.watch.timeoutSeconds * 1000 + r.options.watchLivenessMarginMs;
  arm(r, ctx, deadline - ctx.now);
}

/** Forgets the current request or watch; an open watch is closed as dropping the connection would. */
function abandon(r: ReflectorState, ctx: StepContext): void {
  if (r.requestId === null) return;
  if (r.phase === 'watching' || r.phase === 'watchStarting')
    ctx.send(r.apiserver, { kind: 'api.watchClose', watchId: r.requestId });
  retire(r, r.requestId);
}

function retire(r: ReflectorState, id: string): void {
  r.retired.push(id);
  if (r.retired.length > RETIRED_KEPT) r.retired.shift();
  if (r.requestId === id) r.requestId = null;
}

/** ListAndWatch returned: wait out the back-off, then list again. */
function failAndBackOff(r: ReflectorState, ctx: StepContext, error: string): void {
  abandon(r, ctx);
  r.lastError = error;
  r.phase = 'backingOff';
  const delay = nextBackoff(r.backoff, ctx.now, ctx.rng);
  ctx.note(`reflector ${r.name}: ${error}; backing off ${delay}ms before re-listing`);
  arm(r, ctx, delay);
}

/** The watch ended without an error: watch again from the last RV, unless it was suspiciously short. */
function watchEnded(r: ReflectorState, ctx: StepContext): void {
  if (ctx.now - r.watch.requestedAt < 1000 && r.watch.events === 0) {
    failAndBackOff(
      r,
      ctx,
      `very short watch: Unexpected watch close - watch lasted less than a second and no items received`,
    );
    return;
  }
  startWatch(r, ctx);
}

function listPage(r: ReflectorState, ctx: StepContext, body: PlainObject): ReflectorOutput[] {
  const items = Array.isArray(body.items) ? (body.items as KubeObject[]) : [];
  r.listItems.push(...items);
  const meta = (body.metadata ?? {}) as { resourceVersion?: string; continue?: string };
  if (meta.continue) {
    r.paginatedResult = true;
    startList(r, ctx, meta.continue);
    return [];
  }
  const resourceVersion = meta.resourceVersion ?? '';
  const listed = r.listItems;
  r.listItems = [];
  r.lastSyncResourceVersion = resourceVersion;
  r.lastSyncResourceVersionUnavailable = false;
  r.lists++;
  ctx.note(`reflector ${r.name}: listed ${listed.length} at resourceVersion ${resourceVersion}`);
  startWatch(r, ctx);
  return [{ type: 'replace', items: listed, resourceVersion }];
}

function onResponse(
  r: ReflectorState,
  ctx: StepContext,
  code: number,
  body: PlainObject,
): ReflectorOutput[] {
  const reply = { code, body };
  if (r.phase === 'listing') {
    if (code === 200) return listPage(r, ctx, body);
    const tooLarge = code === 504 && messageOf(reply).includes('Too large resource version');
    if ((isResourceExpired(reply) || tooLarge) && !r.lastSyncResourceVersionUnavailable) {
      // Retry at once from etcd: the RV we asked for is not available.
      r.lastSyncResourceVersionUnavailable = true;
      retire(r, r.requestId!);
      startList(r, ctx);
      return [];
    }
    failAndBackOff(r, ctx, `failed to list ${r.resource.resource}: ${code} ${messageOf(reply)}`);
    return [];
  }
  if (code === 200) {
    // Already running if an event overtook this reply.
    if (r.phase === 'watchStarting') watchStarted(r, ctx);
    return [];
  }
  retire(r, r.requestId!); // refused: there is no watch to close
  failAndBackOff(r, ctx, `failed to watch ${r.resource.resource}: ${code} ${messageOf(reply)}`);
  return [];
}

function onWatchEvent(
  r: ReflectorState,
  ctx: StepContext,
  type: WatchEventType,
  object: PlainObject,
): ReflectorOutput[] {
  // An event can overtake the reply that started its watch on a jittery link.
  if (r.phase === 'watchStarting') watchStarted(r, ctx);
  r.watch.events++;
  if (type === 'ERROR') {
    retire(r, r.requestId!); // the server ended this watch
    failAndBackOff(
      r,
      ctx,
      `watch of ${r.resource.resource} ended with: ${messageOf({ code: 0, body: object })}`,
    );
    return [];
  }
  const rv = (object as KubeObject).metadata?.resourceVersion;
  if (rv) r.lastSyncResourceVersion = rv;
  if (type === 'BOOKMARK') return [];
  return [{ type: 'event', eventType: type, object: object as KubeObject }];
}

function onTimer(r: ReflectorState, ctx: StepContext): void {
  switch (r.phase) {
    case 'backingOff':
      startList(r, ctx);
      return;
    case 'listing':
      failAndBackOff(r, ctx, `list of ${r.resource.resource} timed out`);
      return;
    case 'watchStarting':
      failAndBackOff(r, ctx, `watch of ${r.resource.resource} timed out`);
      return;
    case 'watching':
      // Neither events nor the server's end arrived by the deadline: the connection is dead.
      ctx.note(`reflector ${r.name}: watch presumed dead, watching again`);
      abandon(r, ctx);
      startWatch(r, ctx);
      return;
    default:
      return;
  }
}

/** Handles a message if it belongs to this reflector; undefined otherwise. */
export function reflectorHandle(
  r: ReflectorState,
  message: Envelope,
  ctx: StepContext,
): ReflectorOutput[] | undefined {
  const p = message.payload;
  switch (p.kind) {
    case 'timer': {
      if (p.name !== reflectorTimerName(r)) return undefined;
      if ((p.data as { gen?: unknown } | undefined)?.gen === r.timerGen) onTimer(r, ctx);
      return [];
    }
    case 'api.response':
      if (p.inReplyTo === r.requestId) return onResponse(r, ctx, p.code, p.body);
      return r.retired.includes(p.inReplyTo) ? [] : undefined;
    case 'api.watch':
      if (p.watchId === r.requestId && (r.phase === 'watching' || r.phase === 'watchStarting'))
        return onWatchEvent(r, ctx, p.type, p.object);
      return r.retired.includes(p.watchId) ? [] : undefined;
    case 'api.watchEnd':
      if (p.watchId === r.requestId && (r.phase === 'watching' || r.phase === 'watchStarting')) {
        retire(r, p.watchId);
        watchEnded(r, ctx);
        return [];
      }
      return r.retired.includes(p.watchId) ? [] : undefined;
    default:
      return undefined;
  }
}
