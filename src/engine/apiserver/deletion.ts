/**
 * What DELETE does to a stored object: preconditions, propagation finalizers, graceful pod
 * termination (deletionTimestamp = now + grace), finalizers that hold the object, and namespace
 * termination. Pure, like every mutation: the write loop stores the result.
 */
import { formatRfc3339, parseRfc3339, type JsonObject } from '../../shared/index.ts';
import type { KubeObject } from '../api/objects.ts';
import type { ResourceInfo } from '../api/resources.ts';
import { statusErrors, successStatus, type StatusObject } from '../api/status.ts';
import { error, type MutationContext, type MutationResult } from './mutations.ts';
import type { Mutation } from './state.ts';

export function remove(
  m: Extract<Mutation, { type: 'delete' }>,
  current: KubeObject,
  c: MutationContext,
): MutationResult {
  const meta = current.metadata;
  const pre = m.preconditions;
  // rest.BeforeDelete checks preconditions and names the object by its Kind in the Conflict.
  const byKind = { groupResource: c.info.kind, group: c.info.group, resource: c.info.kind };
  if (pre?.uid && pre.uid !== meta.uid) {
    return error(
      statusErrors.conflict(
        byKind,
        c.name,
        `the UID in the precondition (${pre.uid}) does not match the UID in record (${String(meta.uid)}). The object might have been deleted and then recreated`,
      ),
    );
  }
  if (pre?.resourceVersion && pre.resourceVersion !== meta.resourceVersion) {
    return error(
      statusErrors.conflict(
        byKind,
        c.name,
        `the ResourceVersion in the precondition (${pre.resourceVersion}) does not match the ResourceVersion in record (${String(meta.resourceVersion)}). The object might have been modified`,
      ),
    );
  }
  const finalizers = [...(meta.finalizers ?? [])];
  if (m.propagationPolicy === 'Foreground' && !finalizers.includes('foregroundDeletion'))
    finalizers.push('foregroundDeletion');
  if (m.propagationPolicy === 'Orphan' && !finalizers.includes('orphan')) finalizers.push('orphan');

  if (c.info.resource === 'namespaces') {
    const specFinalizers = ((current.spec as JsonObject | undefined)?.finalizers ?? []) as string[];
    if (specFinalizers.length === 0 && finalizers.length === 0)
      return {
        kind: 'delete',
        object: current,
        notes: ['namespace has no finalizers left: deleting'],
      };
    if (meta.deletionTimestamp)
      return {
        kind: 'unchanged',
        object: current,
        respond: 'object',
        notes: ['namespace is already terminating'],
      };
    const next: KubeObject = {
      ...current,
      metadata: {
        ...meta,
        finalizers: finalizers.length ? finalizers : undefined,
        deletionTimestamp: c.timestamp,
        deletionGracePeriodSeconds: 0,
      },
      status: { ...((current.status ?? {}) as JsonObject), phase: 'Terminating' },
    };
    return {
      kind: 'put',
      object: next,
      respond: 'object',
      code: 200,
      notes: ['namespace marked Terminating; the namespace controller empties it'],
    };
  }

  let grace = 0;
  if (c.info.resource === 'pods') {
    const spec = (current.spec ?? {}) as JsonObject;
    const phase = (current.status as JsonObject | undefined)?.phase;
    grace =
      m.gracePeriodSeconds ?? (spec.terminationGracePeriodSeconds as number | undefined) ?? 30;
    // A pod no kubelet runs, or one that already finished, has nothing to stop gracefully.
    if (!spec.nodeName || phase === 'Succeeded' || phase === 'Failed') grace = 0;
    if (grace < 0) grace = 1;
    const existing = meta.deletionGracePeriodSeconds;
    if (meta.deletionTimestamp && existing !== undefined && grace >= existing) {
      return {
        kind: 'unchanged',
        object: current,
        respond: 'object',
        notes: [`pod is already terminating (grace period ${existing}s)`],
      };
    }
  }
  if (grace === 0 && finalizers.length === 0) {
    // A pod's deletion is always graceful: even with grace 0 the apiserver first records
    // deletionTimestamp and deletionGracePeriodSeconds 0, then deletes (two writes, MODIFIED then
    // DELETED for watchers). Other objects without finalizers go at once.
    const alreadyZero = meta.deletionTimestamp && meta.deletionGracePeriodSeconds === 0;
    if (c.info.resource !== 'pods' || alreadyZero)
      return { kind: 'delete', object: current, notes: [] };
    const marked: KubeObject = {
      ...current,
      metadata: { ...meta, deletionTimestamp: deadline(meta, 0, c), deletionGracePeriodSeconds: 0 },
    };
    return {
      kind: 'put',
      object: marked,
      respond: 'deleted',
      code: 200,
      notes: ['deletionGracePeriodSeconds 0: recorded, then deleted'],
      thenDelete: true,
    };
  }
  if (
    grace === 0 &&
    meta.deletionTimestamp &&
    meta.deletionGracePeriodSeconds === 0 &&
    finalizers.length === (meta.finalizers ?? []).length
  ) {
    return {
      kind: 'unchanged',
      object: current,
      respond: 'object',
      notes: [`waiting for finalizers: ${finalizers.join(', ')}`],
    };
  }
  const next: KubeObject = {
    ...current,
    metadata: {
      ...meta,
      finalizers: finalizers.length ? finalizers : undefined,
      deletionTimestamp: deadline(meta, grace, c),
      deletionGracePeriodSeconds: grace,
    },
  };
  const why =
    grace > 0
      ? `graceful deletion: deletionTimestamp set, ${grace}s for the kubelet to stop the pod`
      : `waiting for finalizers: ${finalizers.join(', ')}`;
  return { kind: 'put', object: next, respond: 'object', code: 200, notes: [why] };
}

/**
 * When the grace period runs out. A first delete counts from now; shortening a pending one
 * counts from when that deletion began (the old deadline minus the old grace period).
 */
function deadline(meta: KubeObject['metadata'], grace: number, c: MutationContext): string {
  const old = meta.deletionTimestamp ? parseRfc3339(String(meta.deletionTimestamp)) : undefined;
  const oldGrace = meta.deletionGracePeriodSeconds ?? 0;
  if (old === undefined) return grace === 0 ? c.timestamp : c.timestampAfter(grace);
  return formatRfc3339(old - oldGrace + grace);
}

/** What a successful delete answers with: the object for pods, a Success Status otherwise. */
export function deletedResponse(info: ResourceInfo, object: KubeObject): KubeObject | StatusObject {
  if (info.resource === 'pods') return object;
  return successStatus({
    name: object.metadata.name,
    group: info.group,
    kind: info.resource,
    uid: object.metadata.uid,
  });
}
