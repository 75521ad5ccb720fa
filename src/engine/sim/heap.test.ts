import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MinHeap } from './heap.ts';

describe('MinHeap', () => {
  it('pops in order whatever the pushes, interleaved or not', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.integer({ min: 0, max: 50 }), { nil: undefined })),
        (ops) => {
          const heap = new MinHeap<number>((a, b) => a - b);
          const model: number[] = [];
          for (const op of ops) {
            if (op === undefined) {
              model.sort((a, b) => a - b);
              expect(heap.pop()).toBe(model.shift());
            } else {
              heap.push(op);
              model.push(op);
            }
            expect(heap.size).toBe(model.length);
          }
          model.sort((a, b) => a - b);
          const rest: number[] = [];
          while (heap.size > 0) rest.push(heap.pop()!);
          expect(rest).toEqual(model);
        },
      ),
    );
  });

  it('with a primary key, pops in the comparator order, ties broken by the comparator', () => {
    type Item = { t: number; id: number };
    const order = (a: Item, b: Item) => a.t - b.t || a.id - b.id;
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.integer({ min: 0, max: 8 }), { nil: undefined }), {
          maxLength: 300,
        }),
        (ops) => {
          const heap = new MinHeap<Item>(order, (x) => x.t / 2);
          const model: Item[] = [];
          let next = 0;
          for (const op of ops) {
            if (op === undefined) {
              model.sort(order);
              expect(heap.pop()).toBe(model.shift());
            } else {
              const item = { t: op, id: next++ };
              heap.push(item);
              model.push(item);
            }
          }
          model.sort(order);
          const rest: Item[] = [];
          while (heap.size > 0) rest.push(heap.pop()!);
          expect(rest).toEqual(model);
        },
      ),
    );
  });
});
