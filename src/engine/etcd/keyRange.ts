/**
 * Key intervals as etcd's v3 API defines them, and a sorted key index.
 *
 * A request names `key` and an optional exclusive `rangeEnd`:
 * - no rangeEnd (or an empty one): just `key`;
 * - rangeEnd '\0': every key >= key;
 * - otherwise: every key in [key, rangeEnd) (prefixEnd(p) selects every key starting with p).
 *
 * Keys compare by UTF-16 code unit, which is byte order for the ASCII keys the apiserver writes.
 */

/** Whether `[key, rangeEnd)` names a single key. */
export function isSingleKey(rangeEnd: string | undefined): boolean {
  return rangeEnd === undefined || rangeEnd === '';
}

/** Whether `k` falls inside the interval a request names. */
export function inRange(k: string, key: string, rangeEnd: string | undefined): boolean {
  if (isSingleKey(rangeEnd)) return k === key;
  if (k < key) return false;
  return rangeEnd === '\0' || k < rangeEnd!;
}

/** Index of the first element of a sorted array that is >= key. */
export function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Merges two sorted arrays of distinct keys into one sorted array. */
export function mergeSorted(a: readonly string[], b: readonly string[]): string[] {
  const out: string[] = new Array<string>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = a[i]! < b[j]! ? a[i++]! : b[j++]!;
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
}

/** Inserts a key into a sorted array unless it is already there. */
export function insertSorted(sorted: string[], key: string): void {
  const i = lowerBound(sorted, key);
  if (sorted[i] !== key) sorted.splice(i, 0, key);
}

/** The keys of a sorted array that fall inside a request's interval, in order. */
export function keysInRange(
  sorted: readonly string[],
  key: string,
  rangeEnd: string | undefined,
): string[] {
  const out: string[] = [];
  for (let i = lowerBound(sorted, key); i < sorted.length; i++) {
    const k = sorted[i]!;
    if (!inRange(k, key, rangeEnd)) break;
    out.push(k);
  }
  return out;
}
