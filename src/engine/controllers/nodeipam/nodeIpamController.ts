/**
 * The node IPAM controller with the range allocator (pkg/controller/nodeipam, 'nodeipam'): each
 * node gets a /24 from --cluster-cidr as spec.podCIDR and spec.podCIDRs; blocks nodes already
 * have are occupied at start, and a deleted node's block goes back to the pool.
 */
import type { KubeObject } from '../../api/objects.ts';
import { Lister, WorkQueue, isSuccess, sendPatch } from '../../client/index.ts';
import type { ControllerDefinition, ControllerKit } from '../framework.ts';
import { allocateNext, newCidrSet, occupy, release, type CidrSet } from './cidrSet.ts';

/** --node-cidr-mask-size for IPv4. */
export const NODE_CIDR_MASK_SIZE = 24;

export interface NodeIpamState {
  cidrs: CidrSet;
  /** Node name -> the CIDR allocated to it (written or being written). */
  allocated: Record<string, string>;
  /** Whether the blocks of the nodes in the first list have been occupied. */
  occupiedInitial: boolean;
}

const podCidrsOf = (node: KubeObject): string[] =>
  (node.spec as { podCIDRs?: string[] } | undefined)?.podCIDRs ?? [];

function nodeRef(node: KubeObject): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: node.metadata.name, uid: node.metadata.uid },
  };
}

function statusChange(node: KubeObject, status: string, kit: ControllerKit) {
  kit.event(nodeRef(node), 'Normal', status, `Node ${node.metadata.name} status is now: ${status}`);
}

/** Before the first allocation, every block some node already has is taken. */
function occupyExisting(s: NodeIpamState, kit: ControllerKit) {
  if (s.occupiedInitial) return;
  s.occupiedInitial = true;
  for (const node of Lister.list(kit.informer('nodes'))) {
    const cidr = podCidrsOf(node)[0];
    if (cidr && occupy(s.cidrs, cidr)) s.allocated[node.metadata.name!] = cidr;
  }
}

/** AllocateOrOccupyCIDR and updateCIDRsAllocation for one node. */
function syncNode(s: NodeIpamState, name: string, kit: ControllerKit) {
  occupyExisting(s, kit);
  const node = Lister.get(kit.informer('nodes'), '', name);
  if (!node) {
    const cidr = s.allocated[name];
    if (cidr) {
      release(s.cidrs, cidr);
      delete s.allocated[name];
      kit.ctx.note(`released ${cidr} of deleted node ${name}`);
    }
    return;
  }
  if (node.metadata.deletionTimestamp) return;
  const existing = podCidrsOf(node)[0];
  if (existing) {
    if (s.allocated[name] && s.allocated[name] !== existing) release(s.cidrs, s.allocated[name]!);
    occupy(s.cidrs, existing);
    s.allocated[name] = existing;
    return;
  }
  let cidr = s.allocated[name];
  if (!cidr) {
    cidr = allocateNext(s.cidrs);
    if (!cidr) {
      statusChange(node, 'CIDRNotAvailable', kit);
      return;
    }
    s.allocated[name] = cidr;
  }
  kit.ctx.note(`allocating ${cidr} to node ${name}`);
  sendPatch(
    kit.client,
    kit.ctx,
    'nodes',
    '',
    name,
    { spec: { podCIDR: cidr, podCIDRs: [cidr] } },
    {
      tag: kit.tag('podCIDR'),
      data: name,
      patchType: 'application/strategic-merge-patch+json',
    },
  );
}

export const nodeIpamController: ControllerDefinition<NodeIpamState> = {
  name: 'nodeipam',
  eventSource: 'cidrAllocator',
  informers: [{ resource: 'nodes' }],
  init(kit) {
    return {
      cidrs: newCidrSet(kit.settings.clusterCidr, NODE_CIDR_MASK_SIZE),
      allocated: {},
      occupiedInitial: false,
    };
  },
  handleEvent(_s, _resource, event, kit) {
    WorkQueue.add(kit.queue, event.object.metadata.name!);
  },
  handleResponse(s, response, kit) {
    if (response.tag !== 'podCIDR' || isSuccess(response)) return;
    const name = response.data as string;
    const node = Lister.get(kit.informer('nodes'), '', name);
    if (node) statusChange(node, 'CIDRAssignmentFailed', kit);
    const cidr = s.allocated[name];
    if (cidr && response.code !== 409) {
      release(s.cidrs, cidr);
      delete s.allocated[name];
    }
    WorkQueue.addRateLimited(kit.queue, name, kit.ctx);
  },
  sync(s, key, kit) {
    syncNode(s, key, kit);
  },
};
