/**
 * Every watch delivers every change once and in order. Each watch the observer opened is held
 * against etcd's history: from the revision it started after up to the last revision it reported
 * (an event or a bookmark), it must have delivered exactly the changes etcd made to its resource,
 * as its selector sees them (an object entering the selector is ADDED, leaving it is DELETED), in
 * revision order, each once. Across the watches of one informer no object version may come twice.
 */
import type { EtcdValue } from '../../etcd/protocol.ts';
import type { RecordedEvent } from './etcdChecker.ts';
import type { ObservedEvent, ObservedWatch, ObserverState } from './observer.ts';

const PREFIXES: Record<string, string> = {
  '/api/v1/pods': '/registry/pods/',
  '/apis/apps/v1/replicasets': '/registry/replicasets/',
  '/api/v1/nodes': '/registry/minions/',
};

function selectorMatch(fieldSelector: string): (obj: EtcdValue) => boolean {
  if (!fieldSelector) return () => true;
  const m = /^spec\.nodeName=(.*)$/.exec(fieldSelector);
  if (!m) throw new Error(`unsupported field selector ${fieldSelector}`);
  const node = m[1];
  return (obj) => (obj.spec as { nodeName?: string } | undefined)?.nodeName === node;
}

/** What a watch on `prefix` with `fieldSelector` should deliver for these etcd events. */
export function expectedEvents(
  events: readonly RecordedEvent[],
  prefix: string,
  fieldSelector: string,
  after: number,
  upTo: number,
): ObservedEvent[] {
  const match = selectorMatch(fieldSelector);
  const out: ObservedEvent[] = [];
  for (const e of events) {
    if (e.revision <= after || e.revision > upTo || !e.key.startsWith(prefix)) continue;
    const was = e.prev !== null && match(e.prev);
    const is = e.value !== null && match(e.value);
    const type = is ? (was ? 'MODIFIED' : 'ADDED') : was ? 'DELETED' : undefined;
    if (type) out.push({ type, key: e.key.slice(prefix.length), rv: String(e.revision) });
  }
  return out;
}

function describe(events: readonly ObservedEvent[]): string {
  return events.map((e) => `${e.type} ${e.key}@${e.rv}`).join(', ');
}

/**
 * `settled` is a revision every open watch must have caught up with: one etcd had reached a
 * while before the check, with the cluster quiet since, so nothing of it can still be in flight.
 * An open watch that went silent after losing events is caught here.
 */
export function checkWatches(
  state: ObserverState,
  events: readonly RecordedEvent[],
  settled: number,
): string[] {
  const violations: string[] = [];
  const seenByInformer = new Map<string, Set<string>>();
  const open = new Set(
    state.informers
      .filter((i) => i.reflector.phase === 'watching' && i.reflector.requestId)
      .map((i) => i.reflector.requestId!),
  );
  for (const watch of state.watches.values()) {
    const problem = checkWatch(watch, events, seenByInformer, open.has(watch.id) ? settled : 0);
    if (problem) violations.push(`watch ${watch.id} (${watch.informer}): ${problem}`);
  }
  return violations;
}

function checkWatch(
  watch: ObservedWatch,
  events: readonly RecordedEvent[],
  seenByInformer: Map<string, Set<string>>,
  settled: number,
): string | undefined {
  const prefix = PREFIXES[watch.path];
  if (!prefix) return `unknown path ${watch.path}`;
  const changes = watch.events.filter((e) => e.type !== 'BOOKMARK' && e.type !== 'ERROR');
  let last = Number(watch.startRV);
  for (const e of changes) {
    const rv = Number(e.rv);
    if (!(rv > last))
      return `resourceVersion ${e.rv} delivered after ${last}: ${describe(changes)}`;
    last = rv;
  }
  let seen = seenByInformer.get(watch.informer);
  if (!seen) seenByInformer.set(watch.informer, (seen = new Set()));
  for (const e of changes) {
    const id = `${e.key}@${e.rv}`;
    if (seen.has(id)) return `${e.type} ${id} delivered a second time`;
    seen.add(id);
  }
  // A watch from "0" or "" starts with a synthetic list; the reflector never asks for one.
  const start = Number(watch.startRV);
  if (!(start > 0)) return undefined;
  const reported = watch.events
    .filter((e) => e.type !== 'ERROR')
    .reduce((max, e) => Math.max(max, Number(e.rv)), Math.max(start, settled));
  const expected = expectedEvents(events, prefix, watch.fieldSelector, start, reported);
  if (describe(expected) !== describe(changes))
    return `delivered [${describe(changes)}] but etcd changed (${start}, ${reported}]: [${describe(expected)}]`;
  return undefined;
}
