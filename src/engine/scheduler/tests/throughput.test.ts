import { describe, expect, it } from 'vitest';
import { runThroughput } from './throughput.ts';

describe.runIf(process.env.KUBEVIZ_BENCH === '1')('scheduler throughput', () => {
  it('schedules 10,000 pods on 1,000 nodes faster than 1,000 pods/s', () => {
    for (const owned of [false, true]) {
      const r = runThroughput(1000, 10_000, owned);
      console.log(`owned=${owned}: ${r.ms.toFixed(0)} ms, ${r.podsPerSecond.toFixed(0)} pods/s`);
      expect(r.scheduled).toBe(10_000);
      expect(r.podsPerSecond).toBeGreaterThan(1000);
    }
  }, 120_000);
});
