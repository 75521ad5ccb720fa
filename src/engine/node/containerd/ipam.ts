/**
 * The CNI's host-local IPAM: pod addresses from the node's pod CIDR, the first host address kept
 * for the bridge gateway, handed out round robin after the last one reserved (so a freed address
 * is not reused at once).
 */
import type { ContainerdState } from './state.ts';

function parseCidr(cidr: string): { base: number; size: number } | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const bits = Number(m[5]);
  if (octets.some((o) => o > 255) || bits < 8 || bits > 30) return undefined;
  const ip = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - bits);
  return { base: ip - (ip % size), size };
}

function formatIp(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

/** Allocates the next free address, or undefined when the range is exhausted or unset. */
export function allocateIp(state: ContainerdState): string | undefined {
  const range = parseCidr(state.podCidr);
  if (!range) return undefined;
  const inUse = new Set(
    [...state.sandboxes.values()].filter((s) => s.state === 'SANDBOX_READY').map((s) => s.ip),
  );
  // Offsets 0 (network), 1 (gateway) and size-1 (broadcast) are never handed out.
  const first = 2;
  const last = range.size - 2;
  const count = last - first + 1;
  for (let i = 1; i <= count; i++) {
    const offset = first + ((Math.max(state.lastReserved, first - 1) - first + i) % count);
    const ip = formatIp(range.base + offset);
    if (!inUse.has(ip)) {
      state.lastReserved = offset;
      return ip;
    }
  }
  return undefined;
}
