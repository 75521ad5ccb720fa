/**
 * The write loop of the registry (GuaranteedUpdate): take the object from the watch cache,
 * compute the change, and ask etcd to store it only if the object is still at that revision.
 * If etcd says it moved on, the transaction's failure branch returns the latest copy and the
 * change is computed again, so concurrent writers never lose updates silently.
 */
import type { StepContext } from '../../sim/component.ts';
import type { KeyValue, TxnResponse } from '../../etcd/protocol.ts';
import type { KubeObject } from '../../api/objects.ts';
import { workloadSelectorText } from '../../api/labels.ts';
import { statusErrors, successStatus } from '../../api/status.ts';
import { sendToEtcd } from '../etcdClient.ts';
import { applyMutation, deletedResponse, scaleOf, type MutationContext } from '../mutations.ts';
import { wallClock } from '../objectMeta.ts';
import { reply, resourceByKey } from '../respond.ts';
import type { ApiServerState, Operation } from '../state.ts';
import { toStored } from '../strategy.ts';
import { allocateForService } from '../registry/services.ts';
import { settleReservations } from '../registry/serviceAllocator.ts';
import { decodeKeyValue, getResourceCache, isCached } from '../watchCache.ts';

const MAX_ATTEMPTS = 16;

function mutationContext(state: ApiServerState, op: Operation, ctx: StepContext): MutationContext {
  const start = state.config.startSeconds;
  return {
    info: resourceByKey(op.resourceKey),
    subresource:
      op.info.subresource === 'binding' || op.info.subresource === 'scale'
        ? ''
        : op.info.subresource,
    name: op.info.name,
    timestamp: wallClock(start, ctx.now),
    timestampAfter: (seconds) => wallClock(start, ctx.now + seconds * 1000),
    ...(op.resourceKey === '/services'
      ? {
          beforeStore: (next: KubeObject, current: KubeObject) =>
            allocateForService(state, op.id, next, current, ctx),
        }
      : {}),
  };
}

/** Starts a write from the cached object (or from etcd when there is no cached copy). */
export function startWrite(state: ApiServerState, op: Operation, ctx: StepContext): void {
  const info = resourceByKey(op.resourceKey);
  const cached = isCached(info) ? getResourceCache(state.cache, info).store.get(op.key) : undefined;
  if (cached) attemptWrite(state, op, cached, false, ctx);
  else refresh(state, op, ctx);
}

function refresh(state: ApiServerState, op: Operation, ctx: StepContext): void {
  op.stage = 'refresh';
  sendToEtcd(state, ctx, op.id, { op: 'range', key: op.key });
}

/** etcd answered a refresh read or a transaction for this write. */
export function continueWrite(
  state: ApiServerState,
  op: Operation,
  kvs: KeyValue[],
  txn: TxnResponse | undefined,
  ctx: StepContext,
): void {
  if (txn?.succeeded) {
    finish(state, op, txn, ctx);
    return;
  }
  op.attempts++;
  if (op.attempts > MAX_ATTEMPTS) {
    reply(
      ctx,
      op.client,
      op.id,
      500,
      statusErrors.internal(`too many conflicting writes to ${op.key}`),
    );
    state.operations.delete(op.id);
    return;
  }
  if (txn)
    ctx.note(
      `etcd txn failed: ${op.key} changed since revision ${op.basedOn ?? 0}; retrying with the latest copy`,
    );
  const kv = kvs[0];
  attemptWrite(state, op, kv ? decodeKeyValue(kv) : undefined, true, ctx);
}

function attemptWrite(
  state: ApiServerState,
  op: Operation,
  current: KubeObject | undefined,
  fresh: boolean,
  ctx: StepContext,
): void {
  const result = applyMutation(op.mutation!, current, fresh, mutationContext(state, op, ctx));
  const respond = (code: number, body: Parameters<typeof reply>[4]) => {
    settleReservations(state.reservations, op.id, undefined);
    reply(ctx, op.client, op.id, code, body);
    state.operations.delete(op.id);
  };
  switch (result.kind) {
    case 'error':
      ctx.note(`rejected: ${result.status.code} ${result.status.reason}`);
      respond(result.status.code, result.status);
      return;
    case 'refresh':
      refresh(state, op, ctx);
      return;
    case 'unchanged':
      // "No change" judged against the cache's copy may be wrong: the cache can lag etcd. As the
      // registry does, confirm against the latest stored object before answering.
      if (!fresh) return refresh(state, op, ctx);
      for (const n of result.notes) ctx.note(n);
      ctx.note('no change: nothing written to etcd');
      respond(200, responseBody(op, result.object, result.respond));
      return;
  }
  for (const n of result.notes) ctx.note(n);
  const modRevision = Number(current!.metadata.resourceVersion);
  op.basedOn = modRevision;
  op.stage = 'write';
  op.object = result.object;
  op.respondAs = result.kind === 'put' ? result.respond : 'deleted';
  op.thenDelete = result.kind === 'put' && result.thenDelete === true;
  op.successCode = result.kind === 'put' ? result.code : 200;
  const compare = [
    { key: op.key, target: 'MOD' as const, result: 'EQUAL' as const, value: modRevision },
  ];
  const success =
    result.kind === 'put'
      ? [{ op: 'put' as const, key: op.key, value: toStored(result.object) }]
      : [{ op: 'deleteRange' as const, key: op.key }];
  if (ctx.tracing)
    ctx.note(
      `storage: txn ${result.kind === 'put' ? 'put' : 'delete'} ${op.key} if mod_revision = ${modRevision}`,
    );
  sendToEtcd(state, ctx, op.id, {
    op: 'txn',
    compare,
    success,
    failure: [{ op: 'range', key: op.key }],
  });
}

function finish(state: ApiServerState, op: Operation, txn: TxnResponse, ctx: StepContext): void {
  const object = op.object!;
  const stored: KubeObject = {
    ...object,
    metadata: { ...object.metadata, resourceVersion: String(txn.header.revision) },
  };
  if (op.thenDelete) {
    // The deletion is recorded; now remove the object, guarded on the revision just written.
    op.thenDelete = false;
    op.object = stored;
    op.basedOn = txn.header.revision;
    ctx.note(`storage: txn delete ${op.key} if mod_revision = ${txn.header.revision}`);
    sendToEtcd(state, ctx, op.id, {
      op: 'txn',
      compare: [{ key: op.key, target: 'MOD', result: 'EQUAL', value: txn.header.revision }],
      success: [{ op: 'deleteRange', key: op.key }],
      failure: [{ op: 'range', key: op.key }],
    });
    return;
  }
  settleReservations(state.reservations, op.id, txn.header.revision);
  const respondAs = op.respondAs ?? 'object';
  reply(
    ctx,
    op.client,
    op.id,
    op.info.subresource === 'eviction' ? 201 : (op.successCode ?? 200),
    responseBody(op, stored, respondAs),
  );
  state.operations.delete(op.id);
}

function responseBody(
  op: Operation,
  object: KubeObject,
  respond: string,
): KubeObject | ReturnType<typeof successStatus> {
  const info = resourceByKey(op.resourceKey);
  // An accepted eviction answers 201 with a Success Status, whatever the delete did.
  if (op.info.subresource === 'eviction') return successStatus();
  switch (respond) {
    case 'scale':
      return scaleOf(object, workloadSelectorText(object));
    case 'binding':
      return successStatus();
    case 'deleted':
      return deletedResponse(info, object) as KubeObject;
    default:
      return object;
  }
}
