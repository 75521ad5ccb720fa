/** Node pod CIDRs from the cluster CIDR (the range allocator). */
export {
  nodeIpamController,
  NODE_CIDR_MASK_SIZE,
  type NodeIpamState,
} from './nodeIpamController.ts';
export { allocateNext, newCidrSet, occupy, release, type CidrSet } from './cidrSet.ts';
