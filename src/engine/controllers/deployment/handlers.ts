/** The Deployment controller's informer event handlers (deployment_controller.go, v1.30). */
import { deepEqual } from '../../../shared/index.ts';
import { isEverything, labelSelectorFromObject, matchesLabels } from '../../api/labels.ts';
import { objectKey, type KubeObject, type OwnerReference } from '../../api/objects.ts';
import { Lister, WorkQueue, type InformerEvent } from '../../client/index.ts';
import type { ControllerKit } from '../framework.ts';
import { getControllerOf } from '../controllerutil/index.ts';
import { DEPLOYMENT_KIND } from './newReplicaSet.ts';
import { dspec } from './util.ts';

function resolveControllerRef(
  kit: ControllerKit,
  namespace: string,
  ref: OwnerReference,
): KubeObject | undefined {
  if (ref.kind !== DEPLOYMENT_KIND) return undefined;
  const d = Lister.get(kit.informer('deployments.apps'), namespace, ref.name);
  return d && d.metadata.uid === ref.uid ? d : undefined;
}

/** GetDeploymentsForReplicaSet: Deployments whose non-empty selector matches the labels. */
function deploymentsSelecting(kit: ControllerKit, obj: KubeObject): KubeObject[] {
  const all = Lister.list(kit.informer('deployments.apps'), {
    namespace: obj.metadata.namespace ?? '',
  });
  return all.filter((d) => {
    const sel = labelSelectorFromObject(dspec(d).selector as never);
    return (
      sel.ok &&
      !isEverything(sel.selector) &&
      matchesLabels(sel.selector, obj.metadata.labels ?? undefined)
    );
  });
}

function enqueueOwner(
  kit: ControllerKit,
  obj: KubeObject,
  ref: OwnerReference | undefined,
): boolean {
  if (!ref) return false;
  const d = resolveControllerRef(kit, obj.metadata.namespace ?? '', ref);
  if (d) WorkQueue.add(kit.queue, objectKey(d));
  return true;
}

export function handleReplicaSetEvent(event: InformerEvent, kit: ControllerKit): void {
  const rs = event.object;
  if (event.type === 'delete' || (event.type === 'add' && rs.metadata.deletionTimestamp)) {
    enqueueOwner(kit, rs, getControllerOf(rs));
    return;
  }
  if (event.type === 'add') {
    if (enqueueOwner(kit, rs, getControllerOf(rs))) return;
    for (const d of deploymentsSelecting(kit, rs)) WorkQueue.add(kit.queue, objectKey(d));
    return;
  }
  const old = event.oldObject;
  if (old.metadata.resourceVersion === rs.metadata.resourceVersion) return;
  const curRef = getControllerOf(rs);
  const oldRef = getControllerOf(old);
  const refChanged = !deepEqual(curRef, oldRef);
  if (refChanged && oldRef) enqueueOwner(kit, old, oldRef);
  if (enqueueOwner(kit, rs, curRef)) return;
  const labelChanged = !deepEqual(rs.metadata.labels ?? {}, old.metadata.labels ?? {});
  if (labelChanged || refChanged)
    for (const d of deploymentsSelecting(kit, rs)) WorkQueue.add(kit.queue, objectKey(d));
}

/**
 * deletePod: a Recreate Deployment waits for its old pods to be gone, so the last one's deletion
 * wakes it. (The real controller lists ReplicaSets through the API here; this reads the cache.)
 */
export function handlePodEvent(event: InformerEvent, kit: ControllerKit): void {
  if (event.type !== 'delete') return;
  const pod = event.object;
  const rsRef = getControllerOf(pod);
  if (!rsRef || rsRef.kind !== 'ReplicaSet') return;
  const rs = Lister.get(kit.informer('replicasets.apps'), pod.metadata.namespace ?? '', rsRef.name);
  if (!rs || rs.metadata.uid !== rsRef.uid) return;
  const dRef = getControllerOf(rs);
  const d = dRef && resolveControllerRef(kit, rs.metadata.namespace ?? '', dRef);
  if (!d || dspec(d).strategy?.type !== 'Recreate') return;
  const sel = labelSelectorFromObject(dspec(d).selector as never);
  if (!sel.ok) return;
  const owned = new Set(
    Lister.list(kit.informer('replicasets.apps'), { namespace: d.metadata.namespace ?? '' })
      .filter((r) => getControllerOf(r)?.uid === d.metadata.uid)
      .map((r) => r.metadata.uid),
  );
  const remaining = Lister.list(kit.informer('pods'), {
    namespace: d.metadata.namespace ?? '',
    labelSelector: sel.selector,
  }).filter((p) => owned.has(getControllerOf(p)?.uid));
  if (remaining.length === 0) WorkQueue.add(kit.queue, objectKey(d));
}

export function handleDeploymentEvent(event: InformerEvent, kit: ControllerKit): void {
  WorkQueue.add(kit.queue, objectKey(event.object));
}
