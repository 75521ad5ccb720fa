import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MinHeap } from './heap.ts';
import { TieredQueue } from './tieredQueue.ts';

type Item = { t: number; id: number };
const order = (a: Item, b: Item) => a.t - b.t || a.id - b.id;

describe('TieredQueue', () => {
  it('pops in exactly the order of one heap, whatever the pushes, pops and peeks', () => {
    // Each op: a push of an item due `delay` after the last popped time, a pop, or a peek.
    const op = fc.oneof(
      fc.record({
        push: fc.oneof(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5000 })),
      }),
      fc.constant('pop' as const),
      fc.constant('peek' as const),
    );
    fc.assert(
      fc.property(
        fc.array(op, { maxLength: 400 }),
        fc.integer({ min: 1, max: 200 }),
        (ops, window) => {
          const tiered = new TieredQueue<Item>(order, (i) => i.t, window);
          const heap = new MinHeap<Item>(order, (i) => i.t);
          let now = 0;
          let id = 0;
          for (const o of ops) {
            if (o === 'pop') {
              const a = tiered.pop();
              expect(a).toBe(heap.pop());
              if (a) now = a.t;
            } else if (o === 'peek') expect(tiered.peek()).toBe(heap.peek());
            else {
              const item = { t: now + o.push, id: id++ };
              tiered.push(item);
              heap.push(item);
            }
            expect(tiered.size).toBe(heap.size);
          }
          expect(tiered.toArray().sort(order)).toEqual(heap.toArray().sort(order));
          while (heap.size > 0) expect(tiered.pop()).toBe(heap.pop());
          expect(tiered.pop()).toBeUndefined();
        },
      ),
    );
  });

  it('still hands out items due so late that a window no longer moves the time', () => {
    const tiered = new TieredQueue<Item>(order, (i) => i.t, 100);
    const late = { t: 2 ** 60, id: 1 };
    const later = { t: 2 ** 61, id: 2 };
    tiered.push(later);
    tiered.push(late);
    expect(tiered.peek()).toBe(late);
    expect(tiered.pop()).toBe(late);
    expect(tiered.pop()).toBe(later);
    expect(tiered.size).toBe(0);
  });

  it('refuses a window that is not a positive number', () => {
    for (const w of [0, -1, Number.NaN, Number.POSITIVE_INFINITY])
      expect(() => new TieredQueue<Item>(order, (i) => i.t, w)).toThrow(RangeError);
  });
});
