/**
 * The node lease controller: a Lease named after the node in kube-node-lease, owned by the Node,
 * renewed every leaseDurationSeconds x 0.25 (10 s for the default 40 s) by updating renewTime.
 * It gets the lease first (creating it if missing), then updates the copy it holds; a failed
 * update makes it get the lease again on the next renewal.
 */
import { formatRfc3339Micro } from '../../../shared/index.ts';
import type { KubeObject } from '../../api/objects.ts';
import {
  isNotFound,
  isSuccess,
  sendCreate,
  sendGet,
  sendUpdate,
  type ClientResponse,
} from '../../client/index.ts';
import type { StepContext } from '../../sim/component.ts';
import type { KubeletState } from './state.ts';

export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
export const LEASE_TIMER = 'leaseRenew';

export const renewIntervalMs = (state: KubeletState): number =>
  state.config.leaseDurationSeconds * 250;

/**
 * The heartbeat client's timeout (kubelet server.go): nodeStatusUpdateFrequency, capped at the
 * lease duration. Leases and node status use it, so a lost request is retried at the next beat
 * instead of blocking the heartbeat for the default client timeout.
 */
export const heartbeatTimeoutMs = (state: KubeletState): number =>
  Math.min(state.config.statusUpdateMs, state.config.leaseDurationSeconds * 1000);

function renewTime(state: KubeletState, ctx: StepContext): string {
  return formatRfc3339Micro(state.config.startSeconds + ctx.now / 1000);
}

function ownerReferences(state: KubeletState) {
  if (!state.nodeUid) return undefined;
  return [{ apiVersion: 'v1', kind: 'Node', name: state.config.nodeName, uid: state.nodeUid }];
}

function newLease(state: KubeletState, ctx: StepContext): KubeObject {
  const owners = ownerReferences(state);
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: {
      name: state.config.nodeName,
      namespace: NODE_LEASE_NAMESPACE,
      ...(owners ? { ownerReferences: owners } : {}),
    },
    spec: {
      holderIdentity: state.config.nodeName,
      leaseDurationSeconds: state.config.leaseDurationSeconds,
      renewTime: renewTime(state, ctx),
    },
  };
}

/** One renewal (the controller's sync): update the lease we hold, or get it first. */
export function renewLease(state: KubeletState, ctx: StepContext): void {
  if (state.lease.inFlight) return;
  state.lease.inFlight = true;
  const current = state.lease.current;
  if (!current) {
    sendGet(
      state.client,
      ctx,
      'leases.coordination.k8s.io',
      NODE_LEASE_NAMESPACE,
      state.config.nodeName,
      { tag: 'leaseGet', timeoutMs: heartbeatTimeoutMs(state) },
    );
    return;
  }
  const lease: KubeObject = {
    ...current,
    metadata: { ...current.metadata },
    spec: { ...(current.spec as object), renewTime: renewTime(state, ctx) },
  };
  const owners = ownerReferences(state);
  if (owners && !lease.metadata.ownerReferences?.length) lease.metadata.ownerReferences = owners;
  sendUpdate(state.client, ctx, 'leases.coordination.k8s.io', lease, {
    tag: 'leaseUpdate',
    timeoutMs: heartbeatTimeoutMs(state),
  });
}

export function handleLeaseReply(
  state: KubeletState,
  ctx: StepContext,
  r: ClientResponse,
): boolean {
  switch (r.tag) {
    case 'leaseGet':
      state.lease.inFlight = false;
      if (isSuccess(r)) {
        state.lease.current = r.body as KubeObject;
        renewLease(state, ctx);
      } else if (isNotFound(r)) {
        state.lease.inFlight = true;
        sendCreate(state.client, ctx, 'leases.coordination.k8s.io', newLease(state, ctx), {
          tag: 'leaseWrite',
          timeoutMs: heartbeatTimeoutMs(state),
        });
      }
      return true;
    case 'leaseUpdate':
    case 'leaseWrite':
      state.lease.inFlight = false;
      if (isSuccess(r)) state.lease.current = r.body as KubeObject;
      else delete state.lease.current;
      return true;
  }
  return false;
}
