/**
 * Whether a value's JSON text takes more than `cap` UTF-8 bytes: the test behind etcd's
 * --max-request-bytes and the apiserver's request size limit. Every write is checked, and nearly
 * all are a few kilobytes against a limit of megabytes, so a walk first adds up a generous upper
 * bound without building any text; only a value whose bound reaches the limit is serialized and
 * counted exactly. The answer is always the exact one.
 *
 * A new version of an object mostly shares its parts with the stored one (a status write keeps
 * the spec), and what etcd stores is frozen: a frozen part's bound is remembered where the walk
 * first meets it, so the next version's walk skips it.
 */
import { deepCopy, jsonByteSize } from '../../shared/index.ts';

/** The most bytes one number can take in JSON ("-1.7976931348623157e+308" is 24). */
const NUMBER_BOUND = 25;

/** Bounds of frozen parts (frozen values never change), kept no longer than the values. */
const frozenBounds = new WeakMap<object, number>();

/**
 * An upper bound on the UTF-8 length of JSON.stringify(value). A UTF-16 code unit never takes
 * more than 6 bytes (the longest escape, \u001f, is 6; a surrogate pair is 4 for two units).
 */
export function jsonSizeBound(value: unknown): number {
  if (typeof value !== 'object' || value === null || !Object.isFrozen(value)) return bound(value);
  const known = frozenBounds.get(value);
  if (known !== undefined) return known;
  thawed = false;
  const b = bound(value, true);
  // Remembered only when frozen all the way down (etcd's freeze is; Object.freeze is shallow).
  if (!thawed) frozenBounds.set(value, b);
  return b;
}

/** Set by a walk inside a frozen part that meets a part that is not frozen. */
let thawed = false;

const OBJECT_PROTOTYPE = Object.prototype;
const ARRAY_PROTOTYPE = Array.prototype;

/**
 * A child's bound: an object outside a frozen part goes through jsonSizeBound (it may be a frozen
 * part with a remembered bound); anything else is walked directly.
 */
function child(value: unknown, frozen: boolean): number {
  return frozen || typeof value !== 'object' ? bound(value, frozen) : jsonSizeBound(value);
}

/** The walk; inside a frozen part (`frozen`) nothing is remembered. */
function bound(value: unknown, frozen = false): number {
  switch (typeof value) {
    case 'string':
      return 2 + 6 * value.length;
    case 'number':
      return NUMBER_BOUND;
    case 'boolean':
      return 5;
    case 'object': {
      if (value === null) return 4;
      if (frozen && !Object.isFrozen(value)) thawed = true;
      // Only plain objects and arrays are measured here. Anything else (a Date, or any value with
      // a toJSON method) could print anything: it is left to the exact count. Reading the
      // prototype is one load; looking up a missing toJSON walks the prototype chain of every
      // object of every shape. An own toJSON is caught among the keys below; requests carry JSON
      // data, so an array with a toJSON of its own, or one that is not enumerable, never comes.
      const proto = Object.getPrototypeOf(value) as unknown;
      let bytes = 2;
      if (proto === ARRAY_PROTOTYPE) {
        // An indexed loop: every write is measured, and an iterator allocates.
        const items = value as unknown[];
        for (let i = 0; i < items.length; i++) {
          const item = child(items[i], frozen);
          bytes += 1 + (item > 4 ? item : 4);
        }
        return bytes;
      }
      if (proto !== OBJECT_PROTOTYPE && proto !== null) return Number.POSITIVE_INFINITY;
      const obj = value as Record<string, unknown>;
      for (const key in obj) {
        const v = obj[key];
        if (typeof v === 'function' && key === 'toJSON') return Number.POSITIVE_INFINITY;
        bytes += 4 + 6 * key.length + child(v, frozen);
      }
      return bytes;
    }
    default:
      // undefined, functions and symbols: left out of objects, null (4) in arrays.
      return 0;
  }
}

export function jsonLongerThan(value: unknown, cap: number): boolean {
  return longerThanItsBound(value, jsonSizeBound(value), cap);
}

/** Whether `value` (whose size bound is `bound`) takes more than `cap` bytes: exact only near it. */
export function longerThanItsBound(value: unknown, bound: number, cap: number): boolean {
  return bound > cap && jsonByteSize(value, cap) > cap;
}

/** What copyWithBound has added up so far in the walk under way. */
let measured = 0;

/**
 * deepCopy and jsonSizeBound in one walk: the apiserver measures every body it reads against
 * its size limit and then copies it into an object of its own, and walking a body of a few
 * hundred parts once instead of twice is a measurable share of a large run. The copy is exactly
 * deepCopy's; the bound is never below jsonSizeBound's, and is the same for plain JSON data.
 */
export function copyWithBound<T>(value: T): { copy: T; bound: number } {
  measured = 0;
  const copy = copyMeasuring(value) as T;
  return { copy, bound: measured };
}

function copyMeasuring(value: unknown): unknown {
  switch (typeof value) {
    case 'string':
      measured += 2 + 6 * value.length;
      return value;
    case 'number':
      measured += NUMBER_BOUND;
      return value;
    case 'boolean':
      measured += 5;
      return value;
    case 'object':
      break;
    default:
      return value;
  }
  if (value === null) {
    measured += 4;
    return value;
  }
  // A frozen part (shared from a cache) has its bound remembered; it is copied all the same.
  if (Object.isFrozen(value)) {
    measured += jsonSizeBound(value);
    return deepCopy(value);
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto === ARRAY_PROTOTYPE) {
    const items = value as unknown[];
    const out: unknown[] = [];
    measured += 2;
    for (let i = 0; i < items.length; i++) {
      const before = measured;
      out.push(copyMeasuring(items[i]));
      // An item takes at least 4 bytes (undefined prints as null), as in bound's arrays.
      const item = measured - before;
      if (item < 4) measured += 4 - item;
      measured += 1;
    }
    return out;
  }
  if (proto !== OBJECT_PROTOTYPE && proto !== null) {
    measured = Number.POSITIVE_INFINITY;
    return deepCopy(value);
  }
  const obj = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  measured += 2;
  for (const key in obj) {
    const v = obj[key];
    if (typeof v === 'function' && key === 'toJSON') measured = Number.POSITIVE_INFINITY;
    measured += 4 + 6 * key.length;
    if (v !== undefined) out[key] = copyMeasuring(v);
  }
  return out;
}
