/**
 * The pod-template-hash (controller.ComputeHash, v1.30): FNV-1a (32 bit) over the pod template,
 * then, if the Deployment has a collisionCount, over 8 more bytes (the count as little-endian
 * uint32, then four zero bytes), printed in decimal and passed through rand.SafeEncodeString.
 *
 * The real controller feeds FNV the go-spew dump (`%#v`, sorted keys) of the Go PodTemplateSpec
 * struct, which depends on Go's type layout; here the bytes hashed are the template's JSON with
 * sorted keys (UTF-8). The scheme is the real one; the hash values differ from a real cluster's.
 */
import { stableStringify } from '../../../shared/index.ts';

/** rand.SafeEncodeString's alphabet: no vowels, no 0/1/3, so no words and no look-alikes. */
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

function utf8(text: string): number[] {
  const out: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    else
      out.push(
        0xf0 | (cp >> 18),
        0x80 | ((cp >> 12) & 63),
        0x80 | ((cp >> 6) & 63),
        0x80 | (cp & 63),
      );
  }
  return out;
}

/** FNV-1a, 32 bit: offset basis 2166136261, prime 16777619. */
export function fnv32a(bytes: readonly number[], seed = 2166136261): number {
  let h = seed >>> 0;
  for (const b of bytes) {
    h ^= b & 0xff;
    h = Math.imul(h, 16777619) >>> 0;
  }
  return h >>> 0;
}

/** SafeEncodeString: each character of s mapped into the 27-letter alphabet by its code. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (const ch of s) out += ALPHANUMS[(ch.codePointAt(0) ?? 0) % ALPHANUMS.length];
  return out;
}

/** ComputeHash(template, collisionCount). */
export function computeHash(template: unknown, collisionCount?: number): string {
  let h = fnv32a(utf8(stableStringify(template)));
  if (collisionCount !== undefined && collisionCount !== null) {
    const c = collisionCount >>> 0;
    h = fnv32a([c & 0xff, (c >>> 8) & 0xff, (c >>> 16) & 0xff, (c >>> 24) & 0xff, 0, 0, 0, 0], h);
  }
  return safeEncodeString(String(h));
}
