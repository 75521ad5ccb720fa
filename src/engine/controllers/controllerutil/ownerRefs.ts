/**
 * Owner references as controllers use them (metav1.GetControllerOf, metav1.NewControllerRef,
 * metav1.IsControlledBy): the one reference marked `controller: true` names the object's owner.
 */
import type { KubeObject, OwnerReference } from '../../api/objects.ts';

/** GetControllerOf: the owner reference with controller=true, if any. */
export function getControllerOf(obj: KubeObject): OwnerReference | undefined {
  // A plain loop: controllers call this for every pod of a namespace on every sync.
  const refs = obj.metadata.ownerReferences;
  if (!refs) return undefined;
  for (const r of refs) if (r.controller === true) return r;
  return undefined;
}

/**
 * NewControllerRef: the reference a controller stamps on what it creates or adopts. Both flags
 * are set, so the garbage collector's foreground deletion waits for the dependent.
 */
export function newControllerRef(
  owner: KubeObject,
  apiVersion: string,
  kind: string,
): OwnerReference {
  return {
    apiVersion,
    kind,
    name: owner.metadata.name ?? '',
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** IsControlledBy: whether the controller reference points at this owner's uid. */
export function isControlledBy(obj: KubeObject, owner: KubeObject): boolean {
  const ref = getControllerOf(obj);
  return ref !== undefined && ref.uid === owner.metadata.uid;
}
