import { describe, expect, it } from 'vitest';
import type { RunCheckpoint } from './sequencerService.ts';
import { Timeline } from './timeline.ts';

const copy = {} as RunCheckpoint;

function indexes(t: Timeline): number[] {
  const out: number[] = [];
  for (let i = 0; i <= 100_000; i += 1) {
    const c = t.checkpointBefore({ index: i });
    if (c && out.at(-1) !== c.index) out.push(c.index);
  }
  return out;
}

describe('timeline checkpoints', () => {
  it('keep the first and the newest, thinning the ones between to at most 30', () => {
    const t = new Timeline();
    for (let i = 0; i < 100; i++) t.addCheckpoint({ index: i * 100, now: i * 10 }, copy, 1);
    const kept = indexes(t);
    expect(kept.length).toBeLessThanOrEqual(30);
    expect(kept[0]).toBe(0);
    expect(kept.slice(-10)).toEqual([90, 91, 92, 93, 94, 95, 96, 97, 98, 99].map((i) => i * 100));
    // Older gaps are wider than newer ones.
    expect(kept[2]! - kept[1]!).toBeGreaterThan(kept.at(-1)! - kept.at(-2)!);
  });

  it('keep fewer when each copy costs more (a large cluster)', () => {
    const t = new Timeline();
    for (let i = 0; i < 40; i++) t.addCheckpoint({ index: i * 100, now: i * 10 }, copy, 60);
    const kept = indexes(t);
    expect(kept.length * 60).toBeLessThanOrEqual(500);
    expect(kept.length).toBeGreaterThanOrEqual(4);
    expect(kept[0]).toBe(0);
    expect(kept.at(-1)).toBe(3900);
  });

  it('a fork drops what came after the point, markers and checkpoints alike', () => {
    const t = new Timeline();
    t.addCheckpoint({ index: 0, now: 0 }, copy);
    t.addCheckpoint({ index: 50, now: 5 }, copy);
    t.record({
      index: 40,
      end: 41,
      now: 4,
      label: 'a',
      command: { type: 'action', action: { type: 'stopNode', name: 'node-1' } },
    });
    t.record({
      index: 60,
      end: 61,
      now: 6,
      label: 'b',
      command: { type: 'request', method: 'GET', path: '/api/v1/nodes' },
    });
    t.reach({ index: 80, now: 8 });
    t.fork({ index: 45, now: 4.5 });
    expect(t.markers().map((m) => [m.label, m.kind])).toEqual([['a', 'fault']]);
    expect(t.head).toEqual({ index: 45, now: 4.5 });
    expect(t.checkpointBefore({ index: 100 })?.index).toBe(0);
  });
});
