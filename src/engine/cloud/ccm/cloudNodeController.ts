/**
 * The cloud node controller (k8s.io/cloud-provider/controllers/node): initializes each Node a
 * kubelet registered with the uninitialized taint. It asks the cloud for the instance's
 * metadata, then in one Update sets spec.providerID, the zone, region and instance-type labels
 * (GA and beta keys) and removes the taint, then patches status.addresses, and records
 * Synced "Node synced successfully". Nodes already initialized only get their labels
 * reconciled (the GA label follows the beta one).
 */
import { deepCopy, type JsonValue } from '../../../shared/index.ts';
import type { KubeObject } from '../../api/objects.ts';
import {
  isConflict,
  isSuccess,
  Lister,
  messageOf,
  newWorkQueue,
  sendPatch,
  sendUpdate,
  WorkQueue,
  type ClientResponse,
  type InformerEvent,
  type WorkQueueState,
} from '../../client/index.ts';
import type { CloudResponses, NodeAddress } from '../protocol.ts';
import type { CcmKit, CloudReply } from './kit.ts';
import {
  addressesOf,
  LABEL_FAILURE_DOMAIN_BETA_REGION,
  LABEL_FAILURE_DOMAIN_BETA_ZONE,
  LABEL_INSTANCE_TYPE,
  LABEL_INSTANCE_TYPE_STABLE,
  LABEL_TOPOLOGY_REGION,
  LABEL_TOPOLOGY_ZONE,
  nodeAddressesChanged,
  providerIDOf,
  taintsOf,
  TAINT_EXTERNAL_CLOUD_PROVIDER,
} from './nodeHelpers.ts';

export const CLOUD_NODE_CONTROLLER = 'cloud-node';

export interface CloudNodeControllerState {
  queue: WorkQueueState;
}

/** labelReconcileInfo: the beta key is the source of truth and the GA key must exist. */
const LABEL_RECONCILE = [
  [LABEL_FAILURE_DOMAIN_BETA_ZONE, LABEL_TOPOLOGY_ZONE],
  [LABEL_FAILURE_DOMAIN_BETA_REGION, LABEL_TOPOLOGY_REGION],
  [LABEL_INSTANCE_TYPE, LABEL_INSTANCE_TYPE_STABLE],
] as const;

export function newCloudNodeController(): CloudNodeControllerState {
  return { queue: newWorkQueue({ name: 'Nodes' }) };
}

export function cloudNodeHandleEvent(s: CloudNodeControllerState, e: InformerEvent): void {
  if (e.type === 'delete') return;
  WorkQueue.add(s.queue, e.object.metadata.name ?? '');
}

function finish(s: CloudNodeControllerState, key: string, ok: boolean, kit: CcmKit): void {
  if (ok) WorkQueue.forget(s.queue, key);
  else WorkQueue.addRateLimited(s.queue, key, kit.ctx);
  WorkQueue.done(s.queue, key);
}

/** syncNode. Returns false while it waits for a reply (the key stays processing). */
export function cloudNodeSync(s: CloudNodeControllerState, key: string, kit: CcmKit): boolean {
  const node = Lister.get(kit.nodes, '', key);
  if (!node) return true;
  if (!taintsOf(node).some((t) => t.key === TAINT_EXTERNAL_CLOUD_PROVIDER)) {
    const labels = node.metadata.labels ?? {};
    const update: Record<string, string> = {};
    for (const [primary, secondary] of LABEL_RECONCILE) {
      const value = labels[primary];
      if (value !== undefined && labels[secondary] !== value) update[secondary] = value;
    }
    if (Object.keys(update).length === 0) return true;
    sendPatch(
      kit.client,
      kit.ctx,
      'nodes',
      '',
      key,
      { metadata: { labels: update } },
      {
        tag: kit.tag('labels'),
        data: key,
      },
    );
    return false;
  }
  kit.ctx.note(`Initializing node ${key} with cloud provider`);
  kit.cloud(
    { method: 'InstanceMetadata', providerID: providerIDOf(node), nodeName: key },
    'metadata',
    key,
  );
  return false;
}

export function cloudNodeHandleCloud(
  s: CloudNodeControllerState,
  reply: CloudReply,
  kit: CcmKit,
): void {
  const key = reply.data as string;
  if (reply.error !== undefined || !reply.response) {
    kit.ctx.note(
      `error syncing '${key}': failed to get instance metadata for node ${key}: ${reply.error ?? ''}, requeuing`,
    );
    return finish(s, key, false, kit);
  }
  const meta = reply.response as unknown as CloudResponses['InstanceMetadata'];
  const current = Lister.get(kit.nodes, '', key);
  if (!current) return finish(s, key, true, kit);
  const node: KubeObject = deepCopy(current);
  const spec = (node.spec ??= {}) as { providerID?: string; taints?: unknown[] };
  if (!spec.providerID && meta.providerID) spec.providerID = meta.providerID;
  const labels = (node.metadata.labels ??= {});
  if (meta.instanceType) {
    labels[LABEL_INSTANCE_TYPE] = meta.instanceType;
    labels[LABEL_INSTANCE_TYPE_STABLE] = meta.instanceType;
  }
  if (meta.zone) {
    labels[LABEL_FAILURE_DOMAIN_BETA_ZONE] = meta.zone;
    labels[LABEL_TOPOLOGY_ZONE] = meta.zone;
  }
  if (meta.region) {
    labels[LABEL_FAILURE_DOMAIN_BETA_REGION] = meta.region;
    labels[LABEL_TOPOLOGY_REGION] = meta.region;
  }
  spec.taints = taintsOf(node).filter((t) => t.key !== TAINT_EXTERNAL_CLOUD_PROVIDER);
  sendUpdate(kit.client, kit.ctx, 'nodes', node, {
    tag: kit.tag('update'),
    data: { key, addresses: meta.nodeAddresses as unknown as JsonValue },
  });
}

export function cloudNodeHandleResponse(
  s: CloudNodeControllerState,
  r: ClientResponse,
  kit: CcmKit,
): void {
  if (r.tag === 'labels') return finish(s, r.data as string, isSuccess(r), kit);
  if (r.tag !== 'update') return; // the address patch: errors are only logged
  const { key, addresses } = r.data as unknown as { key: string; addresses: NodeAddress[] };
  if (!isSuccess(r)) {
    kit.ctx.note(`error syncing '${key}': ${isConflict(r) ? 'conflict' : messageOf(r)}, requeuing`);
    return finish(s, key, false, kit);
  }
  const updated = r.body as unknown as KubeObject;
  // updateNodeAddress: keep the kubelet's Hostname when the cloud gives none.
  let wanted = [...addresses];
  if (!wanted.some((a) => a.type === 'Hostname'))
    wanted = [...wanted, ...addressesOf(updated).filter((a) => a.type === 'Hostname')];
  if (wanted.length > 0 && nodeAddressesChanged(addressesOf(updated), wanted))
    sendPatch(
      kit.client,
      kit.ctx,
      'nodes',
      '',
      key,
      { status: { addresses: wanted } },
      {
        tag: kit.tag('addresses'),
        subresource: 'status',
      },
    );
  kit.ctx.note(`Successfully initialized node ${key} with cloud provider`);
  kit.event(updated, 'Normal', 'Synced', 'Node synced successfully');
  finish(s, key, true, kit);
}
