import { describe, expect, it } from 'vitest';
import { DEFAULT_START_SECONDS, formatRfc3339, formatRfc3339Micro, parseRfc3339 } from './time.ts';

describe('RFC 3339 time', () => {
  it('formats known instants like Go does', () => {
    expect(formatRfc3339(0)).toBe('1970-01-01T00:00:00Z');
    expect(formatRfc3339(DEFAULT_START_SECONDS)).toBe('2026-01-01T00:00:00Z');
    expect(formatRfc3339(951782400)).toBe('2000-02-29T00:00:00Z');
    expect(formatRfc3339(DEFAULT_START_SECONDS + 86399.9)).toBe('2026-01-01T23:59:59Z');
    expect(formatRfc3339Micro(DEFAULT_START_SECONDS + 1.25)).toBe('2026-01-01T00:00:01.250000Z');
  });

  it('round-trips through parse for many instants', () => {
    for (let s = -86400 * 800; s < 86400 * 366 * 80; s += 86400 * 37 + 3671) {
      expect(parseRfc3339(formatRfc3339(s))).toBe(s);
    }
    expect(parseRfc3339('yesterday')).toBeUndefined();
  });
});
