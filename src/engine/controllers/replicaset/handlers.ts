/**
 * The ReplicaSet controller's informer event handlers (replica_set.go, v1.30): which ReplicaSets
 * a pod or ReplicaSet change wakes up, and the expectations each observation satisfies.
 */
import { deepEqual } from '../../../shared/index.ts';
import { objectKey, type KubeObject, type OwnerReference } from '../../api/objects.ts';
import { Lister, WorkQueue, type InformerEvent } from '../../client/index.ts';
import type { ControllerKit } from '../framework.ts';
import {
  creationObserved,
  deleteExpectations,
  deletionObserved,
  getControllerOf,
  isPodReady,
  ownersOfPod,
} from '../controllerutil/index.ts';
import { RS_KIND, type ReplicaSetControllerState } from './sync.ts';
import { spec } from './status.ts';

/** resolveControllerRef: the ReplicaSet a controller reference names, if it is still that one. */
function resolveControllerRef(
  kit: ControllerKit,
  namespace: string,
  ref: OwnerReference,
): KubeObject | undefined {
  if (ref.kind !== RS_KIND) return undefined;
  const rs = Lister.get(kit.informer('replicasets.apps'), namespace, ref.name);
  return rs && rs.metadata.uid === ref.uid ? rs : undefined;
}

/** GetPodReplicaSets: ReplicaSets whose (non-empty) selector matches the pod's labels. */
function getPodReplicaSets(kit: ControllerKit, pod: KubeObject): KubeObject[] {
  return ownersOfPod(kit, 'replicasets.apps', pod, { emptyMatchesNothing: true });
}

function deletePod(state: ReplicaSetControllerState, kit: ControllerKit, pod: KubeObject): void {
  const ref = getControllerOf(pod);
  if (!ref) return;
  const rs = resolveControllerRef(kit, pod.metadata.namespace ?? '', ref);
  if (!rs) return;
  const key = objectKey(rs);
  deletionObserved(state.expectations, key, objectKey(pod));
  WorkQueue.add(kit.queue, key);
}

function addPod(state: ReplicaSetControllerState, kit: ControllerKit, pod: KubeObject): void {
  // A pod already being deleted (seen after a restart) must not count as a creation.
  if (pod.metadata.deletionTimestamp) return deletePod(state, kit, pod);
  const ref = getControllerOf(pod);
  if (ref) {
    const rs = resolveControllerRef(kit, pod.metadata.namespace ?? '', ref);
    if (!rs) return;
    creationObserved(state.expectations, objectKey(rs));
    WorkQueue.add(kit.queue, objectKey(rs));
    return;
  }
  // An orphan: wake every ReplicaSet that might adopt it (no creation to observe).
  for (const rs of getPodReplicaSets(kit, pod)) WorkQueue.add(kit.queue, objectKey(rs));
}

function updatePod(
  state: ReplicaSetControllerState,
  kit: ControllerKit,
  old: KubeObject,
  cur: KubeObject,
): void {
  if (cur.metadata.resourceVersion === old.metadata.resourceVersion) return;
  const labelChanged = !deepEqual(cur.metadata.labels ?? {}, old.metadata.labels ?? {});
  if (cur.metadata.deletionTimestamp) {
    // Graceful deletion: replace the pod now rather than when the kubelet finishes.
    deletePod(state, kit, cur);
    if (labelChanged) deletePod(state, kit, old);
    return;
  }
  const curRef = getControllerOf(cur);
  const oldRef = getControllerOf(old);
  const refChanged = !deepEqual(curRef, oldRef);
  if (refChanged && oldRef) {
    const rs = resolveControllerRef(kit, old.metadata.namespace ?? '', oldRef);
    if (rs) WorkQueue.add(kit.queue, objectKey(rs));
  }
  if (curRef) {
    const rs = resolveControllerRef(kit, cur.metadata.namespace ?? '', curRef);
    if (!rs) return;
    WorkQueue.add(kit.queue, objectKey(rs));
    const minReady = spec(rs).minReadySeconds ?? 0;
    // Ready now but available only after minReadySeconds: look again then (plus a second of skew).
    if (!isPodReady(old) && isPodReady(cur) && minReady > 0)
      WorkQueue.addAfter(kit.queue, objectKey(rs), (minReady + 1) * 1000, kit.ctx);
    return;
  }
  if (labelChanged || refChanged)
    for (const rs of getPodReplicaSets(kit, cur)) WorkQueue.add(kit.queue, objectKey(rs));
}

export function handlePodEvent(
  state: ReplicaSetControllerState,
  event: InformerEvent,
  kit: ControllerKit,
): void {
  if (event.type === 'add') addPod(state, kit, event.object);
  else if (event.type === 'update') updatePod(state, kit, event.oldObject, event.object);
  else deletePod(state, kit, event.object);
}

export function handleReplicaSetEvent(
  state: ReplicaSetControllerState,
  event: InformerEvent,
  kit: ControllerKit,
): void {
  const key = objectKey(event.object);
  if (event.type === 'update' && event.oldObject.metadata.uid !== event.object.metadata.uid)
    deleteExpectations(state.expectations, objectKey(event.oldObject));
  // A new ReplicaSet with the same name starts with clean expectations.
  if (event.type === 'delete') deleteExpectations(state.expectations, key);
  WorkQueue.add(kit.queue, key);
}
