/**
 * What each kind of write does to the object it finds (update, patch, binding, scale, delete).
 * Pure: given the stored object, decide the next one, an error, or that nothing changes. The write
 * loop in handlers/write.ts retries it against a fresh copy when etcd reports a newer version,
 * exactly as the registry's GuaranteedUpdate does.
 */
import { deepCopy, type JsonObject } from '../../shared/index.ts';
import { applyPatch } from '../api/patch/index.ts';
import type { KubeObject } from '../api/objects.ts';
import { groupKind, type ResourceInfo } from '../api/resources.ts';
import { statusErrors, type StatusObject } from '../api/status.ts';
import { fieldError, type FieldError } from '../api/fieldErrors.ts';
import { applyDefaults } from './admission/defaults.ts';
import { runMutatingAdmission } from './admission/plugins.ts';
import { validateUpdate } from './validation/index.ts';
import { decodeFailure, decodeObject } from './decode.ts';
import { qualified } from './respond.ts';
import type { Mutation } from './state.ts';
import { prepareForUpdate, sameStoredObject } from './strategy.ts';
import { addGoZeroValues } from './serialization.ts';
import { remove } from './deletion.ts';

export { deletedResponse } from './deletion.ts';

export type Respond = 'object' | 'scale' | 'binding' | 'deleted';

export type MutationResult =
  | { kind: 'error'; status: StatusObject }
  /** The decision needs the latest stored object, not the cached one. */
  | { kind: 'refresh' }
  | { kind: 'unchanged'; object: KubeObject; respond: Respond; notes: string[] }
  | {
      kind: 'put';
      object: KubeObject;
      respond: Respond;
      code: number;
      notes: string[];
      /** Delete the object right after this write (a pod's grace-0 deletion is recorded first). */
      thenDelete?: boolean;
    }
  | { kind: 'delete'; object: KubeObject; notes: string[] };

export interface MutationContext {
  info: ResourceInfo;
  subresource: string;
  name: string;
  /** The RFC 3339 time now, for deletionTimestamp and conditions. */
  timestamp: string;
  /** Virtual seconds -> RFC 3339, for deletionTimestamp = now + grace. */
  timestampAfter(seconds: number): string;
  /** Registry work between validation and storage (the service allocators). */
  beforeStore?(next: KubeObject, current: KubeObject): FieldError[];
}

export const error = (status: StatusObject): MutationResult => ({ kind: 'error', status });

export function applyMutation(
  m: Mutation,
  current: KubeObject | undefined,
  fresh: boolean,
  c: MutationContext,
): MutationResult {
  const q = qualified(c.info);
  if (!current) return error(statusErrors.notFound(q, c.name));
  switch (m.type) {
    case 'update':
      return update(m.body, current, fresh, c);
    case 'patch': {
      // A status write keeps only the patched status and metadata (prepareForUpdate copies the
      // metadata; the patch copied every map it wrote): the rest need not be copied each time.
      const patched = applyPatch(
        m.contentType,
        c.info.kind,
        current as unknown as JsonObject,
        m.patch,
        c.subresource === 'status',
      );
      if (!patched.ok) return error(statusErrors.badRequest(patched.error));
      const body = patched.object as KubeObject;
      const sentVersion = (m.patch as { metadata?: { resourceVersion?: unknown } } | null)?.metadata
        ?.resourceVersion;
      // A patch is unconditional unless it names a resourceVersion itself.
      if (sentVersion === undefined)
        body.metadata = { ...body.metadata, resourceVersion: current.metadata.resourceVersion };
      // The patched object is a fresh copy made for this attempt: update may change it in place.
      return update(body, current, fresh, c, true);
    }
    case 'binding':
      return bind(m.nodeName, current, c);
    case 'scale':
      return scale(m, current, fresh, c);
    case 'delete':
      return remove(m, current, c);
  }
}

/**
 * The update path of a write. `owned` says `sent` was made for this attempt and may be changed in
 * place; otherwise (a request body, kept for retries) it is copied first.
 */
function update(
  sent: KubeObject,
  current: KubeObject,
  fresh: boolean,
  c: MutationContext,
  owned = false,
): MutationResult {
  const q = qualified(c.info);
  const sentName = sent.metadata.name;
  if (sentName !== undefined && sentName !== c.name) {
    return error(
      statusErrors.badRequest(
        `the name of the object (${String(sentName)}) does not match the name on the URL (${c.name})`,
      ),
    );
  }
  const sentVersion = sent.metadata.resourceVersion;
  if (
    sentVersion !== undefined &&
    sentVersion !== '' &&
    sentVersion !== current.metadata.resourceVersion
  ) {
    return fresh ? error(statusErrors.conflict(q, c.name)) : { kind: 'refresh' };
  }
  const notes: string[] = [];
  const candidate = owned ? sent : deepCopy(sent);
  if (!c.subresource) applyDefaults(candidate);
  const next = prepareForUpdate(c.info, c.subresource, candidate, current);
  addGoZeroValues(c.info, next);
  next.metadata.name = c.name;
  if (current.metadata.namespace) next.metadata.namespace = current.metadata.namespace;
  if (!c.subresource) {
    const changedBy = runMutatingAdmission(c.info, 'UPDATE', next, current);
    if (changedBy.length) notes.push(`mutating admission: ${changedBy.join(', ')}`);
  }
  // An unconditional update is checked as if it named the version it replaces.
  if (!next.metadata.resourceVersion)
    next.metadata.resourceVersion = current.metadata.resourceVersion;
  const errors = validateUpdate(c.info, next, current, c.subresource || undefined);
  const undecodable = decodeFailure(c.info, errors);
  if (undecodable) return error(statusErrors.badRequest(undecodable));
  if (errors.length)
    return error(
      statusErrors.invalid(groupKind(c.info), c.info.group, c.info.kind, c.name, errors),
    );
  notes.push('validation: passed');
  const registryErrors = c.subresource ? [] : (c.beforeStore?.(next, current) ?? []);
  if (registryErrors.length)
    return error(
      statusErrors.invalid(groupKind(c.info), c.info.group, c.info.kind, c.name, registryErrors),
    );
  if (sameStoredObject(next, current))
    return { kind: 'unchanged', object: current, respond: 'object', notes };
  // Removing the last finalizer of an object already being deleted completes the deletion.
  const finalizers = next.metadata.finalizers ?? [];
  if (
    current.metadata.deletionTimestamp &&
    finalizers.length === 0 &&
    current.metadata.deletionGracePeriodSeconds === 0 &&
    !pendingNamespaceFinalizers(next)
  ) {
    return { kind: 'delete', object: next, notes: [...notes, 'last finalizer removed: deleting'] };
  }
  return { kind: 'put', object: next, respond: 'object', code: 200, notes };
}

function pendingNamespaceFinalizers(obj: KubeObject): boolean {
  return (
    obj.kind === 'Namespace' &&
    ((obj.spec as JsonObject | undefined)?.finalizers as unknown[] | undefined)?.length !== 0 &&
    (obj.spec as JsonObject | undefined)?.finalizers !== undefined
  );
}

function bind(nodeName: string, current: KubeObject, c: MutationContext): MutationResult {
  const q = { ...qualified(c.info, 'binding') };
  const spec = (current.spec ?? {}) as JsonObject;
  if (current.metadata.deletionTimestamp)
    return error(
      statusErrors.conflict(
        q,
        c.name,
        `pod ${c.name} is being deleted, cannot be assigned to a host`,
      ),
    );
  if (spec.nodeName)
    return error(
      statusErrors.conflict(
        q,
        c.name,
        `pod ${c.name} is already assigned to node "${String(spec.nodeName)}"`,
      ),
    );
  const status = { ...((current.status ?? {}) as JsonObject) };
  const conditions = ((status.conditions ?? []) as JsonObject[]).filter(
    (cond) => cond.type !== 'PodScheduled',
  );
  conditions.push({
    type: 'PodScheduled',
    status: 'True',
    lastProbeTime: null,
    lastTransitionTime: c.timestamp,
  });
  status.conditions = conditions;
  const next: KubeObject = {
    ...current,
    spec: { ...spec, nodeName },
    status,
    metadata: { ...current.metadata },
  };
  return {
    kind: 'put',
    object: next,
    respond: 'binding',
    code: 201,
    notes: [`bind pod ${c.name} to node ${nodeName}`],
  };
}

/** The autoscaling/v1 Scale view of a Deployment or ReplicaSet. */
export function scaleOf(obj: KubeObject, selector: string): KubeObject {
  const spec = (obj.spec ?? {}) as JsonObject;
  const status = (obj.status ?? {}) as JsonObject;
  const m = obj.metadata;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: m.name,
      namespace: m.namespace,
      uid: m.uid,
      resourceVersion: m.resourceVersion,
      creationTimestamp: m.creationTimestamp,
    },
    spec: { replicas: (spec.replicas as number | undefined) ?? 0 },
    status: { replicas: (status.replicas as number | undefined) ?? 0, selector },
  };
}

function scale(
  m: Extract<Mutation, { type: 'scale' }>,
  current: KubeObject,
  fresh: boolean,
  c: MutationContext,
): MutationResult {
  let sent = m.scale;
  if (m.patch) {
    const patched = applyPatch(
      m.patch.contentType,
      'Scale',
      scaleOf(current, '') as unknown as JsonObject,
      m.patch.patch,
    );
    if (!patched.ok) return error(statusErrors.badRequest(patched.error));
    sent = patched.object as KubeObject;
  }
  const decoded = decodeObject(sent, c.info, 'Scale', 'autoscaling/v1');
  if (!decoded.ok) return error(statusErrors.badRequest(decoded.message));
  const replicas = (decoded.object.spec as JsonObject | undefined)?.replicas;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
    const e =
      typeof replicas === 'number'
        ? fieldError.invalid('spec.replicas', replicas, 'must be greater than or equal to 0')
        : fieldError.required('spec.replicas');
    return error(statusErrors.invalid('Scale.autoscaling', 'autoscaling', 'Scale', c.name, [e]));
  }
  const sentVersion = decoded.object.metadata.resourceVersion;
  const body: KubeObject = {
    ...current,
    spec: { ...((current.spec ?? {}) as JsonObject), replicas },
    metadata: { ...current.metadata },
  };
  if (sentVersion && !m.patch) body.metadata.resourceVersion = sentVersion;
  const result = update(body, current, fresh, { ...c, subresource: '' });
  if (result.kind === 'put' || result.kind === 'unchanged') return { ...result, respond: 'scale' };
  return result;
}
