import { describe, expect, it } from 'vitest';
import { StringPool } from './stringPool.ts';

// Which string object the pool hands out cannot be observed from JavaScript (=== compares text),
// so these tests check what can be: the text, one entry per distinct text, and the bound.

/** Equal text, built at run time (another string object in V8). */
const fresh = (s: string) => [...s].join('');

describe('StringPool', () => {
  it('keeps one entry per distinct text and hands the text back unchanged', () => {
    const pool = new StringPool();
    for (let i = 0; i < 3; i++) expect(pool.canonical(fresh('us-east-1a'))).toBe('us-east-1a');
    expect(pool.size).toBe(1);
    expect(pool.canonical('us-east-1b')).toBe('us-east-1b');
    expect(pool.size).toBe(2);
  });

  it('copies values into a new object without changing them', () => {
    const pool = new StringPool();
    const labels = { zone: fresh('a'), host: fresh('node-1'), other: fresh('a') };
    const copy = pool.canonicalValues(labels);
    expect(copy).toEqual(labels);
    expect(copy).not.toBe(labels);
    expect(pool.size).toBe(2);
  });

  it('never holds more than its limit: once full it starts over', () => {
    const pool = new StringPool(3);
    for (let i = 0; i < 10; i++) {
      expect(pool.canonical(`v${i}`)).toBe(`v${i}`);
      expect(pool.size).toBeLessThanOrEqual(3);
    }
    expect(pool.size).toBe(1);
  });
});
