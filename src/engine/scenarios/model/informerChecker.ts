/**
 * The components' own informers (kube-controller-manager, kube-scheduler, every kubelet, the
 * observer) held against etcd's history, for pods, ReplicaSets and Nodes. A reflector applies a
 * watch's events in revision order and remembers the last one (lastSyncResourceVersion), so at
 * any moment between deliveries its cache must be exactly what etcd held at that revision, as
 * its namespace and selectors see it: a missed event leaves a key out or at an older version, a
 * doubled or reordered one is refused by the informer as stale, which is counted and must never
 * happen. This reads only the components' state, so it is cheap enough to run after every
 * operation, not just at the end.
 */
import { matchesFields, parseFieldSelector } from '../../api/fields.ts';
import { matchesLabels, parseLabelSelector } from '../../api/labels.ts';
import type { KubeObject } from '../../api/objects.ts';
import type { Informer } from '../../client/index.ts';
import type { Sequencer } from '../../sim/sequencer.ts';
import type { RecordedEvent } from './etcdChecker.ts';

/** The resources whose history the etcd checker keeps (its WATCHED prefixes). */
const CHECKED = new Set(['/registry/pods', '/registry/replicasets', '/registry/minions']);

function isInformer(v: unknown): v is Informer {
  return typeof v === 'object' && v !== null && 'reflector' in v && 'indexer' in v;
}

/** Informers in a component's state: its fields, and fields of fields (plain objects, arrays). */
export function findInformers(state: unknown, depth = 3, out: Informer[] = []): Informer[] {
  if (isInformer(state)) {
    out.push(state);
    return out;
  }
  if (depth === 0 || typeof state !== 'object' || state === null) return out;
  if (state instanceof Map || state instanceof Set) return out;
  for (const v of Array.isArray(state) ? state : Object.values(state))
    if (typeof v === 'object' && v !== null) findInformers(v, depth - 1, out);
  return out;
}

/** etcd's objects under `prefix` at `revision` (key -> object with its resourceVersion). */
function stateAt(events: readonly RecordedEvent[], prefix: string, revision: number) {
  const objects = new Map<string, KubeObject>();
  for (const e of events) {
    if (e.revision > revision) break;
    if (!e.key.startsWith(prefix)) continue;
    const key = e.key.slice(prefix.length);
    if (e.value === null) objects.delete(key);
    else {
      const obj = e.value as unknown as KubeObject;
      objects.set(key, {
        ...obj,
        metadata: { ...obj.metadata, resourceVersion: String(e.revision) },
      });
    }
  }
  return objects;
}

export function checkInformer(
  informer: Informer,
  events: readonly RecordedEvent[],
): string | undefined {
  const r = informer.reflector;
  if (informer.staleEvents > 0)
    return `refused ${informer.staleEvents} stale watch event(s): a change came twice or out of order`;
  const since = Number(r.lastSyncResourceVersion);
  if (!(since > 0)) return informer.indexer.items.size ? 'a cache before any list' : undefined;
  const labels = r.labelSelector ? parseLabelSelector(r.labelSelector) : undefined;
  const fields = r.fieldSelector ? parseFieldSelector(r.fieldSelector, r.resource.kind) : undefined;
  if (labels?.ok === false || fields?.ok === false) return `unreadable selector`;
  const expected = new Map<string, string>();
  for (const [key, obj] of stateAt(events, `${r.resource.etcdPrefix}/`, since)) {
    if (r.namespace && obj.metadata.namespace !== r.namespace) continue;
    if (labels?.ok && !matchesLabels(labels.selector, obj.metadata.labels ?? undefined)) continue;
    const typed = obj.kind ? obj : { ...obj, kind: r.resource.kind };
    if (fields?.ok && !matchesFields(fields.selector, typed)) continue;
    expected.set(key, obj.metadata.resourceVersion!);
  }
  const problems: string[] = [];
  for (const [key, rv] of expected) {
    const cached = informer.indexer.items.get(key)?.metadata.resourceVersion;
    if (cached !== rv) problems.push(`${key} at ${cached ?? 'none'}, etcd ${rv}`);
  }
  for (const key of informer.indexer.items.keys())
    if (!expected.has(key)) problems.push(`${key} cached, absent from etcd`);
  if (problems.length)
    return `cache at resourceVersion ${since} differs from etcd: ${problems.slice(0, 5).join('; ')}`;
  return undefined;
}

/** Every running component's informers over the checked resources; one line per problem. */
export function checkInformers(sequencer: Sequencer, events: readonly RecordedEvent[]): string[] {
  const violations: string[] = [];
  for (const id of sequencer.componentIds()) {
    if (!sequencer.isRunning(id)) continue;
    for (const informer of findInformers(sequencer.stateOf(id))) {
      if (!CHECKED.has(informer.reflector.resource.etcdPrefix)) continue;
      const problem = checkInformer(informer, events);
      if (problem) violations.push(`${id} informer ${informer.name}: ${problem}`);
    }
  }
  return violations;
}
