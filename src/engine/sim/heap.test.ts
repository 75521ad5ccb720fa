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
});
