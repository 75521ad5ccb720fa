import { describe, expect, it } from 'vitest';
import type { Cluster } from '../../cluster/cluster.ts';
import { kubeletId } from './kubelet.ts';
import type { KubeletState } from './state.ts';
import {
  PODS,
  containerStatus,
  eventsFor,
  getPod,
  pod,
  podStatus,
  readyNode,
  runPod,
  runUntil,
} from '../testing/nodeCluster.ts';

/** A shell that ignores SIGTERM, so it only ends by SIGKILL when StopContainer's timeout runs out. */
function sleeper(name: string, preStop: Record<string, unknown>, grace = 10) {
  return pod(name, {
    terminationGracePeriodSeconds: grace,
    containers: [
      { name: 'app', image: 'busybox', command: ['sleep', '3600'], lifecycle: { preStop } },
    ],
  });
}

/** Deletes the pod; returns when the StopContainer went out and when the pod was gone (ms). */
function deleteTimed(c: Cluster, name: string): { stopAt: number; goneAt: number } {
  runUntil(c, () => podStatus(c, name).phase === 'Running');
  const t0 = c.sequencer.now;
  const mark = c.sequencer.trace.length;
  expect(c.call('DELETE', `${PODS}/${name}`).code).toBe(200);
  runUntil(c, () => getPod(c, name) === undefined, 60_000);
  const stop = c.sequencer.trace
    .slice(mark)
    .find((e) => e.from === kubeletId('node-1') && e.summary.startsWith('CRI StopContainer'));
  return { stopAt: stop!.deliverAt - t0, goneAt: c.sequencer.now - t0 };
}

describe('kubelet: preStop hooks', () => {
  it('runs the hook first and takes its time off the grace period', () => {
    const c = readyNode();
    runPod(c, sleeper('hooked', { exec: { command: ['sh', '-c', 'sleep 4'] } }));
    const { stopAt, goneAt } = deleteTimed(c, 'hooked');
    // The hook sleeps 4 s; StopContainer then has 10 - 4 = 6 s before SIGKILL.
    expect(stopAt).toBeGreaterThanOrEqual(4_000);
    expect(stopAt).toBeLessThan(4_100);
    expect(goneAt).toBeGreaterThanOrEqual(10_000);
    expect(goneAt).toBeLessThan(10_500);
    expect(eventsFor(c, 'hooked').some((e) => e.reason === 'FailedPreStopHook')).toBe(false);
  });

  it('stops waiting for a hook at the grace period, then still gives the container 2 s', () => {
    const c = readyNode();
    runPod(c, sleeper('slow-hook', { exec: { command: ['sleep', '100'] } }));
    const { stopAt, goneAt } = deleteTimed(c, 'slow-hook');
    expect(stopAt).toBeGreaterThanOrEqual(10_000);
    expect(stopAt).toBeLessThan(10_100);
    expect(goneAt).toBeGreaterThanOrEqual(12_000);
    expect(goneAt).toBeLessThan(12_500);
  });

  it('records FailedPreStopHook when the hook fails, and goes on with the kill', () => {
    const c = readyNode();
    runPod(c, sleeper('bad-hook', { exec: { command: ['sh', '-c', 'exit 3'] } }, 5));
    const { stopAt, goneAt } = deleteTimed(c, 'bad-hook');
    expect(stopAt).toBeLessThan(100);
    expect(goneAt).toBeGreaterThanOrEqual(5_000);
    expect(eventsFor(c, 'bad-hook').find((e) => e.reason === 'FailedPreStopHook')).toMatchObject({
      type: 'Warning',
      message: 'PreStopHook failed',
      fieldPath: 'spec.containers{app}',
    });
  });

  it('runs an httpGet hook against the pod IP; a closed port fails it', () => {
    const c = readyNode();
    runPod(
      c,
      pod('http-hook', {
        containers: [
          {
            name: 'web',
            image: 'nginx:1.27',
            lifecycle: { preStop: { httpGet: { path: '/shutdown', port: 8081 } } },
          },
        ],
      }),
    );
    const { goneAt } = deleteTimed(c, 'http-hook');
    // nginx then exits on SIGTERM at once: no waiting for the grace period.
    expect(goneAt).toBeLessThan(2_000);
    expect(eventsFor(c, 'http-hook').map((e) => e.reason)).toContain('FailedPreStopHook');
  });
});

describe('kubelet: a preStop hook that never ends', () => {
  it('is answered when its container dies, leaving no CRI call pending', () => {
    const c = readyNode();
    const hooks = [
      ['sleep', 'infinity'],
      ['tail', '-f', '/dev/null'],
      ['sleep', 'inf'],
    ];
    hooks.forEach((command, i) => runPod(c, sleeper(`forever-${i}`, { exec: { command } })));
    const kubelet = () => c.sequencer.stateOf<KubeletState>(kubeletId('node-1'))!;
    const timings = hooks.map((_, i) => deleteTimed(c, `forever-${i}`));
    for (const { stopAt, goneAt } of timings) {
      // The whole grace period goes to the hook; StopContainer then gets the 2 s minimum.
      expect(stopAt).toBeGreaterThanOrEqual(10_000);
      expect(stopAt).toBeLessThan(10_100);
      expect(goneAt).toBeGreaterThanOrEqual(12_000);
      expect(goneAt).toBeLessThan(12_500);
    }
    c.sequencer.runFor(1_000);
    expect([...kubelet().cri.values()].filter((call) => call.tag === 'preStop')).toEqual([]);
    // The hook's exec died with the container (exit 137): a failed hook, as the kubelet records.
    for (let i = 0; i < hooks.length; i++)
      expect(eventsFor(c, `forever-${i}`).map((e) => e.reason)).toContain('FailedPreStopHook');
  });
});

describe('kubelet: memory limits', () => {
  it('restarts a container the kernel OOM-kills for using more than its limit', () => {
    const c = readyNode();
    runPod(
      c,
      pod('memory-demo-2', {
        containers: [
          {
            name: 'memory-demo-2-ctr',
            image: 'polinux/stress',
            resources: { requests: { memory: '50Mi' }, limits: { memory: '100Mi' } },
            command: ['stress'],
            args: ['--vm', '1', '--vm-bytes', '250M', '--vm-hang', '1'],
          },
        ],
      }),
    );
    runUntil(c, () => containerStatus(c, 'memory-demo-2').restartCount === 2, 60_000);
    expect(
      (containerStatus(c, 'memory-demo-2').lastState as Record<string, unknown>).terminated,
    ).toMatchObject({ exitCode: 137, reason: 'OOMKilled' });
  });

  it('leaves a container alone that stays inside its limit', () => {
    const c = readyNode();
    runPod(
      c,
      pod('memory-demo', {
        containers: [
          {
            name: 'ctr',
            image: 'polinux/stress',
            resources: { limits: { memory: '200Mi' } },
            command: ['stress'],
            args: ['--vm', '1', '--vm-bytes', '150M', '--vm-hang', '1'],
          },
        ],
      }),
    );
    runUntil(c, () => podStatus(c, 'memory-demo').phase === 'Running');
    c.sequencer.runFor(30_000);
    expect(containerStatus(c, 'memory-demo')).toMatchObject({ restartCount: 0, ready: true });
  });
});
