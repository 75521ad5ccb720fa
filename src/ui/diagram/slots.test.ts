import { describe, expect, it } from 'vitest';
import { assignSlots, naturalCompare, NO_SLOTS, sameSlots } from './slots.ts';

describe('sticky slots', () => {
  it('places new keys in order in the lowest free slots', () => {
    expect([...assignSlots(NO_SLOTS, ['a', 'b', 'c'])]).toEqual([
      ['a', 0],
      ['b', 1],
      ['c', 2],
    ]);
  });

  it('keeps every present key where it was when keys come and go', () => {
    const first = assignSlots(NO_SLOTS, ['a', 'b', 'c']);
    // b leaves; d arrives and takes the hole; c does not move up.
    const second = assignSlots(first, ['a', 'c', 'd']);
    expect(second.get('a')).toBe(0);
    expect(second.get('c')).toBe(2);
    expect(second.get('d')).toBe(1);
    // A key that sorts first but arrives later does not push the others along.
    const third = assignSlots(second, ['0', 'a', 'c', 'd']);
    expect(third.get('0')).toBe(3);
    expect([third.get('a'), third.get('c'), third.get('d')]).toEqual([0, 2, 1]);
  });

  it('gives the same slots for the same input', () => {
    const prev = assignSlots(NO_SLOTS, ['x', 'y']);
    expect(sameSlots(assignSlots(prev, ['y', 'z', 'x']), assignSlots(prev, ['y', 'z', 'x']))).toBe(
      true,
    );
    expect(sameSlots(prev, assignSlots(prev, ['x']))).toBe(false);
  });

  it('orders names with numbers as people count', () => {
    expect(['node-10', 'node-2', 'node-1'].sort(naturalCompare)).toEqual([
      'node-1',
      'node-2',
      'node-10',
    ]);
  });
});
