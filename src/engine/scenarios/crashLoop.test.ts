/**
 * A container that keeps exiting (kubeviz/crashloop: exit 1 three seconds after start). The
 * kubelet restarts it at once the first time, then waits out the crash back-off counted from the
 * container's finishedAt: 10 s, 20 s, 40 s (doubling up to 5 min). Meanwhile the container waits
 * in CrashLoopBackOff and restartCount counts the restarts.
 */
import { describe, expect, it } from 'vitest';
import type { KubevizCluster } from '../cluster/fullCluster.ts';
import { bootCluster, expect0Crashes, pods, runUntil } from './helpers.ts';

interface ContainerStatus {
  restartCount: number;
  state?: { waiting?: { reason?: string; message?: string }; running?: object };
  lastState?: { terminated?: { exitCode?: number; reason?: string } };
}

function containerStatus(c: KubevizCluster): ContainerStatus | undefined {
  const pod = pods(c, { app: 'crash' })[0];
  return (pod?.obj.status as { containerStatuses?: ContainerStatus[] } | undefined)
    ?.containerStatuses?.[0];
}

const RUNS_FOR = 3_000;

describe('a container that keeps crashing', () => {
  it('is restarted with back-offs of 10 s, 20 s, 40 s and goes to CrashLoopBackOff', () => {
    const c = bootCluster();
    const trace = c.sequencer.trace;
    const mark = trace.length;
    const r = c.call('POST', '/api/v1/namespaces/default/pods', {
      body: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'crash', labels: { app: 'crash' } },
        spec: { containers: [{ name: 'crash', image: 'kubeviz/crashloop' }] },
      },
    });
    expect(r.code).toBe(201);

    // restartCount as stored, with the virtual time each value first appeared.
    const counts: { count: number; at: number }[] = [];
    const stop = c.sequencer.onTrace((e) => {
      if (e.to !== 'etcd') return;
      const n = containerStatus(c)?.restartCount;
      if (n !== undefined && n !== counts.at(-1)?.count) counts.push({ count: n, at: e.deliverAt });
    });
    runUntil(c, () => (containerStatus(c)?.restartCount ?? 0) >= 4, 150_000);
    stop();
    expect0Crashes(c);
    expect(counts.map((x) => x.count)).toEqual([0, 1, 2, 3, 4]);

    const node = pods(c, { app: 'crash' })[0]!.node!;
    const starts = trace
      .slice(mark)
      .filter(
        (e) =>
          e.from === `kubelet/${node}` &&
          e.to === `containerd/${node}` &&
          e.summary.startsWith('CRI StartContainer '),
      )
      .map((e) => e.deliverAt);
    expect(starts.length).toBe(5);
    // Each gap is the 3 s run, then the back-off from the exit, then a few ms of messages.
    const waits = starts.slice(1).map((t, i) => t - starts[i]! - RUNS_FOR);
    const expected = [0, 10_000, 20_000, 40_000];
    waits.forEach((w, i) => {
      expect(w, `restart ${i + 1}`).toBeGreaterThanOrEqual(expected[i]!);
      expect(w, `restart ${i + 1}`).toBeLessThan(expected[i]! + 500);
    });
    // restartCount follows the starts, each within moments of its container starting.
    for (let i = 1; i <= 4; i++) {
      expect(counts[i]!.at).toBeGreaterThan(starts[i]!);
      expect(counts[i]!.at - starts[i]!).toBeLessThan(500);
    }

    // Between the fourth exit and the next start the container waits in CrashLoopBackOff.
    runUntil(c, () => containerStatus(c)?.state?.waiting !== undefined, 10_000);
    const status = containerStatus(c)!;
    const uid = pods(c, { app: 'crash' })[0]!.uid;
    expect(status.state?.waiting).toEqual({
      reason: 'CrashLoopBackOff',
      message: `back-off 1m20s restarting failed container=crash pod=crash_default(${uid})`,
    });
    expect(status.lastState?.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(
      c
        .stored('/registry/events/default/')
        .some(
          (e) =>
            (e as { reason?: string }).reason === 'BackOff' &&
            (e as { message?: string }).message ===
              'Back-off restarting failed container crash in pod crash_default(' + uid + ')',
        ),
    ).toBe(true);
  });
});
