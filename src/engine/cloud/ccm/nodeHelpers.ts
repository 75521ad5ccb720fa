/** Node facts the cloud controllers read: taints, the Ready condition, addresses, labels. */
import type { KubeObject } from '../../api/objects.ts';
import type { NodeAddress } from '../protocol.ts';

/** cloudproviderapi.TaintExternalCloudProvider: set by a kubelet started with --cloud-provider=external. */
export const TAINT_EXTERNAL_CLOUD_PROVIDER = 'node.cloudprovider.kubernetes.io/uninitialized';
/** cloudproviderapi.TaintNodeShutdown. */
export const TAINT_NODE_SHUTDOWN = 'node.cloudprovider.kubernetes.io/shutdown';

export const LABEL_TOPOLOGY_ZONE = 'topology.kubernetes.io/zone';
export const LABEL_TOPOLOGY_REGION = 'topology.kubernetes.io/region';
export const LABEL_INSTANCE_TYPE_STABLE = 'node.kubernetes.io/instance-type';
export const LABEL_FAILURE_DOMAIN_BETA_ZONE = 'failure-domain.beta.kubernetes.io/zone';
export const LABEL_FAILURE_DOMAIN_BETA_REGION = 'failure-domain.beta.kubernetes.io/region';
export const LABEL_INSTANCE_TYPE = 'beta.kubernetes.io/instance-type';

export interface Taint {
  key: string;
  value?: string;
  effect: string;
  timeAdded?: string;
}

export function taintsOf(node: KubeObject): Taint[] {
  return ((node.spec as { taints?: Taint[] } | undefined)?.taints ?? []) as Taint[];
}

export function hasTaint(node: KubeObject, key: string): boolean {
  return taintsOf(node).some((t) => t.key === key);
}

export function providerIDOf(node: KubeObject): string {
  return (node.spec as { providerID?: string } | undefined)?.providerID ?? '';
}

/** The Ready condition's status; Unknown when the node reports none. */
export function readyStatus(node: KubeObject): string {
  const conditions = (
    node.status as { conditions?: { type: string; status: string }[] } | undefined
  )?.conditions;
  return conditions?.find((c) => c.type === 'Ready')?.status ?? 'Unknown';
}

export function addressesOf(node: KubeObject): NodeAddress[] {
  return ((node.status as { addresses?: NodeAddress[] } | undefined)?.addresses ??
    []) as NodeAddress[];
}

/** nodeAddressesChangeDetected. */
export function nodeAddressesChanged(
  a: readonly NodeAddress[],
  b: readonly NodeAddress[],
): boolean {
  if (a.length !== b.length) return true;
  const byType = new Map(a.map((x) => [x.type, x.address]));
  return b.some((x) => byType.get(x.type) !== x.address);
}
