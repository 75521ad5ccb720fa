/**
 * The garbage collector (pkg/controller/garbagecollector, 'garbagecollector'): watches every
 * resource we serve, keeps the ownership graph, and deletes objects whose owners are all gone
 * (background cascading deletion), deletes the blocking dependents of an owner deleted in the
 * foreground before removing its foregroundDeletion finalizer, and strips the owner reference
 * from the dependents of an owner deleted with the orphan policy before removing its orphan
 * finalizer.
 */
import type { KubeObject } from '../../api/objects.ts';
import { RESOURCES, findKind, groupResource } from '../../api/resources.ts';
import {
  Lister,
  WorkQueue,
  isNotFound,
  isSuccess,
  sendDelete,
  sendGet,
  sendPatch,
  type ClientResponse,
} from '../../client/index.ts';
import type { ControllerDefinition, ControllerKit } from '../framework.ts';
import {
  FINALIZER_DELETE_DEPENDENTS,
  FINALIZER_ORPHAN,
  blockingDependents,
  forgetObject,
  markAbsent,
  newGraph,
  observeObject,
  ownerRefsOf,
  type Graph,
  type GraphNode,
  type GraphWork,
  type OwnerRef,
} from './graph.ts';

/** What the GC does not track (ignoredResources, plus namespaces, which their own controller empties). */
const IGNORED = new Set(['events', 'namespaces']);
export const MONITORED_RESOURCES = RESOURCES.filter((r) => !IGNORED.has(r.resource)).map(
  groupResource,
);

export interface GarbageCollectorState {
  graph: Graph;
  /** Owner uid -> dependents' patches still in flight while orphaning. */
  orphaning: Record<string, number>;
  /** Owner uids being looked up for a dependent, with the dependents waiting on them. */
  lookups: Record<string, string[]>;
}

function resourceOf(node: { apiVersion: string; kind: string }) {
  const info = findKind(node.apiVersion, node.kind);
  return info && MONITORED_RESOURCES.includes(groupResource(info)) ? info : undefined;
}

/** The object as the cache has it now, if it is still this incarnation. */
function latest(node: GraphNode, kit: ControllerKit): KubeObject | undefined {
  const info = resourceOf(node);
  if (!info) return undefined;
  const obj = Lister.get(
    kit.informer(groupResource(info)),
    info.namespaced ? node.namespace : '',
    node.name,
  );
  return obj?.metadata.uid === node.uid ? obj : undefined;
}

function enqueue(kit: ControllerKit, work: readonly GraphWork[]) {
  for (const w of work) WorkQueue.add(kit.queue, `${w.queue}:${w.uid}`);
}

function deleteObject(
  node: GraphNode,
  policy: 'Background' | 'Foreground' | 'Orphan',
  kit: ControllerKit,
) {
  const info = resourceOf(node)!;
  kit.ctx.note(
    `deleting ${node.kind} ${node.namespace}/${node.name} (propagationPolicy=${policy})`,
  );
  sendDelete(
    kit.client,
    kit.ctx,
    groupResource(info),
    info.namespaced ? node.namespace : '',
    node.name,
    {
      tag: kit.tag('delete'),
      data: `delete:${node.uid}`,
      propagationPolicy: policy,
      preconditions: { uid: node.uid },
    },
  );
}

/** The owner-reference removal patch (deleteOwnerRefStrategicMergePatch). */
function patchOwnerRefs(
  node: GraphNode,
  removeUids: readonly string[],
  tag: string,
  data: string,
  kit: ControllerKit,
) {
  const info = resourceOf(node)!;
  sendPatch(
    kit.client,
    kit.ctx,
    groupResource(info),
    info.namespaced ? node.namespace : '',
    node.name,
    {
      metadata: {
        ownerReferences: removeUids.map((uid) => ({ $patch: 'delete', uid })),
        uid: node.uid,
      },
    },
    { tag: kit.tag(tag), data, patchType: 'application/strategic-merge-patch+json' },
  );
}

/** removeFinalizer: a merge patch of the finalizer list, conditional on the version read. */
function removeFinalizer(
  node: GraphNode,
  finalizer: string,
  kit: ControllerKit,
  requeueKey: string,
) {
  const obj = latest(node, kit);
  if (!obj) return;
  const finalizers = obj.metadata.finalizers ?? [];
  if (!finalizers.includes(finalizer)) return;
  const rest = finalizers.filter((f) => f !== finalizer);
  const info = resourceOf(node)!;
  kit.ctx.note(
    `removing the ${finalizer} finalizer of ${node.kind} ${node.namespace}/${node.name}`,
  );
  sendPatch(
    kit.client,
    kit.ctx,
    groupResource(info),
    info.namespaced ? node.namespace : '',
    node.name,
    {
      metadata: {
        resourceVersion: obj.metadata.resourceVersion,
        finalizers: rest.length ? rest : null,
      },
    },
    { tag: kit.tag('finalizer'), data: requeueKey, patchType: 'application/merge-patch+json' },
  );
}

type OwnerState = 'solid' | 'dangling' | 'waiting' | 'unknown';

function classifyOwner(
  s: GarbageCollectorState,
  dependent: GraphNode,
  ref: OwnerRef,
  kit: ControllerKit,
): OwnerState {
  if (s.graph.absentOwnerCache.includes(ref.uid)) return 'dangling';
  const owner = s.graph.uidToNode[ref.uid];
  if (owner && !owner.virtual) return owner.deletingDependents ? 'waiting' : 'solid';
  const info = findKind(ref.apiVersion, ref.kind);
  if (!info) return 'solid'; // a kind we cannot look up is never treated as gone
  // isDangling asks the apiserver, not the cache: a new owner may not be in the cache yet.
  const waiting = (s.lookups[ref.uid] ??= []);
  if (!waiting.includes(dependent.uid)) waiting.push(dependent.uid);
  if (waiting.length === 1)
    sendGet(
      kit.client,
      kit.ctx,
      groupResource(info),
      info.namespaced ? dependent.namespace : '',
      ref.name,
      {
        tag: kit.tag('owner'),
        data: ref.uid,
      },
    );
  return 'unknown';
}

/** attemptToDeleteItem. */
function attemptToDeleteItem(s: GarbageCollectorState, uid: string, kit: ControllerKit) {
  const node = s.graph.uidToNode[uid];
  if (!node || node.virtual || !resourceOf(node)) return;
  if (node.deletingDependents) return processDeletingDependentsItem(s, node, kit);
  if (node.beingDeleted) return;
  const obj = latest(node, kit);
  if (!obj) return;
  const refs = ownerRefsOf(obj);
  if (refs.length === 0) return;
  const solid: OwnerRef[] = [];
  const dangling: OwnerRef[] = [];
  const waiting: OwnerRef[] = [];
  for (const ref of refs) {
    const state = classifyOwner(s, node, ref, kit);
    if (state === 'unknown') return; // back here when the lookup answers
    ({ solid, dangling, waiting })[state].push(ref);
  }
  if (solid.length) {
    if (dangling.length === 0 && waiting.length === 0) return;
    // Still owned: only the references to gone or foreground-deleting owners are dropped.
    const remove = [...dangling, ...waiting].map((r) => r.uid);
    kit.ctx.note(
      `${node.kind} ${node.namespace}/${node.name} has a live owner: removing references to ${remove.join(', ')}`,
    );
    return patchOwnerRefs(node, remove, 'ownerRefs', `delete:${uid}`, kit);
  }
  if (waiting.length && node.dependents.size) return deleteObject(node, 'Foreground', kit);
  const finalizers = obj.metadata.finalizers ?? [];
  const policy = finalizers.includes(FINALIZER_ORPHAN)
    ? 'Orphan'
    : finalizers.includes(FINALIZER_DELETE_DEPENDENTS)
      ? 'Foreground'
      : 'Background';
  deleteObject(node, policy, kit);
}

/** processDeletingDependentsItem: finish a foreground deletion once no dependent blocks it. */
function processDeletingDependentsItem(
  s: GarbageCollectorState,
  node: GraphNode,
  kit: ControllerKit,
) {
  const blocking = blockingDependents(s.graph, node);
  if (blocking.length === 0)
    return removeFinalizer(node, FINALIZER_DELETE_DEPENDENTS, kit, `delete:${node.uid}`);
  for (const dep of blocking)
    if (!dep.deletingDependents) WorkQueue.add(kit.queue, `delete:${dep.uid}`);
}

/** attemptToOrphan: drop the owner from every dependent, then the orphan finalizer. */
function attemptToOrphan(s: GarbageCollectorState, uid: string, kit: ControllerKit) {
  const owner = s.graph.uidToNode[uid];
  if (!owner || s.orphaning[uid]) return;
  const dependents = [...owner.dependents]
    .map((d) => s.graph.uidToNode[d])
    .filter((d): d is GraphNode => !!d && !!resourceOf(d));
  if (dependents.length === 0)
    return removeFinalizer(owner, FINALIZER_ORPHAN, kit, `orphan:${uid}`);
  s.orphaning[uid] = dependents.length;
  for (const dep of dependents) patchOwnerRefs(dep, [uid], 'orphanDependent', uid, kit);
}

function handleResponse(s: GarbageCollectorState, response: ClientResponse, kit: ControllerKit) {
  const data = response.data as string;
  switch (response.tag) {
    case 'owner': {
      const waiting = s.lookups[data] ?? [];
      delete s.lookups[data];
      const body = response.body as { metadata?: { uid?: string } };
      if (isNotFound(response) || (isSuccess(response) && body.metadata?.uid !== data))
        markAbsent(s.graph, data);
      else if (!isSuccess(response))
        return enqueueRateLimited(
          kit,
          waiting.map((d) => `delete:${d}`),
        );
      else return; // the owner exists; its watch event links it
      for (const d of waiting) WorkQueue.add(kit.queue, `delete:${d}`);
      return;
    }
    case 'orphanDependent': {
      const left = (s.orphaning[data] ?? 1) - 1;
      const failed = !isSuccess(response) && !isNotFound(response);
      if (failed) s.orphaning[data] = -1;
      else if (s.orphaning[data] !== -1) s.orphaning[data] = left;
      if (left > 0) return;
      const ok = s.orphaning[data] === 0;
      delete s.orphaning[data];
      const owner = s.graph.uidToNode[data];
      if (ok && owner) removeFinalizer(owner, FINALIZER_ORPHAN, kit, `orphan:${data}`);
      else WorkQueue.addRateLimited(kit.queue, `orphan:${data}`, kit.ctx);
      return;
    }
    default:
      // delete, ownerRefs, finalizer: a failure other than the object being gone is retried.
      if (!isSuccess(response) && !isNotFound(response))
        WorkQueue.addRateLimited(kit.queue, data, kit.ctx);
  }
}

function enqueueRateLimited(kit: ControllerKit, keys: readonly string[]) {
  for (const k of keys) WorkQueue.addRateLimited(kit.queue, k, kit.ctx);
}

export const garbageCollector: ControllerDefinition<GarbageCollectorState> = {
  name: 'garbagecollector',
  eventSource: 'garbage-collector-controller',
  informers: MONITORED_RESOURCES.map((resource) => ({ resource })),
  init() {
    return { graph: newGraph(), orphaning: {}, lookups: {} };
  },
  handleEvent(s, _resource, event, kit) {
    enqueue(
      kit,
      event.type === 'delete'
        ? forgetObject(s.graph, event.object)
        : observeObject(s.graph, event.object),
    );
  },
  handleResponse,
  sync(s, key, kit) {
    const colon = key.indexOf(':');
    const uid = key.slice(colon + 1);
    if (key.startsWith('orphan:')) attemptToOrphan(s, uid, kit);
    else attemptToDeleteItem(s, uid, kit);
  },
};
