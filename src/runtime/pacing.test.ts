import { describe, expect, it } from 'vitest';
import { paceStep, pacingRate, type PacingOptions, type PacingState } from './pacing.ts';

const AT_1X: PacingOptions = { speed: 1, hopWallMs: 700, fastForward: false };
const idle: PacingState = { now: 1000, nextAt: undefined, hopMs: undefined };
const busy: PacingState = { now: 1000, nextAt: 1002, hopMs: 2 };

/**
 * Drives paceStep the way the runtime does, against one message sent at `now` that takes
 * `hopMs`, and says how much wall time passes before it arrives.
 */
function wallForOneHop(options: PacingOptions, hopMs = 2, frameMs = 16): number {
  let now = 0;
  let wall = 0;
  while (now < hopMs) {
    let budget = frameMs;
    while (budget > 0 && now < hopMs) {
      const step = paceStep({ now, nextAt: hopMs, hopMs }, budget, options);
      // The hop ends when the step reaches its delivery; the wall it took is what was used.
      wall += step.wallUsed;
      budget -= step.wallUsed;
      now = step.until;
    }
  }
  return wall;
}

describe('pacing', () => {
  it('runs at the chosen speed when nothing is in flight', () => {
    expect(pacingRate(idle, AT_1X)).toBe(1);
    expect(pacingRate(idle, { ...AT_1X, speed: 16 })).toBe(16);
    expect(paceStep(idle, 16, { ...AT_1X, speed: 4 })).toEqual({ until: 1064, wallUsed: 16 });
  });

  it('slows time so one hop takes hopWallMs / speed of wall time', () => {
    // 2 virtual ms over 700 wall ms at 1x.
    expect(pacingRate(busy, AT_1X)).toBeCloseTo(2 / 700, 10);
    expect(wallForOneHop(AT_1X)).toBeCloseTo(700, 6);
    // At 64x a hop takes about 11 ms, a little under a frame.
    expect(wallForOneHop({ ...AT_1X, speed: 64 })).toBeCloseTo(700 / 64, 6);
    // The hop's own length does not change how long it is on screen.
    expect(wallForOneHop(AT_1X, 3)).toBeCloseTo(700, 6);
    expect(wallForOneHop({ ...AT_1X, speed: 0.25 }, 1)).toBeCloseTo(2800, 6);
  });

  it('moves a frame of wall time a fraction of the way along a hop', () => {
    const step = paceStep(busy, 16, AT_1X);
    expect(step.wallUsed).toBe(16);
    expect(step.until - busy.now).toBeCloseTo((16 * 2) / 700, 10);
  });

  it('never runs faster than the speed, even for a slow link', () => {
    expect(pacingRate({ now: 0, nextAt: 5000, hopMs: 5000 }, AT_1X)).toBe(1);
  });

  it('stops at the next delivery instead of jumping past it', () => {
    // Nothing in flight and a timer due in 5 ms: 16 ms of wall time at 1x would pass it.
    const step = paceStep({ now: 1000, nextAt: 1005, hopMs: undefined }, 16, AT_1X);
    expect(step).toEqual({ until: 1005, wallUsed: 5 });
    // At 8x, the same 16 ms of wall reaches 128 ms of virtual time; the timer at +5 still stops it.
    const fast = paceStep({ now: 1000, nextAt: 1005, hopMs: undefined }, 16, {
      ...AT_1X,
      speed: 8,
    });
    expect(fast.until).toBe(1005);
    expect(fast.wallUsed).toBeCloseTo(5 / 8, 10);
  });

  it('delivers what is already due without spending wall time', () => {
    expect(paceStep({ now: 1000, nextAt: 1000, hopMs: 2 }, 16, AT_1X)).toEqual({
      until: 1000,
      wallUsed: 0,
    });
  });

  it('fast-forward ignores messages in flight and the next delivery', () => {
    const options = { ...AT_1X, speed: 16, fastForward: true };
    expect(pacingRate(busy, options)).toBe(16);
    expect(paceStep(busy, 10, options)).toEqual({ until: 1160, wallUsed: 10 });
  });

  it('treats negative wall time as none', () => {
    expect(paceStep(idle, -5, AT_1X)).toEqual({ until: 1000, wallUsed: 0 });
  });
});
