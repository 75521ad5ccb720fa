import type { StepContext } from '../sim/component.ts';
import type { EtcdOp } from '../etcd/protocol.ts';
import type { ApiServerState } from './state.ts';

/** Operations the apiserver runs for itself rather than for a client request. */
export const INTERNAL = {
  cacheList: '#cache-list',
  cacheWatch: '#cache-watch',
  compact: '#compact',
} as const;

/** Sends a request to etcd on behalf of an operation; the reply is routed back to it. */
export function sendToEtcd(
  state: ApiServerState,
  ctx: StepContext,
  operationId: string,
  request: EtcdOp,
): string {
  const id = ctx.send(state.config.etcd, { kind: 'etcd.request', request });
  state.etcdRequests.set(id, operationId);
  return id;
}
