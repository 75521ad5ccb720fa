/**
 * The GC's dependency graph (GraphBuilder): a node per object, keyed by uid, with its owner
 * references and the uids of its dependents. Owners referenced before they are seen are virtual
 * nodes. Graph changes decide what to look at next: dependents of a deleted owner, dependents of
 * an owner deleting in the foreground, owners waiting for their last dependent, owners to orphan.
 */
import type { KubeObject } from '../../api/objects.ts';

export interface OwnerRef {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface GraphNode {
  uid: string;
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
  owners: OwnerRef[];
  /** A Set: an owner like a big ReplicaSet has thousands of dependents, looked up on every change. */
  dependents: Set<string>;
  /** Has a deletionTimestamp. */
  beingDeleted: boolean;
  /** Being deleted in the foreground: waits for its blocking dependents. */
  deletingDependents: boolean;
  /** Only known from another object's ownerReferences. */
  virtual: boolean;
}

export interface Graph {
  uidToNode: Record<string, GraphNode>;
  /** Owners known to be gone (a bounded cache, newest last). */
  absentOwnerCache: string[];
}

export const FINALIZER_ORPHAN = 'orphan';
export const FINALIZER_DELETE_DEPENDENTS = 'foregroundDeletion';
const ABSENT_OWNER_CACHE_SIZE = 500;

export type GraphWork = { queue: 'delete' | 'orphan'; uid: string };

export const newGraph = (): Graph => ({ uidToNode: {}, absentOwnerCache: [] });

export function markAbsent(g: Graph, uid: string): void {
  if (g.absentOwnerCache.includes(uid)) return;
  g.absentOwnerCache.push(uid);
  if (g.absentOwnerCache.length > ABSENT_OWNER_CACHE_SIZE) g.absentOwnerCache.shift();
}

export const ownerRefsOf = (obj: KubeObject): OwnerRef[] =>
  (obj.metadata.ownerReferences ?? []) as OwnerRef[];

function link(g: Graph, dependent: GraphNode, ref: OwnerRef, work: GraphWork[]) {
  let owner = g.uidToNode[ref.uid];
  if (!owner) {
    owner = {
      uid: ref.uid,
      apiVersion: ref.apiVersion,
      kind: ref.kind,
      name: ref.name,
      namespace: dependent.namespace,
      owners: [],
      dependents: new Set(),
      beingDeleted: false,
      deletingDependents: false,
      virtual: true,
    };
    g.uidToNode[ref.uid] = owner;
  }
  if (owner.dependents.has(dependent.uid)) return;
  owner.dependents.add(dependent.uid);
  // An owner nobody has seen may not exist: the dependent is checked. The real GraphBuilder
  // queues the virtual owner, whose failed lookup then queues every dependent it has by then; a
  // dependent joining a virtual owner that is already known (a pod created by a ReplicaSet
  // controller that had not yet seen its ReplicaSet deleted) must be checked all the same.
  if (owner.virtual) work.push({ queue: 'delete', uid: dependent.uid });
}

function unlink(g: Graph, dependentUid: string, ownerUid: string, work: GraphWork[]) {
  const owner = g.uidToNode[ownerUid];
  if (!owner) return;
  owner.dependents.delete(dependentUid);
  if (owner.deletingDependents) work.push({ queue: 'delete', uid: ownerUid });
  if (owner.virtual && owner.dependents.size === 0) delete g.uidToNode[ownerUid];
}

/** processGraphChanges for an added or updated object. */
export function observeObject(g: Graph, obj: KubeObject): GraphWork[] {
  const work: GraphWork[] = [];
  const uid = obj.metadata.uid;
  if (!uid) return work;
  const finalizers = obj.metadata.finalizers ?? [];
  const beingDeleted = !!obj.metadata.deletionTimestamp;
  const owners = ownerRefsOf(obj);
  const existing = g.uidToNode[uid];
  const node: GraphNode = {
    uid,
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    namespace: obj.metadata.namespace ?? '',
    name: obj.metadata.name ?? '',
    owners,
    dependents: existing?.dependents ?? new Set(),
    beingDeleted,
    deletingDependents: beingDeleted && finalizers.includes(FINALIZER_DELETE_DEPENDENTS),
    virtual: false,
  };
  g.uidToNode[uid] = node;
  const before = existing && !existing.virtual ? existing.owners : [];
  for (const old of before)
    if (!owners.some((o) => o.uid === old.uid)) unlink(g, uid, old.uid, work);
  for (const ref of owners) {
    const prev = before.find((o) => o.uid === ref.uid);
    link(g, node, ref, work);
    // An owner waiting on this dependent may be unblocked by a blockOwnerDeletion change.
    if (
      prev &&
      prev.blockOwnerDeletion &&
      !ref.blockOwnerDeletion &&
      g.uidToNode[ref.uid]?.deletingDependents
    )
      work.push({ queue: 'delete', uid: ref.uid });
  }
  if (beingDeleted && finalizers.includes(FINALIZER_ORPHAN)) work.push({ queue: 'orphan', uid });
  if (node.deletingDependents) {
    for (const dep of node.dependents) work.push({ queue: 'delete', uid: dep });
    work.push({ queue: 'delete', uid });
  }
  return work;
}

/** processGraphChanges for a deleted object. */
export function forgetObject(g: Graph, obj: KubeObject): GraphWork[] {
  const work: GraphWork[] = [];
  const uid = obj.metadata.uid;
  const node = uid ? g.uidToNode[uid] : undefined;
  if (!uid || !node) return work;
  delete g.uidToNode[uid];
  if (node.dependents.size > 0) markAbsent(g, uid);
  for (const dep of node.dependents) work.push({ queue: 'delete', uid: dep });
  for (const ref of node.owners) unlink(g, uid, ref.uid, work);
  return work;
}

/** blockingDependents: dependents whose reference to the node blocks its deletion. */
export function blockingDependents(g: Graph, node: GraphNode): GraphNode[] {
  return [...node.dependents]
    .map((d) => g.uidToNode[d])
    .filter(
      (d): d is GraphNode =>
        !!d && d.owners.some((o) => o.uid === node.uid && o.blockOwnerDeletion === true),
    );
}
