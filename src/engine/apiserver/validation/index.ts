/**
 * Validation, the step after mutating admission: validateCreate and validateUpdate return the
 * field errors the real apiserver would put in its `Invalid` Status ("The Deployment "web" is
 * invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0").
 *
 * Objects are expected to be defaulted already (applyDefaults), as they are in the real pipeline.
 * A body with wrong JSON types fails like the real decoder: only FieldValueTypeInvalid errors are
 * returned (see isDecodeError); the apiserver should answer 400 BadRequest for those.
 */
import { formatFieldError } from '../../api/fieldErrors.ts';
import type { FieldError } from '../../api/fieldErrors.ts';
import type { KubeObject } from '../../api/objects.ts';
import type { ResourceInfo } from '../../api/resources.ts';
import { isJsonObject } from '../../../shared/json.ts';
import type { JsonObject } from '../../../shared/json.ts';
import {
  validateDeployment,
  validateReplicaSet,
  validateReplicaStatus,
  validateSelectorUpdate,
} from './apps.ts';
import {
  validateNamespace,
  validateNamespaceFinalizers,
  validateNamespaceStatus,
  validateLease,
  validateNode,
  validateNodeStatus,
} from './cluster.ts';
import {
  validateConfigMap,
  validateImmutableData,
  validateSecret,
  validateSecretUpdate,
  validateServiceAccount,
} from './config.ts';
import { validateDaemonSet, validateDaemonSetStatus } from './daemonset.ts';
import { isDecodeError, metaOf } from './fields.ts';
import type { Errs } from './fields.ts';
import { validateHPA, validateHPAStatus } from './hpa.ts';
import { validateJob, validateJobStatus, validateJobUpdate } from './job.ts';
import { validateObjectMetaUpdate } from './meta.ts';
import {
  validateEndpointSlice,
  validateEndpointSliceUpdate,
  validateEndpoints,
  validateEvent,
} from './network.ts';
import { validatePod, validatePodStatusUpdate, validatePodUpdate } from './pod.ts';
import { validateService, validateServiceStatus, validateServiceUpdate } from './service.ts';

export { isDecodeError } from './fields.ts';
export { POD_UPDATE_FORBIDDEN_MESSAGE } from './pod.ts';
export { NODE_PORT_RANGE, nodePortRangeMessage } from './service.ts';

type Validator = (obj: JsonObject, errs: Errs) => void;

const CREATE: Record<string, Validator> = {
  Pod: validatePod,
  Deployment: validateDeployment,
  ReplicaSet: validateReplicaSet,
  DaemonSet: validateDaemonSet,
  Job: validateJob,
  Service: validateService,
  ConfigMap: validateConfigMap,
  Secret: validateSecret,
  ServiceAccount: validateServiceAccount,
  Namespace: validateNamespace,
  Node: validateNode,
  Lease: validateLease,
  Event: validateEvent,
  Endpoints: validateEndpoints,
  EndpointSlice: validateEndpointSlice,
  HorizontalPodAutoscaler: validateHPA,
};

/** Rules that apply only to updates of the main resource, beyond re-validating the object. */
const UPDATE: Record<string, (obj: JsonObject, old: JsonObject, errs: Errs) => void> = {
  Deployment: validateSelectorUpdate,
  ReplicaSet: validateSelectorUpdate,
  DaemonSet: validateSelectorUpdate,
  Job: validateJobUpdate,
  Service: validateServiceUpdate,
  ConfigMap: (obj, old, errs) => validateImmutableData(obj, old, ['data', 'binaryData'], errs),
  Secret: validateSecretUpdate,
  EndpointSlice: validateEndpointSliceUpdate,
};

const STATUS: Record<string, Validator> = {
  Pod: validatePodStatusUpdate,
  Deployment: validateReplicaStatus,
  ReplicaSet: validateReplicaStatus,
  DaemonSet: validateDaemonSetStatus,
  Job: validateJobStatus,
  Service: validateServiceStatus,
  Namespace: validateNamespaceStatus,
  Node: validateNodeStatus,
  HorizontalPodAutoscaler: validateHPAStatus,
};

/** Decode errors win (the real request never reaches validation); duplicates are dropped. */
function finish(errs: Errs): FieldError[] {
  const decode = errs.filter(isDecodeError);
  const chosen = decode.length > 0 ? decode : errs;
  const seen = new Set<string>();
  return chosen.filter((e) => {
    const text = formatFieldError(e);
    if (seen.has(text)) return false;
    seen.add(text);
    return true;
  });
}

/** The body's metadata must be an object before any per-kind rule can run. */
function checkEnvelope(obj: JsonObject, errs: Errs): boolean {
  if (isJsonObject(obj['metadata'])) return true;
  errs.push({
    type: 'FieldValueTypeInvalid',
    field: 'metadata',
    badValue: obj['metadata'] ?? null,
    detail: 'cannot unmarshal into Go value of type v1.ObjectMeta',
  });
  return false;
}

export function validateCreate(resource: ResourceInfo, object: KubeObject): FieldError[] {
  const obj = object as unknown as JsonObject;
  const errs: Errs = [];
  if (!checkEnvelope(obj, errs)) return finish(errs);
  CREATE[resource.kind]?.(obj, errs);
  return finish(errs);
}

/**
 * Validates an update. `subresource` is 'status' for status writes (only status and metadata are
 * checked, as the status strategies do), 'finalize' for namespace finalization, and undefined (or
 * 'scale', whose change the caller has already applied to the parent object) for the main resource.
 */
export function validateUpdate(
  resource: ResourceInfo,
  object: KubeObject,
  oldObject: KubeObject,
  subresource?: string,
): FieldError[] {
  const obj = object as unknown as JsonObject;
  const old = oldObject as unknown as JsonObject;
  const errs: Errs = [];
  if (!checkEnvelope(obj, errs)) return finish(errs);
  validateObjectMetaUpdate(metaOf(obj), metaOf(old), errs);
  const kind = resource.kind;
  if (subresource === 'status') {
    STATUS[kind]?.(obj, errs);
    return finish(errs);
  }
  if (subresource === 'finalize') {
    validateNamespaceFinalizers(obj, errs);
    return finish(errs);
  }
  if (kind === 'Pod') {
    validatePodUpdate(obj, old, errs);
    return finish(errs);
  }
  // Re-validate the object as on create, minus the create-only metadata rules (identity and
  // metadata were checked by validateObjectMetaUpdate above).
  const objectErrs: Errs = [];
  if (kind === 'HorizontalPodAutoscaler') {
    const oldSpec = isJsonObject(old['spec']) ? old['spec'] : {};
    validateHPA(obj, objectErrs, oldSpec['minReplicas'] === 0 ? 0 : 1);
  } else {
    CREATE[kind]?.(obj, objectErrs);
  }
  errs.push(...objectErrs.filter((e) => !e.field.startsWith('metadata.') || isDecodeError(e)));
  UPDATE[kind]?.(obj, old, errs);
  return finish(errs);
}
