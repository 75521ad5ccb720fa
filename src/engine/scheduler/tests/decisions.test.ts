import { describe, expect, it } from 'vitest';
import { createPrng, nextInt } from '../../../shared/index.ts';
import { topIndices } from '../decisions.ts';

/** What the record kept before: every index sorted by total (highest first, then index), cut. */
function sortedTop(totals: number[], k: number): number[] {
  const order = totals.map((_, i) => i);
  if (order.length <= k) return order;
  return order.sort((a, b) => totals[b]! - totals[a]! || a - b).slice(0, k);
}

describe('decision records', () => {
  it('keep every scored node in order when they fit', () => {
    expect(topIndices([5, 9, 1], 3)).toEqual([0, 1, 2]);
  });

  it('keep the highest totals, ties by node order, as a full sort would', () => {
    const rng = createPrng(7);
    for (let round = 0; round < 200; round++) {
      const n = 1 + nextInt(rng, 400);
      // Few distinct values, so the cut often falls inside a run of ties.
      const spread = 1 + nextInt(rng, 20);
      const fractional = round % 2 === 1;
      const totals = Array.from({ length: n }, () =>
        fractional ? nextInt(rng, 1000) / 7 : 100 * nextInt(rng, spread),
      );
      const k = 1 + nextInt(rng, 120);
      expect(topIndices(totals, k)).toEqual(sortedTop(totals, k));
    }
  });
});
