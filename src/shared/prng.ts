/**
 * A small seeded pseudo-random generator (sfc32, seeded through splitmix32).
 * Its state is plain data so it can live inside a component's state, be cloned into a
 * checkpoint and travel to a Web Worker: the same seed always gives the same sequence.
 */
export interface PrngState {
  a: number;
  b: number;
  c: number;
  d: number;
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** Hashes a string to 32 bits (FNV-1a), so each component can derive its own seed from a name. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export function createPrng(seed: number): PrngState {
  const next = splitmix32(seed);
  const state = { a: next(), b: next(), c: next(), d: next() };
  // Discard the first outputs: sfc32 mixes poorly right after seeding.
  for (let i = 0; i < 12; i++) nextUint32(state);
  return state;
}

/** A generator for one named component: same cluster seed and name, same sequence. */
export function prngFor(seed: number, name: string): PrngState {
  return createPrng((seed ^ hashString(name)) >>> 0);
}

export function nextUint32(s: PrngState): number {
  const t = (((s.a + s.b) >>> 0) + s.d) >>> 0;
  s.d = (s.d + 1) >>> 0;
  s.a = s.b ^ (s.b >>> 9);
  s.b = (s.c + (s.c << 3)) >>> 0;
  s.c = (s.c << 21) | (s.c >>> 11);
  s.c = (s.c + t) >>> 0;
  return t >>> 0;
}

/** A float in [0, 1). */
export function nextFloat(s: PrngState): number {
  return nextUint32(s) / 4294967296;
}

/** An integer in [0, n). */
export function nextInt(s: PrngState, n: number): number {
  if (!Number.isInteger(n) || n <= 0)
    throw new RangeError(`nextInt: n must be a positive integer, got ${n}`);
  return Math.floor(nextFloat(s) * n);
}

/**
 * `length` characters of `alphabet`, each drawn from the generator. Built from character codes:
 * appending one character at a time makes a string past 12 characters a chain of joined parts,
 * one object per character (a container's 64-hex id was 51 of them), kept until someone reads it.
 */
export function randomString(s: PrngState, length: number, alphabet: string): string {
  const codes = new Array<number>(length);
  for (let i = 0; i < length; i++) codes[i] = alphabet.charCodeAt(nextInt(s, alphabet.length));
  return String.fromCharCode.apply(null, codes);
}

const HEX_DIGITS = '0123456789abcdef';
/** The UUID's characters, filled in place: one flat string per uid, not a tree of joined parts. */
const uuidChars = new Array<number>(36).fill(0);

/** Writes `n` as `width` lowercase hex digits at `at`. */
function putHex(n: number, width: number, at: number): void {
  for (let i = width - 1; i >= 0; i--) {
    uuidChars[at + i] = HEX_DIGITS.charCodeAt(n & 0xf);
    n >>>= 4;
  }
}

/** An RFC 4122 version 4 UUID drawn from the generator, the form Kubernetes uses for metadata.uid. */
export function randomUuid(s: PrngState): string {
  const w0 = nextUint32(s);
  const w1 = nextUint32(s);
  const w2 = nextUint32(s);
  const w3 = nextUint32(s);
  putHex(w0, 8, 0);
  putHex(w1 >>> 16, 4, 9);
  putHex((w1 & 0x0fff) | 0x4000, 4, 14);
  putHex(((w2 >>> 16) & 0x3fff) | 0x8000, 4, 19);
  putHex(w2 & 0xffff, 4, 24);
  putHex(w3, 8, 28);
  uuidChars[8] = uuidChars[13] = uuidChars[18] = uuidChars[23] = 45; // '-'
  return String.fromCharCode.apply(null, uuidChars);
}
