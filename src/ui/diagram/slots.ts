/**
 * Sticky slots: each key keeps the slot it was given for as long as it is present, and a new key
 * takes the lowest free slot. The layout places things by slot, so an arrival never moves what
 * is already drawn, and a replacement pod lands beside the one it replaces (still Terminating),
 * not on top of it.
 */
export type Slots = ReadonlyMap<string, number>;

export const NO_SLOTS: Slots = new Map();

/** Slots for `keys` (in the order new ones should be placed), keeping those in `previous`. */
export function assignSlots(previous: Slots, keys: readonly string[]): Map<string, number> {
  const next = new Map<string, number>();
  const taken = new Set<number>();
  for (const key of keys) {
    const slot = previous.get(key);
    if (slot !== undefined && !taken.has(slot)) {
      next.set(key, slot);
      taken.add(slot);
    }
  }
  let free = 0;
  for (const key of keys) {
    if (next.has(key)) continue;
    while (taken.has(free)) free++;
    next.set(key, free);
    taken.add(free);
  }
  return next;
}

/** Whether two slot maps hold the same assignments (so a caller can keep the older one). */
export function sameSlots(a: Slots, b: Slots): boolean {
  if (a.size !== b.size) return false;
  for (const [key, slot] of a) if (b.get(key) !== slot) return false;
  return true;
}

const collator = new Intl.Collator('en', { numeric: true });

/** "node-2" before "node-10": names compared with their numbers as numbers. */
export function naturalCompare(a: string, b: string): number {
  return collator.compare(a, b);
}
