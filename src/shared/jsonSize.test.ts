import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonByteSize } from './jsonSize.ts';

const utf8 = (s: string) => new TextEncoder().encode(s).length;

describe('jsonByteSize', () => {
  it('equals the UTF-8 length of JSON.stringify for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(jsonByteSize(value)).toBe(utf8(JSON.stringify(value)));
      }),
      { seed: 7, numRuns: 500 },
    );
  });

  it('counts escapes as JSON writes them', () => {
    for (const s of ['a"b', 'back\\slash', 'tab\tnew\nline', '\u0001\u001f', 'é', '日本', '😀']) {
      expect(jsonByteSize(s)).toBe(utf8(JSON.stringify(s)));
    }
  });

  it('with a cap, is exact past the cap and never over it when the value is small', () => {
    const big = { blob: 'é'.repeat(10_000) };
    expect(jsonByteSize(big, 100)).toBe(utf8(JSON.stringify(big)));
    const small = { v: 'é' };
    expect(jsonByteSize(small, 1_000_000)).toBeLessThanOrEqual(utf8(JSON.stringify(small)));
    expect(jsonByteSize(small, 1_000_000)).toBeLessThan(1_000_000);
  });
});
