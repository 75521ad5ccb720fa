import { describe, expect, it } from 'vitest';
import { humanDuration } from './duration.ts';

describe('humanDuration (kubectl AGE)', () => {
  it.each([
    [0, '0s'],
    [-500, '0s'],
    [-5000, '<invalid>'],
    [45_000, '45s'],
    [119_000, '119s'],
    [150_000, '2m30s'],
    [180_000, '3m'],
    [17 * 60_000, '17m'],
    [179 * 60_000, '179m'],
    [5 * 3600_000 + 10 * 60_000, '5h10m'],
    [30 * 3600_000, '30h'],
    [3 * 86400_000, '3d'],
    [3 * 86400_000 + 5 * 3600_000, '3d5h'],
    [40 * 86400_000, '40d'],
    [3 * 365 * 86400_000 + 10 * 86400_000, '3y10d'],
    [9 * 365 * 86400_000, '9y'],
  ])('%d ms is %s', (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });
});
