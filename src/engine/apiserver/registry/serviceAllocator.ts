/**
 * The service REST storage's allocators: a ClusterIP from the service CIDR (10.96.0.0/12 by
 * default; the first address belongs to the `kubernetes` service) and node ports from
 * 30000-32767, each picked at random among the free ones as the real allocators do. What is in
 * use is read from the watch cache, plus what this apiserver handed out for writes the cache
 * has not seen yet.
 */
import { nextInt, type PrngState } from '../../../shared/index.ts';
import type { KubeObject } from '../../api/objects.ts';
import { fieldError, type FieldError } from '../../api/fieldErrors.ts';

export const SERVICE_CIDR = { base: (10 << 24) | (96 << 16), prefix: 12 };
export const NODE_PORT_RANGE = { base: 30000, size: 2768 };

export interface Reservations {
  /**
   * Addresses and ports handed out: the id of the operation still writing them, or, once
   * written, the etcd revision after which the watch cache shows them.
   */
  clusterIPs: Record<string, string | number>;
  nodePorts: Record<string, string | number>;
}

export function ipToString(n: number): string {
  return [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');
}

function ipToNumber(ip: string): number | undefined {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255))
    return undefined;
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

interface ServiceSpec {
  type?: string;
  clusterIP?: string;
  clusterIPs?: string[];
  ports?: { nodePort?: number; protocol?: string }[];
}

function specOf(svc: KubeObject): ServiceSpec {
  return (svc.spec ?? {}) as ServiceSpec;
}

function inUse(services: Iterable<KubeObject>, reserved: Reservations) {
  const ips = new Set(Object.keys(reserved.clusterIPs));
  const ports = new Set(Object.keys(reserved.nodePorts));
  for (const svc of services) {
    const spec = specOf(svc);
    for (const ip of spec.clusterIPs ?? (spec.clusterIP ? [spec.clusterIP] : [])) ips.add(ip);
    for (const p of spec.ports ?? [])
      if (p.nodePort) ports.add(`${p.protocol ?? 'TCP'}/${p.nodePort}`);
  }
  return { ips, ports };
}

/** Forgets reservations the cache has caught up with. */
export function pruneReservations(reserved: Reservations, cacheRevision: number): void {
  for (const table of [reserved.clusterIPs, reserved.nodePorts]) {
    for (const [k, rev] of Object.entries(table))
      if (typeof rev === 'number' && rev <= cacheRevision) delete table[k];
  }
}

function pickFree(rng: PrngState, size: number, taken: (i: number) => boolean): number | undefined {
  const start = nextInt(rng, size);
  for (let i = 0; i < size; i++) {
    const candidate = (start + i) % size;
    if (!taken(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Allocates what a Service needs, editing `svc` in place (a private copy). `old` is the stored
 * Service for updates (its allocations are kept). Returns field errors as the apiserver words them.
 */
export function allocateServiceAddresses(
  svc: KubeObject,
  old: KubeObject | undefined,
  services: Iterable<KubeObject>,
  reserved: Reservations,
  rng: PrngState,
  operationId: string,
): FieldError[] {
  const spec = specOf(svc);
  const type = spec.type ?? 'ClusterIP';
  const ignoreOwn = old
    ? [...services].filter((s) => s.metadata.uid !== old.metadata.uid)
    : [...services];
  const { ips, ports } = inUse(ignoreOwn, reserved);
  const errors: FieldError[] = [];
  if (type !== 'ExternalName' && spec.clusterIP !== 'None') {
    const requested = spec.clusterIP || spec.clusterIPs?.[0];
    const oldIP = old ? specOf(old).clusterIP : undefined;
    if (requested && requested !== oldIP) {
      const n = ipToNumber(requested);
      const size = 2 ** (32 - SERVICE_CIDR.prefix);
      const offset = n === undefined ? -1 : n - SERVICE_CIDR.base;
      if (offset <= 0 || offset >= size - 1) {
        errors.push(
          fieldError.invalid(
            'spec.clusterIPs',
            [requested],
            `failed to allocate IP ${requested}: the provided IP (${requested}) is not in the valid range. The range of valid IPs is 10.96.0.0/12`,
          ),
        );
      } else if (ips.has(requested)) {
        errors.push(
          fieldError.invalid(
            'spec.clusterIPs',
            [requested],
            `failed to allocate IP ${requested}: provided IP is already allocated`,
          ),
        );
      }
    } else if (!requested) {
      // Offset 0 is the network address and offset 1 the kubernetes service; the last is broadcast.
      const size = 2 ** (32 - SERVICE_CIDR.prefix) - 3;
      const picked = pickFree(rng, size, (i) => ips.has(ipToString(SERVICE_CIDR.base + 2 + i)));
      if (picked === undefined)
        errors.push(
          fieldError.invalid(
            'spec.clusterIPs',
            [],
            'failed to allocate a serviceIP: range is full',
          ),
        );
      else {
        spec.clusterIP = ipToString(SERVICE_CIDR.base + 2 + picked);
        spec.clusterIPs = [spec.clusterIP];
        reserved.clusterIPs[spec.clusterIP] = operationId;
      }
    }
    if (spec.clusterIP && !spec.clusterIPs) spec.clusterIPs = [spec.clusterIP];
    if (requested && requested !== oldIP) reserved.clusterIPs[requested] = operationId;
  }
  if (type === 'NodePort' || type === 'LoadBalancer') {
    const oldPorts = new Set(
      (old ? (specOf(old).ports ?? []) : []).map((p) => `${p.protocol ?? 'TCP'}/${p.nodePort}`),
    );
    (spec.ports ?? []).forEach((port, i) => {
      const protocol = port.protocol ?? 'TCP';
      if (port.nodePort) {
        const key = `${protocol}/${port.nodePort}`;
        if (!oldPorts.has(key) && ports.has(key))
          errors.push(
            fieldError.invalid(
              `spec.ports[${i}].nodePort`,
              port.nodePort,
              'provided port is already allocated',
            ),
          );
        ports.add(key);
        if (!oldPorts.has(key)) reserved.nodePorts[key] = operationId;
        return;
      }
      const picked = pickFree(rng, NODE_PORT_RANGE.size, (j) =>
        ports.has(`${protocol}/${NODE_PORT_RANGE.base + j}`),
      );
      if (picked === undefined) {
        errors.push(fieldError.invalid(`spec.ports[${i}].nodePort`, 0, 'range is full'));
        return;
      }
      port.nodePort = NODE_PORT_RANGE.base + picked;
      const key = `${protocol}/${port.nodePort}`;
      ports.add(key);
      reserved.nodePorts[key] = operationId;
    });
  }
  return errors;
}

/** The operation's write landed at `revision` (or failed: then its reservations are released). */
export function settleReservations(
  reserved: Reservations,
  operationId: string,
  revision: number | undefined,
): void {
  for (const table of [reserved.clusterIPs, reserved.nodePorts]) {
    for (const k of Object.keys(table)) {
      if (table[k] !== operationId) continue;
      if (revision === undefined) delete table[k];
      else table[k] = revision;
    }
  }
}
