import { describe, expect, it } from 'vitest';
import { nanosHex } from './events.ts';

describe('event names', () => {
  it('spell the time in nanoseconds in hex, as client-go does', () => {
    for (const [micros, extra] of [
      [1_700_000_000_123_456, 7],
      [1_700_000_000_999_999, 999],
      [0, 5],
      [16_777_215, 999],
      [16_777_216, 0],
    ] as const) {
      expect(nanosHex(micros, extra)).toBe((BigInt(micros) * 1000n + BigInt(extra)).toString(16));
    }
  });
});
