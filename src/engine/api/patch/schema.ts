/**
 * Strategic merge patch metadata: the `patchStrategy` and `patchMergeKey` struct tags of the
 * Kubernetes v1.30 Go types (k8s.io/api, k8s.io/apimachinery meta/v1), as data. A type lists only
 * the fields that carry a tag or lead to a type that does; every other field takes the default
 * (maps merge, lists are replaced). To extend: add the Go type here and point a field at it.
 */

export interface PatchField {
  /** The patchStrategy tag: "merge", "replace", "retainKeys" or "merge,retainKeys". */
  readonly strategy?: string;
  /** The patchMergeKey tag: the element field that identifies list items. */
  readonly mergeKey?: string;
  /** The Go type of the field, or of its elements for lists: a key of PATCH_TYPES. */
  readonly type?: string;
}

export type PatchType = Readonly<Record<string, PatchField>>;

const merge = (mergeKey?: string, type?: string): PatchField => ({
  strategy: 'merge',
  ...(mergeKey ? { mergeKey } : {}),
  ...(type ? { type } : {}),
});
const conditions = merge('type');
const meta: PatchField = { type: 'ObjectMeta' };
/** A top-level object: metadata plus the given spec and status types. */
const object = (spec?: string, status?: string): PatchType => ({
  metadata: meta,
  ...(spec ? { spec: { type: spec } } : {}),
  ...(status ? { status: { type: status } } : {}),
});
const containerFields: PatchType = {
  ports: merge('containerPort'),
  env: merge('name'),
  volumeMounts: merge('mountPath'),
  volumeDevices: merge('devicePath'),
};
const withTemplate: PatchType = { template: { type: 'PodTemplateSpec' } };
const withConditions: PatchType = { conditions };

export const PATCH_TYPES: Readonly<Record<string, PatchType>> = {
  // k8s.io/apimachinery/pkg/apis/meta/v1
  ObjectMeta: {
    finalizers: merge(),
    ownerReferences: merge('uid'),
  },
  // k8s.io/api/core/v1
  PodTemplateSpec: { metadata: meta, spec: { type: 'PodSpec' } },
  PodSpec: {
    volumes: { strategy: 'merge,retainKeys', mergeKey: 'name' },
    initContainers: merge('name', 'Container'),
    containers: merge('name', 'Container'),
    ephemeralContainers: merge('name', 'Container'),
    imagePullSecrets: merge('name'),
    hostAliases: merge('ip'),
    topologySpreadConstraints: merge('topologyKey'),
    schedulingGates: merge('name'),
    resourceClaims: { strategy: 'merge,retainKeys', mergeKey: 'name' },
  },
  // EphemeralContainerCommon carries the same tags, so EphemeralContainer reuses Container.
  Container: containerFields,
  PodStatus: {
    conditions,
    hostIPs: merge('ip'),
    podIPs: merge('ip'),
    resourceClaimStatuses: { strategy: 'merge,retainKeys', mergeKey: 'name' },
    // containerStatuses, initContainerStatuses, ephemeralContainerStatuses: no tag, replaced.
  },
  ReplicationControllerSpec: withTemplate,
  ServiceSpec: { ports: merge('port') },
  NodeSpec: { podCIDRs: merge() },
  NodeStatus: { conditions, addresses: merge('type') },
  ConditionsStatus: withConditions,
  // k8s.io/api/apps/v1
  DeploymentSpec: { ...withTemplate, strategy: { strategy: 'retainKeys' } },
  TemplateSpec: withTemplate,
  // k8s.io/api/batch/v1
  CronJobSpec: { jobTemplate: { type: 'JobTemplateSpec' } },
  JobTemplateSpec: { metadata: meta, spec: { type: 'TemplateSpec' } },
  // k8s.io/api/policy/v1
  PodDisruptionBudgetSpec: { selector: { strategy: 'replace' } },

  // Top-level kinds.
  Pod: object('PodSpec', 'PodStatus'),
  PodTemplate: { metadata: meta, template: { type: 'PodTemplateSpec' } },
  ReplicationController: object('ReplicationControllerSpec', 'ConditionsStatus'),
  Service: object('ServiceSpec', 'ConditionsStatus'),
  ServiceAccount: { metadata: meta, secrets: merge('name') },
  Node: object('NodeSpec', 'NodeStatus'),
  Namespace: object(undefined, 'ConditionsStatus'),
  PersistentVolumeClaim: object(undefined, 'ConditionsStatus'),
  Deployment: object('DeploymentSpec', 'ConditionsStatus'),
  ReplicaSet: object('TemplateSpec', 'ConditionsStatus'),
  DaemonSet: object('TemplateSpec', 'ConditionsStatus'),
  StatefulSet: object('TemplateSpec', 'ConditionsStatus'),
  Job: object('TemplateSpec', 'ConditionsStatus'),
  CronJob: object('CronJobSpec'),
  HorizontalPodAutoscaler: object(undefined, 'ConditionsStatus'),
  PodDisruptionBudget: object('PodDisruptionBudgetSpec', 'ConditionsStatus'),
};

/** Kinds whose schema is metadata only (ConfigMap, Secret, Event, Lease, EndpointSlice, ...). */
const METADATA_ONLY: PatchType = { metadata: meta };

/** The schema of a top-level kind; unknown kinds get ObjectMeta only. */
export function patchTypeForKind(kind: string): PatchType {
  return PATCH_TYPES[kind] ?? METADATA_ONLY;
}

/** The metadata of `key` inside a type (undefined type: no tags anywhere below). */
export function lookupField(
  type: PatchType | undefined,
  key: string,
): { field: PatchField; sub: PatchType | undefined } {
  const field = type?.[key] ?? {};
  return { field, sub: field.type ? PATCH_TYPES[field.type] : undefined };
}
