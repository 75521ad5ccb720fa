/**
 * The cloud's inventory as plain data: machines (the instances nodes run on) and load
 * balancers, with the pure functions that change it. Machine addresses come from a private
 * range in order of creation; load balancer addresses from TEST-NET-3 (203.0.113.0/24), the
 * first free one, so a run is deterministic.
 */
import type { LoadBalancerPort, NodeAddress, ServiceRef } from './protocol.ts';

export interface Machine {
  nodeName: string;
  /** kubeviz://<zone>/<node>. */
  providerID: string;
  zone: string;
  region: string;
  instanceType: string;
  addresses: NodeAddress[];
  running: boolean;
}

export interface LoadBalancer {
  /** cloudprovider.DefaultLoadBalancerName: "a" + the service UID without dashes, 32 chars. */
  name: string;
  service: ServiceRef;
  ip: string;
  nodes: string[];
  ports: LoadBalancerPort[];
  status: 'provisioning' | 'active';
}

export interface Inventory {
  region: string;
  machines: Record<string, Machine>;
  loadBalancers: Record<string, LoadBalancer>;
  /** Machines ever created: numbers the next private address. */
  machineCount: number;
}

export const PROVIDER_NAME = 'kubeviz';
export const DEFAULT_REGION = 'kubeviz-central1';
export const DEFAULT_INSTANCE_TYPE = 'kv-standard-2';
const LB_POOL_BASE = '203.0.113.';
const LB_POOL_FIRST = 10;

export function newInventory(region = DEFAULT_REGION): Inventory {
  return { region, machines: {}, loadBalancers: {}, machineCount: 0 };
}

/** The zones of a region: <region>-a, -b, -c; machines are spread over them in turn. */
export function zonesOf(region: string): string[] {
  return ['a', 'b', 'c'].map((z) => `${region}-${z}`);
}

export function providerIDFor(zone: string, nodeName: string): string {
  return `${PROVIDER_NAME}://${zone}/${nodeName}`;
}

export function addMachine(
  inv: Inventory,
  spec: { nodeName: string; zone?: string; instanceType?: string; internalIP?: string },
): Machine {
  const n = inv.machineCount++;
  const zone = spec.zone ?? zonesOf(inv.region)[n % 3]!;
  const machine: Machine = {
    nodeName: spec.nodeName,
    providerID: providerIDFor(zone, spec.nodeName),
    zone,
    region: inv.region,
    instanceType: spec.instanceType ?? DEFAULT_INSTANCE_TYPE,
    addresses: [
      { type: 'InternalIP', address: spec.internalIP ?? `192.168.0.${11 + n}` },
      { type: 'Hostname', address: spec.nodeName },
    ],
    running: true,
  };
  inv.machines[spec.nodeName] = machine;
  return machine;
}

/** An instance by providerID, or by node name when the providerID is empty. */
export function findMachine(
  inv: Inventory,
  providerID: string,
  nodeName: string,
): Machine | undefined {
  if (providerID) return Object.values(inv.machines).find((m) => m.providerID === providerID);
  return inv.machines[nodeName];
}

export function defaultLoadBalancerName(service: ServiceRef): string {
  return `a${service.uid.replace(/-/g, '')}`.slice(0, 32);
}

export function allocateLoadBalancerIP(inv: Inventory): string {
  const used = new Set(Object.values(inv.loadBalancers).map((lb) => lb.ip));
  for (let i = LB_POOL_FIRST; i < 255; i++) {
    const ip = `${LB_POOL_BASE}${i}`;
    if (!used.has(ip)) return ip;
  }
  throw new Error('load balancer address pool exhausted');
}
