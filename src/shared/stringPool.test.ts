import { describe, expect, it } from 'vitest';
import { StringPool } from './stringPool.ts';

/** Equal text, another string object (V8 keeps strings joined at run time apart). */
const fresh = (s: string) => [...s].join('');

describe('StringPool', () => {
  it('hands out the first string of a text for every later equal one', () => {
    const pool = new StringPool();
    const first = fresh('us-east-1a');
    expect(pool.canonical(first)).toBe(first);
    expect(pool.canonical(fresh('us-east-1a'))).toBe(first);
    expect(pool.canonical('us-east-1b')).toBe('us-east-1b');
  });

  it('copies values as its own strings without changing them', () => {
    const pool = new StringPool();
    const zone = pool.canonical(fresh('a'));
    const labels = { zone: fresh('a'), host: fresh('node-1') };
    const copy = pool.canonicalValues(labels);
    expect(copy).toEqual(labels);
    expect(copy).not.toBe(labels);
    expect(copy.zone).toBe(zone);
  });

  it('starts over once full: a text seen before the drop gets the next string handed in', () => {
    const pool = new StringPool(1);
    const first = pool.canonical(fresh('a'));
    pool.canonical('b');
    const again = fresh('a');
    expect(pool.canonical(again)).toBe(again);
    expect(pool.canonical(fresh('a'))).toBe(again);
    expect(first).toBe('a');
  });
});
