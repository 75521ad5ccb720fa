/**
 * cidrset.CidrSet: the cluster CIDR cut into equal node-sized blocks, handed out round-robin
 * from the block after the last one allocated, and released when a node goes away.
 */

export interface CidrSet {
  /** The cluster CIDR's base address as a 32-bit number. */
  base: number;
  clusterMaskSize: number;
  nodeMaskSize: number;
  maxCidrs: number;
  nextCandidate: number;
  /** Allocated block indexes. */
  used: number[];
}

export function parseIpv4(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    n = n * 256 + Number(p);
  }
  return n;
}

export const formatIpv4 = (n: number): string =>
  [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');

export function newCidrSet(clusterCidr: string, nodeMaskSize: number): CidrSet {
  const [ip, bits] = clusterCidr.split('/');
  const base = parseIpv4(ip ?? '');
  const clusterMaskSize = Number(bits);
  if (base === undefined || !Number.isInteger(clusterMaskSize) || clusterMaskSize > nodeMaskSize)
    throw new Error(`invalid cluster CIDR ${clusterCidr} for /${nodeMaskSize} node blocks`);
  return {
    base: base - (base % 2 ** (32 - clusterMaskSize)),
    clusterMaskSize,
    nodeMaskSize,
    maxCidrs: 2 ** (nodeMaskSize - clusterMaskSize),
    nextCandidate: 0,
    used: [],
  };
}

const blockSize = (s: CidrSet) => 2 ** (32 - s.nodeMaskSize);
const cidrOf = (s: CidrSet, index: number) =>
  `${formatIpv4(s.base + index * blockSize(s))}/${s.nodeMaskSize}`;

/** The block index of a CIDR inside the set, or undefined when it is outside it. */
export function indexOf(s: CidrSet, cidr: string): number | undefined {
  const [ip, bits] = cidr.split('/');
  const addr = parseIpv4(ip ?? '');
  if (addr === undefined || Number(bits) !== s.nodeMaskSize) return undefined;
  const offset = addr - s.base;
  if (offset < 0 || offset >= s.maxCidrs * blockSize(s) || offset % blockSize(s) !== 0)
    return undefined;
  return offset / blockSize(s);
}

/** AllocateNext: the next free block, or undefined when the range is full. */
export function allocateNext(s: CidrSet): string | undefined {
  for (let i = 0; i < s.maxCidrs; i++) {
    const candidate = (s.nextCandidate + i) % s.maxCidrs;
    if (s.used.includes(candidate)) continue;
    s.used.push(candidate);
    s.nextCandidate = (candidate + 1) % s.maxCidrs;
    return cidrOf(s, candidate);
  }
  return undefined;
}

/** Occupy: marks a block a node already has. */
export function occupy(s: CidrSet, cidr: string): boolean {
  const i = indexOf(s, cidr);
  if (i === undefined) return false;
  if (!s.used.includes(i)) s.used.push(i);
  return true;
}

export function release(s: CidrSet, cidr: string): void {
  const i = indexOf(s, cidr);
  if (i !== undefined) s.used = s.used.filter((u) => u !== i);
}
