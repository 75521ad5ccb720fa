import { describe, expect, it } from 'vitest';
import { backoffGet, backoffNext, inBackoffSince, MAX_BACKOFF_MS } from './backoff.ts';
import type { BackoffEntry } from './state.ts';

describe('the crash back-off', () => {
  it('doubles from 10 s and stops at 5 minutes', () => {
    const table: Record<string, BackoffEntry> = {};
    const seen: number[] = [];
    let t = 0;
    for (let i = 0; i < 8; i++) {
      backoffNext(table, 'c', t, t);
      seen.push(backoffGet(table, 'c'));
      t += backoffGet(table, 'c') + 1_000; // each restart runs for a second, then crashes
    }
    expect(seen).toEqual([10, 20, 40, 80, 160, 300, 300, 300].map((s) => s * 1000));
    expect(MAX_BACKOFF_MS).toBe(300_000);
  });

  it('is forgotten once the container ran for 10 minutes, and starts again at 10 s', () => {
    const table: Record<string, BackoffEntry> = {};
    for (let i = 0; i < 6; i++) backoffNext(table, 'c', i * 1000, i * 1000);
    expect(backoffGet(table, 'c')).toBe(300_000);
    const restartedAt = 5_000;
    // It ran 10 minutes and a moment, then crashed: no waiting, and the next delay is 10 s.
    const exitedAt = restartedAt + 600_001;
    expect(inBackoffSince(table, 'c', exitedAt, exitedAt + 1)).toBe(false);
    backoffNext(table, 'c', exitedAt, exitedAt + 1);
    expect(backoffGet(table, 'c')).toBe(10_000);
    // A crash inside the 10 minutes still doubles.
    backoffNext(table, 'c', exitedAt + 20_000, exitedAt + 20_000);
    expect(backoffGet(table, 'c')).toBe(20_000);
  });
});
