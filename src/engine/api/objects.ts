/**
 * Kubernetes object shapes. The typed shapes come from `kubernetes-types`; the engine mostly
 * handles objects generically through KubeObject and narrows where it needs a field.
 */
import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import { JoinedStrings } from '../../shared/index.ts';

export type {
  ObjectMeta,
  OwnerReference,
  Status,
  StatusCause,
  ListMeta,
} from 'kubernetes-types/meta/v1';
export type {
  Pod,
  PodSpec,
  PodStatus,
  Container,
  Node,
  Namespace,
  Service,
  Endpoints,
  ConfigMap,
  Secret,
  ServiceAccount,
  Event,
  Binding,
} from 'kubernetes-types/core/v1';
export type { Deployment, ReplicaSet, DaemonSet } from 'kubernetes-types/apps/v1';
export type { Job } from 'kubernetes-types/batch/v1';
export type { Lease } from 'kubernetes-types/coordination/v1';
export type { EndpointSlice } from 'kubernetes-types/discovery/v1';
export type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
export type { Scale } from 'kubernetes-types/autoscaling/v1';

/** Any Kubernetes object: apiVersion, kind, metadata, and whatever else its kind carries. */
/** ObjectMeta without kubernetes-types' readonly marks: the apiserver and controllers fill it in. */
export type Metadata = { -readonly [K in keyof ObjectMeta]: ObjectMeta[K] };

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: Metadata;
  [field: string]: unknown;
}

/** A list as the API returns it: `PodList` with metadata.resourceVersion and items. */
export interface KubeList {
  [field: string]: unknown;
  apiVersion: string;
  kind: string;
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  items: KubeObject[];
}

/**
 * Keys by namespace and name, each built once: informers, work queues and caches look objects up
 * by key on every event, and a key built anew is hashed anew.
 */
const objectKeys = new JoinedStrings('/');

/** namespace/name, or just name for cluster-scoped objects: the key controllers queue. */
export function objectKey(obj: { metadata?: { namespace?: string; name?: string } }): string {
  const ns = obj.metadata?.namespace;
  const name = obj.metadata?.name ?? '';
  return ns ? objectKeys.join(ns, name) : name;
}

export function splitKey(key: string): { namespace: string; name: string } {
  const i = key.indexOf('/');
  return i < 0
    ? { namespace: '', name: key }
    : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}
