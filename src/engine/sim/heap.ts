/**
 * A 4-ary min-heap: each of the two tiers of the sequencer's queue (tieredQueue.ts), O(log n)
 * push and pop. Four
 * children per node halve the depth of a binary heap: a pop, which sifts down the whole depth,
 * makes half the moves through a queue of tens of thousands of timers and messages, and the
 * four keys it compares at each level sit side by side in memory.
 */
export class MinHeap<T> {
  private readonly items: T[] = [];
  /**
   * With a `key`: each item's primary key, kept beside it. Sifting compares these numbers and
   * reads the items only on a tie; a sift otherwise touches a scattered object (and the number
   * boxed in it) at every level, on the hottest path of a run.
   */
  private keys: Float64Array | undefined;

  /**
   * `key`, when given, must order items as `compare` does first: key(a) < key(b) means a comes
   * first, and equal keys are left to `compare`.
   */
  constructor(
    private readonly compare: (a: T, b: T) => number,
    private readonly key?: (item: T) => number,
  ) {
    if (key) this.keys = new Float64Array(64);
  }

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  // Both sifts move a hole rather than swapping pairs: no temporary arrays on the hottest path
  // of a run (every message in flight passes through here twice).
  push(item: T): void {
    const items = this.items;
    let i = items.length;
    items.push(item);
    if (this.key) return this.pushKeyed(item, i);
    while (i > 0) {
      const parent = (i - 1) >> 2;
      const p = items[parent]!;
      if (this.compare(item, p) >= 0) break;
      items[i] = p;
      i = parent;
    }
    items[i] = item;
  }

  pop(): T | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    const n = items.length;
    if (n > 0 && last !== undefined) {
      if (this.keys) {
        this.popKeyed(last, this.keys[n]!, n);
        return top;
      }
      let i = 0;
      for (;;) {
        const first = 4 * i + 1;
        if (first >= n) break;
        const end = first + 4 < n ? first + 4 : n;
        let m = first;
        for (let c = first + 1; c < end; c++) if (this.compare(items[c]!, items[m]!) < 0) m = c;
        if (this.compare(items[m]!, last) >= 0) break;
        items[i] = items[m]!;
        i = m;
      }
      items[i] = last;
    }
    return top;
  }

  /** The items in no particular order (for checkpoints). */
  toArray(): T[] {
    return this.items.slice();
  }

  private pushKeyed(item: T, at: number): void {
    const items = this.items;
    const k = this.key!(item);
    if (at >= this.keys!.length) {
      const grown = new Float64Array(this.keys!.length * 2);
      grown.set(this.keys!);
      this.keys = grown;
    }
    const keys = this.keys!;
    let i = at;
    while (i > 0) {
      const parent = (i - 1) >> 2;
      const pk = keys[parent]!;
      if (k > pk || (k === pk && this.compare(item, items[parent]!) >= 0)) break;
      items[i] = items[parent]!;
      keys[i] = pk;
      i = parent;
    }
    items[i] = item;
    keys[i] = k;
  }

  /** Sifts `last` (key `lk`, just taken off the end) down from the root of `n` items. */
  private popKeyed(last: T, lk: number, n: number): void {
    const items = this.items;
    const keys = this.keys!;
    let i = 0;
    for (;;) {
      const first = 4 * i + 1;
      if (first >= n) break;
      const end = first + 4 < n ? first + 4 : n;
      let m = first;
      let mk = keys[first]!;
      for (let c = first + 1; c < end; c++) {
        const ck = keys[c]!;
        if (ck < mk || (ck === mk && this.compare(items[c]!, items[m]!) < 0)) {
          m = c;
          mk = ck;
        }
      }
      if (mk > lk || (mk === lk && this.compare(items[m]!, last) >= 0)) break;
      items[i] = items[m]!;
      keys[i] = mk;
      i = m;
    }
    items[i] = last;
    keys[i] = lk;
  }
}
