import { describe, expect, it } from 'vitest';
import {
  canonicalQuantity,
  compareQuantities,
  ERR_FORMAT_WRONG,
  formatBytes,
  formatMilli,
  parseQuantity,
  parseQuantityExact,
  toMilli,
  toNumber,
} from './quantity.ts';

describe('parseQuantity', () => {
  it.each([
    ['100m', 0.1],
    ['1', 1],
    ['0.5', 0.5],
    ['128Mi', 128 * 1024 * 1024],
    ['1Gi', 1024 ** 3],
    ['1e3', 1000],
    ['2k', 2000],
    ['500M', 500_000_000],
    ['-1', -1],
    ['+2', 2],
  ])('%s is %d', (text, value) => {
    const r = parseQuantity(text);
    expect('error' in r ? r.error : r.value).toBe(value);
  });

  it.each(['', 'abc', '1.2.3', '1 Gi', 'Gi', '--1', '1x'])('rejects %j', (text) => {
    const r = parseQuantity(text);
    expect('error' in r).toBe(true);
  });

  it('uses the real error texts', () => {
    expect(parseQuantity('abc')).toEqual({
      error:
        "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    });
    expect(ERR_FORMAT_WRONG).toContain('quantities must match');
    expect(parseQuantity('1Ki2')).toEqual({ error: "unable to parse quantity's suffix" });
  });

  it('accepts JSON numbers', () => {
    expect(toMilli(1)).toBe(1000);
    expect(toNumber(0.5)).toBe(1);
  });
});

describe('toMilli and toNumber round up like MilliValue and Value', () => {
  it('cpu in millicores', () => {
    expect(toMilli('100m')).toBe(100);
    expect(toMilli('0.5')).toBe(500);
    expect(toMilli('2')).toBe(2000);
    expect(toMilli('1u')).toBe(1);
    expect(toMilli('nope')).toBeNaN();
  });
  it('memory in bytes', () => {
    expect(toNumber('128Mi')).toBe(134217728);
    expect(toNumber('1G')).toBe(1e9);
    expect(toNumber('1500m')).toBe(2);
  });
});

describe('canonical form (Quantity.String)', () => {
  it.each([
    ['0.5', '500m'],
    ['1000m', '1'],
    ['2000', '2k'],
    ['1500', '1500'],
    ['1.5', '1500m'],
    ['1024Mi', '1Gi'],
    ['1.5Gi', '1536Mi'],
    ['512Ki', '512Ki'],
    ['100', '100'],
    ['1e3', '1e3'],
    ['0', '0'],
    ['0.0000000001', '1n'],
    ['0.5Ki', '512'],
    ['-500m', '-500m'],
  ])('%s -> %s', (text, canonical) => {
    expect(canonicalQuantity(text)).toBe(canonical);
  });
});

describe('comparison and display', () => {
  it('compares exactly across formats', () => {
    const q = (s: string) => {
      const r = parseQuantityExact(s);
      if ('error' in r) throw new Error(r.error);
      return r;
    };
    expect(compareQuantities(q('1'), q('1000m'))).toBe(0);
    expect(compareQuantities(q('1Ki'), q('1k'))).toBe(1);
    expect(compareQuantities(q('100m'), q('0.2'))).toBe(-1);
  });
  it('formats millicores and bytes', () => {
    expect(formatMilli(250)).toBe('250m');
    expect(formatMilli(2000)).toBe('2');
    expect(formatBytes(134217728)).toBe('128Mi');
    expect(formatBytes(1000)).toBe('1k');
  });
});
