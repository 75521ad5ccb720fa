/**
 * The pods a ReplicaSet sync walks, filed by owner as the controller package's
 * PodControllerUIDIndex files them (FilterPodsByOwner reads it): under the uid of the pod's
 * controller, or under its namespace's orphan key. v1.30 lists the whole namespace at this point
 * (with a TODO to use an index, which later releases do); pods controlled by anyone else are
 * ignored by the claim, so the outcome is the same.
 *
 * The controller keeps the table from its pod informer's events, with each pod's facts
 * (controllerutil/objectFacts.ts) taken once per version: a sync walks every pod its ReplicaSet
 * owns, ten thousand at scale and a couple of hundred times while they start, and the facts are
 * all it reads. Every change of the informer's cache reaches the controller as an event, except
 * a relist's re-delivery of a version the cache already had, so the table holds the cache's pods.
 * Like the index, it keeps a pod where it was first listed until its owner changes.
 */
import type { KubeObject } from '../../api/objects.ts';
import type { InformerEvent } from '../../client/index.ts';
import { readFacts, type Candidates, type ObjectFacts } from '../controllerutil/index.ts';

export interface PodTable {
  /** Owner key (controller uid, or the orphan key of a namespace) -> pod key -> facts. */
  owners: Map<string, Map<string, ObjectFacts>>;
  /** Pod key -> the owner key it is filed under. */
  ownerOf: Map<string, string>;
}

export function newPodTable(): PodTable {
  return { owners: new Map(), ownerOf: new Map() };
}

const orphanKey = (namespace: string) => `_ORPHAN_POD/${namespace}`;
const podKey = (pod: KubeObject) => `${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`;

function remove(table: PodTable, key: string): void {
  const owner = table.ownerOf.get(key);
  if (owner === undefined) return;
  table.ownerOf.delete(key);
  const rows = table.owners.get(owner)!;
  rows.delete(key);
  if (rows.size === 0) table.owners.delete(owner);
}

function put(table: PodTable, pod: KubeObject): void {
  const key = podKey(pod);
  const facts = readFacts(pod);
  const owner = facts.controller?.uid ?? orphanKey(pod.metadata.namespace ?? '');
  if (table.ownerOf.get(key) === owner) {
    table.owners.get(owner)!.set(key, facts);
    return;
  }
  remove(table, key);
  let rows = table.owners.get(owner);
  if (!rows) table.owners.set(owner, (rows = new Map()));
  rows.set(key, facts);
  table.ownerOf.set(key, owner);
}

/** Follows one event of the pod informer. */
export function podTableApply(table: PodTable, event: InformerEvent): void {
  if (event.type === 'delete') remove(table, podKey(event.object));
  else put(table, event.object);
}

/** FilterPodsByOwner: the pods a ReplicaSet controls, then its namespace's orphans. */
export function podsByOwner(table: PodTable, rs: KubeObject): Candidates {
  const owned = table.owners.get(rs.metadata.uid ?? '');
  const orphans = table.owners.get(orphanKey(rs.metadata.namespace ?? ''));
  if (!orphans) return owned ?? [];
  return owned ? [...owned.values(), ...orphans.values()] : orphans;
}
