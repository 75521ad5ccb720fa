/**
 * What DELETE does to a stored object: preconditions, propagation finalizers, graceful pod
 * termination (deletionTimestamp = now + grace), finalizers that hold the object, and namespace
 * termination. Pure, like every mutation: the write loop stores the result.
 */
import type { JsonObject } from '../../shared/index.ts';
import type { KubeObject } from '../api/objects.ts';
import type { ResourceInfo } from '../api/resources.ts';
import { statusErrors, successStatus, type StatusObject } from '../api/status.ts';
import { error, type MutationContext, type MutationResult } from './mutations.ts';
import { qualified } from './respond.ts';
import type { Mutation } from './state.ts';

export function remove(
  m: Extract<Mutation, { type: 'delete' }>,
  current: KubeObject,
  c: MutationContext,
): MutationResult {
  const q = qualified(c.info);
  const meta = current.metadata;
  const pre = m.preconditions;
  if (pre?.uid && pre.uid !== meta.uid) {
    return error(
      statusErrors.conflict(
        q,
        c.name,
        `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${String(meta.uid)}`,
      ),
    );
  }
  if (pre?.resourceVersion && pre.resourceVersion !== meta.resourceVersion) {
    return error(
      statusErrors.conflict(
        q,
        c.name,
        `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${String(meta.resourceVersion)}`,
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
  if (grace === 0 && finalizers.length === 0) return { kind: 'delete', object: current, notes: [] };
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
      deletionTimestamp:
        meta.deletionTimestamp && grace !== 0
          ? c.timestampAfter(grace)
          : grace === 0
            ? (meta.deletionTimestamp ?? c.timestamp)
            : c.timestampAfter(grace),
      deletionGracePeriodSeconds: grace,
    },
  };
  const why =
    grace > 0
      ? `graceful deletion: deletionTimestamp set, ${grace}s for the kubelet to stop the pod`
      : `waiting for finalizers: ${finalizers.join(', ')}`;
  return { kind: 'put', object: next, respond: 'object', code: 200, notes: [why] };
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
