/**
 * The service controller (k8s.io/cloud-provider/controllers/service): for each Service that
 * wants a load balancer, records EnsuringLoadBalancer, adds the load-balancer-cleanup
 * finalizer, calls EnsureLoadBalancer with the stable node set, records EnsuredLoadBalancer
 * and patches status.loadBalancer.ingress. When the service stops wanting one (or is being
 * deleted) it deletes the load balancer (DeletingLoadBalancer / DeletedLoadBalancer) and
 * removes the finalizer. A failure records SyncLoadBalancerFailed and retries with back-off.
 *
 * syncLoadBalancerIfNeeded is a chain of calls here: the key stays "processing" in the work
 * queue from the first step until the last reply, as it stays inside one blocking sync in Go.
 */
import type { KubeObject } from '../../api/objects.ts';
import type { JsonValue } from '../../../shared/index.ts';
import {
  isNotFound,
  isSuccess,
  Lister,
  messageOf,
  newWorkQueue,
  sendPatch,
  WorkQueue,
  type ClientResponse,
  type InformerEvent,
  type WorkQueueState,
} from '../../client/index.ts';
import type { CcmKit, CloudReply } from './kit.ts';
import {
  hasLBFinalizer,
  loadBalancerIngress,
  LOAD_BALANCER_CLEANUP_FINALIZER,
  needsCleanup,
  needsUpdate,
  portsForLB,
  stableNodeSet,
  wantsLoadBalancer,
} from './serviceHelpers.ts';

export const SERVICE_CONTROLLER = 'service';

interface Operation {
  op: 'ensure' | 'delete';
  service: KubeObject;
}

export interface ServiceControllerState {
  queue: WorkQueueState;
  /** The sync in progress per key. */
  ops: Record<string, Operation>;
  /** lastSyncedNodes: the nodes each load balancer was last given. */
  lastSyncedNodes: Record<string, string[]>;
}

export function newServiceController(): ServiceControllerState {
  return { queue: newWorkQueue({ name: 'service' }), ops: {}, lastSyncedNodes: {} };
}

function keyOf(svc: KubeObject): string {
  return `${svc.metadata.namespace ?? ''}/${svc.metadata.name ?? ''}`;
}

function refOf(svc: KubeObject) {
  return {
    namespace: svc.metadata.namespace ?? '',
    name: svc.metadata.name ?? '',
    uid: svc.metadata.uid ?? '',
  };
}

export function serviceHandleEvent(s: ServiceControllerState, e: InformerEvent, kit: CcmKit): void {
  // Deletion is handled through the update that sets deletionTimestamp (the finalizer path).
  if (e.type === 'delete') return;
  const cur = e.object;
  const wanted =
    e.type === 'add'
      ? wantsLoadBalancer(cur) || needsCleanup(cur)
      : needsUpdate(e.oldObject, cur, (reason, message) =>
          kit.event(cur, 'Normal', reason, message),
        ) || needsCleanup(cur);
  if (wanted) WorkQueue.add(s.queue, keyOf(cur));
}

/** Node changes: load balancers whose node set is now different get UpdateLoadBalancer. */
export function serviceHandleNodeEvent(s: ServiceControllerState, kit: CcmKit): void {
  // Only load balancers care about the node set; without any, skip the walk over every node.
  if (Object.keys(s.lastSyncedNodes).length === 0) return;
  const nodes = stableNodeSet(Lister.list(kit.nodes));
  for (const [key, last] of Object.entries(s.lastSyncedNodes)) {
    if (last.join(',') === nodes.join(',') || s.ops[key]) continue;
    const [namespace, name] = key.split('/') as [string, string];
    const svc = Lister.get(kit.services, namespace, name);
    if (!svc || !wantsLoadBalancer(svc)) continue;
    s.lastSyncedNodes[key] = nodes;
    kit.cloud(
      { method: 'UpdateLoadBalancer', clusterName: kit.clusterName, service: refOf(svc), nodes },
      'hosts',
      key,
    );
  }
}

function fail(s: ServiceControllerState, key: string, err: string, kit: CcmKit): void {
  const op = s.ops[key];
  delete s.ops[key];
  if (op)
    kit.event(
      op.service,
      'Warning',
      'SyncLoadBalancerFailed',
      `Error syncing load balancer: ${err}`,
    );
  kit.ctx.note(`error processing service ${key} (retrying with exponential backoff): ${err}`);
  WorkQueue.addRateLimited(s.queue, key, kit.ctx);
  WorkQueue.done(s.queue, key);
}

function succeed(s: ServiceControllerState, key: string): void {
  delete s.ops[key];
  WorkQueue.forget(s.queue, key);
  WorkQueue.done(s.queue, key);
}

function patchFinalizers(
  kit: CcmKit,
  svc: KubeObject,
  finalizers: string[],
  tag: string,
  key: string,
) {
  sendPatch(
    kit.client,
    kit.ctx,
    'services',
    svc.metadata.namespace ?? '',
    svc.metadata.name ?? '',
    {
      metadata: { finalizers },
    },
    { tag: kit.tag(tag), data: key },
  );
}

/** patchStatus: only when the ingress changed. Returns false when a patch was sent. */
function patchStatus(kit: CcmKit, svc: KubeObject, ingress: unknown[], key: string): boolean {
  if (JSON.stringify(loadBalancerIngress(svc)) === JSON.stringify(ingress)) return true;
  kit.ctx.note(`Patching status for service ${key}`);
  sendPatch(
    kit.client,
    kit.ctx,
    'services',
    svc.metadata.namespace ?? '',
    svc.metadata.name ?? '',
    {
      status: {
        loadBalancer: ingress.length > 0 ? { ingress: ingress as JsonValue[] } : { ingress: null },
      },
    },
    { tag: kit.tag('status'), data: key, subresource: 'status' },
  );
  return false;
}

/** syncService. Returns false while the key's operation waits for replies. */
export function serviceSync(s: ServiceControllerState, key: string, kit: CcmKit): boolean {
  const [namespace, name] = key.split('/') as [string, string];
  const svc = Lister.get(kit.services, namespace, name);
  if (!svc) {
    delete s.lastSyncedNodes[key];
    return true;
  }
  if (!wantsLoadBalancer(svc) || needsCleanup(svc)) {
    s.ops[key] = { op: 'delete', service: svc };
    kit.cloud(
      { method: 'GetLoadBalancer', clusterName: kit.clusterName, service: refOf(svc) },
      'get',
      key,
    );
    return false;
  }
  s.ops[key] = { op: 'ensure', service: svc };
  kit.ctx.note(`Ensuring load balancer for service ${key}`);
  kit.event(svc, 'Normal', 'EnsuringLoadBalancer', 'Ensuring load balancer');
  if (!hasLBFinalizer(svc)) {
    patchFinalizers(
      kit,
      svc,
      [...(svc.metadata.finalizers ?? []), LOAD_BALANCER_CLEANUP_FINALIZER],
      'finalizer-added',
      key,
    );
    return false;
  }
  ensureLoadBalancer(s, key, kit);
  return false;
}

function ensureLoadBalancer(s: ServiceControllerState, key: string, kit: CcmKit): void {
  const svc = s.ops[key]!.service;
  const nodes = stableNodeSet(Lister.list(kit.nodes));
  if (nodes.length === 0)
    kit.event(
      svc,
      'Warning',
      'UnAvailableLoadBalancer',
      'There are no available nodes for LoadBalancer',
    );
  s.lastSyncedNodes[key] = nodes;
  kit.cloud(
    {
      method: 'EnsureLoadBalancer',
      clusterName: kit.clusterName,
      service: refOf(svc),
      nodes,
      ports: portsForLB(svc),
    },
    'ensured',
    key,
  );
}

function removeFinalizerThenFinish(s: ServiceControllerState, key: string, kit: CcmKit): void {
  const svc = s.ops[key]!.service;
  if (hasLBFinalizer(svc)) {
    const rest = (svc.metadata.finalizers ?? []).filter(
      (f) => f !== LOAD_BALANCER_CLEANUP_FINALIZER,
    );
    patchFinalizers(kit, svc, rest, 'finalizer-removed', key);
    return;
  }
  afterFinalizerRemoved(s, key, kit);
}

function afterFinalizerRemoved(s: ServiceControllerState, key: string, kit: CcmKit): void {
  const svc = s.ops[key]!.service;
  kit.event(svc, 'Normal', 'DeletedLoadBalancer', 'Deleted load balancer');
  delete s.lastSyncedNodes[key];
  if (patchStatus(kit, svc, [], key)) succeed(s, key);
}

export function serviceHandleCloud(
  s: ServiceControllerState,
  reply: CloudReply,
  kit: CcmKit,
): void {
  const key = reply.data as string;
  if (reply.tag === 'hosts') {
    if (reply.error !== undefined) WorkQueue.add(s.queue, key); // retried as a full sync
    return;
  }
  const op = s.ops[key];
  if (!op) return;
  if (reply.tag === 'get') {
    if (reply.error !== undefined)
      return fail(
        s,
        key,
        `failed to check if load balancer exists before cleanup: ${reply.error}`,
        kit,
      );
    if (reply.response?.exists === true) {
      kit.ctx.note(`Deleting existing load balancer for service ${key}`);
      kit.event(op.service, 'Normal', 'DeletingLoadBalancer', 'Deleting load balancer');
      kit.cloud(
        {
          method: 'EnsureLoadBalancerDeleted',
          clusterName: kit.clusterName,
          service: refOf(op.service),
        },
        'deleted',
        key,
      );
      return;
    }
    return removeFinalizerThenFinish(s, key, kit);
  }
  if (reply.tag === 'deleted') {
    if (reply.error !== undefined)
      return fail(s, key, `failed to delete load balancer: ${reply.error}`, kit);
    return removeFinalizerThenFinish(s, key, kit);
  }
  if (reply.tag === 'ensured') {
    if (reply.error !== undefined || !reply.response)
      return fail(
        s,
        key,
        `failed to ensure load balancer: ${reply.error ?? 'service status returned by EnsureLoadBalancer is nil'}`,
        kit,
      );
    kit.event(op.service, 'Normal', 'EnsuredLoadBalancer', 'Ensured load balancer');
    const ingress = (reply.response.ingress ?? []) as unknown[];
    // Patch against the freshest copy: the finalizer patch has moved the object on.
    const [namespace, name] = key.split('/') as [string, string];
    const latest = Lister.get(kit.services, namespace, name) ?? op.service;
    if (patchStatus(kit, latest, ingress, key)) succeed(s, key);
  }
}

export function serviceHandleResponse(
  s: ServiceControllerState,
  r: ClientResponse,
  kit: CcmKit,
): void {
  const key = r.data as string;
  if (!s.ops[key]) return;
  if (r.tag === 'finalizer-added') {
    if (!isSuccess(r))
      return fail(s, key, `failed to add load balancer cleanup finalizer: ${messageOf(r)}`, kit);
    s.ops[key]!.service = r.body as unknown as KubeObject;
    return ensureLoadBalancer(s, key, kit);
  }
  if (r.tag === 'finalizer-removed') {
    if (!isSuccess(r) && !isNotFound(r))
      return fail(s, key, `failed to remove load balancer cleanup finalizer: ${messageOf(r)}`, kit);
    return afterFinalizerRemoved(s, key, kit);
  }
  if (r.tag === 'status') {
    // A service gone right after its finalizer was removed is not an error.
    if (!isSuccess(r) && !isNotFound(r))
      return fail(s, key, `failed to update load balancer status: ${messageOf(r)}`, kit);
    succeed(s, key);
  }
}
