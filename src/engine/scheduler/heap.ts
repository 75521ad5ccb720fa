/**
 * A binary heap over a plain array (the queue's state must be cloneable, so the ordering is a
 * function passed to each call rather than stored). Used for activeQ and backoffQ.
 */
export type Less<T> = (a: T, b: T) => boolean;

/** A swap through a temporary: a destructuring swap allocates an array each time. */
function swap<T>(h: T[], a: number, b: number): void {
  const t = h[a]!;
  h[a] = h[b]!;
  h[b] = t;
}

function up<T>(h: T[], i: number, less: Less<T>): void {
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!less(h[i]!, h[parent]!)) break;
    swap(h, i, parent);
    i = parent;
  }
}

function down<T>(h: T[], i: number, less: Less<T>): void {
  const n = h.length;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= n) break;
    let j = l;
    if (l + 1 < n && less(h[l + 1]!, h[l]!)) j = l + 1;
    if (!less(h[j]!, h[i]!)) break;
    swap(h, i, j);
    i = j;
  }
}

export function heapPush<T>(h: T[], item: T, less: Less<T>): void {
  h.push(item);
  up(h, h.length - 1, less);
}

export function heapPop<T>(h: T[], less: Less<T>): T | undefined {
  if (h.length === 0) return undefined;
  const top = h[0];
  const last = h.pop()!;
  if (h.length > 0) {
    h[0] = last;
    down(h, 0, less);
  }
  return top;
}

/** Removes the item at index i (found by the caller). */
export function heapRemoveAt<T>(h: T[], i: number, less: Less<T>): T | undefined {
  if (i < 0 || i >= h.length) return undefined;
  const item = h[i];
  const last = h.pop()!;
  if (i < h.length) {
    h[i] = last;
    down(h, i, less);
    up(h, i, less);
  }
  return item;
}

/** Restores order after the item at index i changed. */
export function heapFix<T>(h: T[], i: number, less: Less<T>): void {
  down(h, i, less);
  up(h, i, less);
}
