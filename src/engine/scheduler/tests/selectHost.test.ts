import { describe, expect, it } from 'vitest';
import { createPrng, nextInt } from '../../../shared/index.ts';
import { selectHost } from '../scorePass.ts';

describe('selectHost', () => {
  it('picks among equal top scores by reservoir sampling in container/heap pop order', () => {
    const totals = [50, 80, 80, 10, 80];
    // Worked through Go's heap.Init and heap.Pop (Less is ">"): the 80s come out as nodes 1, 4,
    // 2, then 50 (node 0) ends the walk once three nodes are reported.
    // Reservoir sampling keeps node 1, replaces it with node 4 if Intn(2) == 0, then with node 2
    // if Intn(3) == 0.
    const seen = new Set<number>();
    for (let seed = 1; seed <= 20; seed++) {
      const draws = createPrng(seed);
      const first = nextInt(draws, 2);
      const second = nextInt(draws, 3);
      const expected = second === 0 ? 2 : first === 0 ? 4 : 1;
      const sel = selectHost(totals, createPrng(seed));
      expect(sel).toEqual({ index: expected, tied: [1, 4, 2], top: [1, 4, 2] });
      seen.add(expected);
    }
    // The seeds cover every outcome, so the order above is what decides.
    expect([...seen].sort()).toEqual([1, 2, 4]);
  });

  it('draws nothing without a tie, and reports the three best', () => {
    const rng = createPrng(3);
    const untouched = createPrng(3);
    expect(selectHost([5, 9, 7, 1], rng)).toEqual({ index: 1, tied: [1], top: [1, 2, 0] });
    expect(rng).toEqual(untouched);
  });
});
