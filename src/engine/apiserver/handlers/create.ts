/**
 * POST: decode, namespace lifecycle, defaults and mutating admission, the create strategy
 * (generateName, uid, creationTimestamp), validation, then an etcd transaction that succeeds
 * only if the key does not exist yet.
 */
import type { StepContext } from '../../sim/component.ts';
import type { KeyValue, TxnResponse } from '../../etcd/protocol.ts';
import type { KubeObject } from '../../api/objects.ts';
import { etcdKey, findResource, groupKind } from '../../api/resources.ts';
import { fieldError } from '../../api/fieldErrors.ts';
import { statusErrors } from '../../api/status.ts';
import { applyDefaults } from '../admission/defaults.ts';
import { runMutatingAdmission, validatingAdmission } from '../admission/plugins.ts';
import { validateCreate } from '../validation/index.ts';
import { sendToEtcd } from '../etcdClient.ts';
import { decodeFailure } from '../decode.ts';
import { addGoZeroValues } from '../serialization.ts';
import { allocateForService } from '../registry/services.ts';
import { settleReservations } from '../registry/serviceAllocator.ts';
import { fillSystemFields, generateName, wallClock } from '../objectMeta.ts';
import { qualified, reply, resourceByKey } from '../respond.ts';
import type { ApiServerState, Operation } from '../state.ts';
import { prepareAfterIdentity, prepareForCreate, toStored } from '../strategy.ts';
import { decodeKeyValue, getResourceCache } from '../watchCache.ts';

const NAMESPACES = findResource('', 'namespaces')!;

function fail(
  state: ApiServerState,
  op: Operation,
  ctx: StepContext,
  status: ReturnType<typeof statusErrors.badRequest>,
): void {
  ctx.note(`rejected: ${status.code} ${status.reason}`);
  settleReservations(state.reservations, op.id, undefined);
  reply(ctx, op.client, op.id, status.code, status);
  state.operations.delete(op.id);
}

/** Starts a create; `op.object` holds the decoded body. */
export function startCreate(state: ApiServerState, op: Operation, ctx: StepContext): void {
  const info = resourceByKey(op.resourceKey);
  const obj = op.object!;
  const meta = obj.metadata;
  if (info.namespaced) {
    if (
      meta.namespace !== undefined &&
      meta.namespace !== '' &&
      meta.namespace !== op.info.namespace
    ) {
      return fail(
        state,
        op,
        ctx,
        statusErrors.badRequest(
          'the namespace of the provided object does not match the namespace sent on the request',
        ),
      );
    }
    meta.namespace = op.info.namespace;
  } else {
    delete meta.namespace;
  }
  applyDefaults(obj);
  if (!info.namespaced) return admitAndStore(state, op, ctx);
  // NamespaceLifecycle admission: the namespace must exist and not be terminating.
  const ns = getResourceCache(state.cache, NAMESPACES).store.get(
    etcdKey(NAMESPACES, undefined, op.info.namespace),
  );
  if (ns) return checkNamespace(state, op, ns, ctx);
  // Not in the cache yet (it may have just been created): look it up in etcd, as the plugin does.
  op.stage = 'nsLookup';
  sendToEtcd(state, ctx, op.id, {
    op: 'range',
    key: etcdKey(NAMESPACES, undefined, op.info.namespace),
  });
}

export function continueNamespaceLookup(
  state: ApiServerState,
  op: Operation,
  kvs: KeyValue[],
  ctx: StepContext,
): void {
  const kv = kvs[0];
  if (!kv)
    return fail(state, op, ctx, statusErrors.notFound(qualified(NAMESPACES), op.info.namespace));
  checkNamespace(state, op, decodeKeyValue(kv), ctx);
}

function checkNamespace(
  state: ApiServerState,
  op: Operation,
  ns: KubeObject,
  ctx: StepContext,
): void {
  if (
    ns.metadata.deletionTimestamp ||
    (ns.status as { phase?: string } | undefined)?.phase === 'Terminating'
  ) {
    const status = statusErrors.forbidden(
      qualified(resourceByKey(op.resourceKey)),
      op.object!.metadata.name ?? '',
      `unable to create new content in namespace ${op.info.namespace} because it is being terminated`,
    );
    status.details = {
      ...status.details,
      causes: [
        {
          type: 'NamespaceTerminating',
          message: `namespace ${op.info.namespace} is being terminated`,
          field: 'metadata.namespace',
        },
      ],
    };
    return fail(state, op, ctx, status);
  }
  if (ctx.tracing)
    ctx.note(`admission NamespaceLifecycle: namespace ${op.info.namespace} is Active`);
  admitAndStore(state, op, ctx);
}

function admitAndStore(state: ApiServerState, op: Operation, ctx: StepContext): void {
  const info = resourceByKey(op.resourceKey);
  const obj = op.object!;
  const meta = obj.metadata;
  const changedBy = runMutatingAdmission(info, 'CREATE', obj);
  if (changedBy.length) ctx.note(`mutating admission: ${changedBy.join(', ')}`);
  prepareForCreate(info, obj);
  addGoZeroValues(info, obj);
  if (!meta.name && meta.generateName) {
    meta.name = generateName(meta.generateName, ctx.rng);
    ctx.note(`generateName "${meta.generateName}" -> name "${meta.name}"`);
  }
  fillSystemFields(obj, info, ctx.rng, wallClock(state.config.startSeconds, ctx.now));
  prepareAfterIdentity(info, obj);
  const errors = meta.name
    ? validateCreate(info, obj)
    : [fieldError.required('metadata.name', 'name or generateName is required')];
  const undecodable = decodeFailure(info, errors);
  if (undecodable) return fail(state, op, ctx, statusErrors.badRequest(undecodable));
  if (errors.length)
    return fail(
      state,
      op,
      ctx,
      statusErrors.invalid(groupKind(info), info.group, info.kind, meta.name ?? '', errors),
    );
  ctx.note('validation: passed');
  const denial = validatingAdmission(info, 'CREATE', obj)[0];
  if (denial)
    return fail(
      state,
      op,
      ctx,
      statusErrors.forbidden(qualified(info), meta.name!, denial.message),
    );
  if (info.resource === 'services') {
    const allocationErrors = allocateForService(state, op.id, obj, undefined, ctx);
    if (allocationErrors.length)
      return fail(
        state,
        op,
        ctx,
        statusErrors.invalid(groupKind(info), info.group, info.kind, meta.name!, allocationErrors),
      );
  }
  op.key = etcdKey(info, meta.namespace, meta.name!);
  op.stage = 'create';
  if (ctx.tracing)
    ctx.note(`storage: txn put ${op.key} if it does not exist (create_revision = 0)`);
  sendToEtcd(state, ctx, op.id, {
    op: 'txn',
    compare: [{ key: op.key, target: 'CREATE', result: 'EQUAL', value: 0 }],
    success: [{ op: 'put', key: op.key, value: toStored(obj) }],
    failure: [],
  });
}

export function finishCreate(
  state: ApiServerState,
  op: Operation,
  txn: TxnResponse,
  ctx: StepContext,
): void {
  const info = resourceByKey(op.resourceKey);
  const obj = op.object!;
  if (!txn.succeeded)
    return fail(
      state,
      op,
      ctx,
      statusErrors.alreadyExists(qualified(info), obj.metadata.name ?? ''),
    );
  const created: KubeObject = {
    ...obj,
    metadata: { ...obj.metadata, resourceVersion: String(txn.header.revision) },
  };
  settleReservations(state.reservations, op.id, txn.header.revision);
  reply(ctx, op.client, op.id, 201, created);
  state.operations.delete(op.id);
}
