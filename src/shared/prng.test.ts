import { describe, expect, it } from 'vitest';
import { createPrng, nextInt, randomString } from './prng.ts';

describe('randomString', () => {
  it('draws one character of the alphabet per position, in order', () => {
    const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
    const a = createPrng(42);
    const b = createPrng(42);
    const text = randomString(a, 64, alphabet);
    let expected = '';
    for (let i = 0; i < 64; i++) expected += alphabet[nextInt(b, alphabet.length)];
    expect(text).toBe(expected);
    expect(text).toHaveLength(64);
    // Both generators are left at the same point.
    expect(nextInt(a, 1000)).toBe(nextInt(b, 1000));
    expect(randomString(a, 0, alphabet)).toBe('');
  });
});
