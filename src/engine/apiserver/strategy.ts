/**
 * Per-resource rules the registry strategies apply around writes (PrepareForCreate,
 * PrepareForUpdate): what a create resets, what an update of the main resource or of a
 * subresource may change, and when metadata.generation moves.
 */
import { deepEqual, type JsonObject } from '../../shared/index.ts';
import type { KubeObject } from '../api/objects.ts';
import type { ResourceInfo } from '../api/resources.ts';
import { tracksGeneration } from './objectMeta.ts';
import { preparePodForCreate } from './admission/podStrategy.ts';
import { prepareJobForCreate } from './admission/jobStrategy.ts';

/** On create, status is the server's to set: most strategies clear it. */
export function prepareForCreate(info: ResourceInfo, obj: KubeObject): void {
  switch (info.resource) {
    case 'namespaces': {
      const spec = (obj.spec ?? {}) as JsonObject;
      if (!Array.isArray(spec.finalizers)) spec.finalizers = ['kubernetes'];
      obj.spec = spec;
      obj.status = { phase: 'Active' };
      return;
    }
    case 'pods':
      preparePodForCreate(obj);
      return;
    case 'nodes':
    case 'events':
    case 'leases':
      return; // kubelets register nodes with their status
    default:
      if (info.hasStatus) obj.status = {};
  }
}

/** Create preparation that needs the object's name and uid (the Job's generated selector). */
export function prepareAfterIdentity(info: ResourceInfo, obj: KubeObject): void {
  if (info.group === 'batch' && info.resource === 'jobs') prepareJobForCreate(obj);
}

/**
 * Builds the object an update stores from what the client sent and what is stored: the main
 * resource cannot change status, the status subresource can change nothing else (metadata
 * included, as ResetObjectMetaForStatus does), and system metadata always carries over.
 */
export function prepareForUpdate(
  info: ResourceInfo,
  subresource: string,
  sent: KubeObject,
  old: KubeObject,
): KubeObject {
  let next: KubeObject;
  if (subresource === 'status') {
    // The status strategies protect spec (and a few metadata fields per kind); other metadata
    // changes go through, which is how controllers write annotations and finalizers with status.
    next = { ...old, status: sent.status ?? {}, metadata: { ...sent.metadata } };
    if (info.resource === 'pods') {
      next.metadata.ownerReferences = old.metadata.ownerReferences;
      const status = next.status as JsonObject;
      if (!status.qosClass && (old.status as JsonObject | undefined)?.qosClass)
        next.status = { ...status, qosClass: (old.status as JsonObject).qosClass };
    }
    if (info.resource === 'deployments') next.metadata.labels = old.metadata.labels;
  } else if (subresource === 'finalize') {
    const spec = {
      ...((old.spec ?? {}) as JsonObject),
      finalizers: ((sent.spec as JsonObject | undefined)?.finalizers ?? []) as string[],
    };
    next = { ...old, spec, metadata: { ...old.metadata } };
  } else {
    next = { ...sent, metadata: { ...sent.metadata } };
    if (info.hasStatus) {
      if (old.status === undefined) delete next.status;
      else next.status = old.status;
    }
  }
  const meta = next.metadata;
  const oldMeta = old.metadata;
  if (!meta.uid) meta.uid = oldMeta.uid;
  meta.creationTimestamp = oldMeta.creationTimestamp;
  if (oldMeta.deletionTimestamp) meta.deletionTimestamp = oldMeta.deletionTimestamp;
  else delete meta.deletionTimestamp;
  if (oldMeta.deletionGracePeriodSeconds !== undefined)
    meta.deletionGracePeriodSeconds = oldMeta.deletionGracePeriodSeconds;
  else delete meta.deletionGracePeriodSeconds;
  if (oldMeta.generateName !== undefined && meta.generateName === undefined)
    meta.generateName = oldMeta.generateName;
  if (tracksGeneration(info)) {
    const oldGeneration = oldMeta.generation ?? 1;
    meta.generation = !deepEqual(next.spec, old.spec) ? oldGeneration + 1 : oldGeneration;
  } else if (oldMeta.generation !== undefined) {
    meta.generation = oldMeta.generation;
  } else {
    delete meta.generation;
  }
  return next;
}

/** Whether an update changes nothing stored (the apiserver then skips the write). */
export function sameStoredObject(a: KubeObject, b: KubeObject): boolean {
  const strip = (o: KubeObject) => ({
    ...o,
    metadata: { ...o.metadata, resourceVersion: undefined },
  });
  return deepEqual(strip(a), strip(b));
}

/** The value etcd stores: the object without resourceVersion (etcd's mod_revision is the version). */
export function toStored(obj: KubeObject): KubeObject {
  const metadata = { ...obj.metadata };
  delete metadata.resourceVersion;
  return { ...obj, metadata };
}
