/**
 * The sequencer's queue: a min-heap for what is due soon and another for the rest. A large
 * cluster keeps tens of thousands of timers minutes ahead (watch timeouts, lease renewals,
 * reflector re-lists), while the messages it delivers are due within milliseconds. In one heap
 * every pop sifts through the depth of all of them; here the busy heap holds only what is due
 * before the horizon, and a timer moves over once, when the horizon reaches it.
 *
 * The order is exactly one heap's: everything in `later` is due at or after the horizon, and
 * everything in `soon` before it.
 */
import { MinHeap } from './heap.ts';

export class TieredQueue<T> {
  private soon: MinHeap<T>;
  private later: MinHeap<T>;
  /** Everything in `later` is due at or after this time, everything in `soon` before it. */
  private horizon = Number.NEGATIVE_INFINITY;

  /**
   * `key` (the time an item is due) must order items as `compare` does first. `window` is how
   * far past the earliest later item the horizon moves when `soon` runs empty.
   */
  constructor(
    private readonly compare: (a: T, b: T) => number,
    private readonly key: (item: T) => number,
    private readonly window: number,
  ) {
    if (!(window > 0) || !Number.isFinite(window))
      throw new RangeError(`TieredQueue: window must be a positive number, got ${window}`);
    this.soon = new MinHeap(compare, key);
    this.later = new MinHeap(compare, key);
  }

  get size(): number {
    return this.soon.size + this.later.size;
  }

  push(item: T): void {
    if (this.key(item) < this.horizon) this.soon.push(item);
    else this.later.push(item);
  }

  pop(): T | undefined {
    if (this.soon.size === 0) this.advance();
    return this.soon.pop();
  }

  peek(): T | undefined {
    if (this.soon.size === 0) this.advance();
    return this.soon.peek();
  }

  /** The items in no particular order (for checkpoints). */
  toArray(): T[] {
    return [...this.soon.toArray(), ...this.later.toArray()];
  }

  /** Moves the horizon a window past the earliest later item, and what it passes into `soon`. */
  private advance(): void {
    const first = this.later.peek();
    if (first === undefined) return;
    const due = this.key(first);
    // Past 2^53 ms a window no longer moves a time: everything then goes to `soon`.
    this.horizon = due + this.window > due ? due + this.window : Number.POSITIVE_INFINITY;
    while (this.later.size > 0 && this.key(this.later.peek()!) < this.horizon)
      this.soon.push(this.later.pop()!);
  }
}
