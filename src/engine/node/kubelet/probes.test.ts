import { describe, expect, it } from 'vitest';
import type { Cluster } from '../../cluster/cluster.ts';
import { kubeletId } from './kubelet.ts';
import {
  containerStatus,
  eventsFor,
  pod,
  podStatus,
  readyNode,
  runPod,
  runUntil,
  startNode,
} from '../testing/nodeCluster.ts';

type Json = Record<string, unknown>;

const condition = (c: Cluster, name: string, type: string) =>
  ((podStatus(c, name).conditions ?? []) as Json[]).find((x) => x.type === type)?.status;

/** The Kubernetes docs' liveness-exec example. */
const livenessExec = {
  containers: [
    {
      name: 'liveness',
      image: 'registry.k8s.io/busybox',
      args: ['/bin/sh', '-c', 'touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600'],
      livenessProbe: {
        exec: { command: ['cat', '/tmp/healthy'] },
        initialDelaySeconds: 5,
        periodSeconds: 5,
      },
    },
  ],
};

describe('kubelet: probes', () => {
  it('restarts the docs liveness-exec container once /tmp/healthy is gone for 3 periods', () => {
    const c = readyNode();
    // registry.k8s.io/busybox is not in the simulated registry; docker.io's busybox is.
    const spec = structuredClone(livenessExec);
    spec.containers[0]!.image = 'busybox';
    runPod(c, pod('liveness-exec', spec));
    runUntil(c, () => containerStatus(c, 'liveness-exec').started === true);
    const startedAt = c.sequencer.now;
    runUntil(c, () => eventsFor(c, 'liveness-exec').some((e) => e.reason === 'Killing'), 60_000);
    const killedAt = c.sequencer.now - startedAt;
    c.sequencer.runFor(1_000); // the event recorder's last count update
    // The file goes at 30 s; probes every 5 s fail at ~35, ~40, ~45 s: the third one kills.
    expect(killedAt).toBeGreaterThan(40_000);
    expect(killedAt).toBeLessThan(50_000);
    const unhealthy = eventsFor(c, 'liveness-exec').filter((e) => e.reason === 'Unhealthy');
    expect(unhealthy).toHaveLength(1);
    expect(unhealthy[0]).toMatchObject({
      type: 'Warning',
      count: 3,
      message: "Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory\n",
      fieldPath: 'spec.containers{liveness}',
    });
    expect(eventsFor(c, 'liveness-exec').find((e) => e.reason === 'Killing')).toMatchObject({
      type: 'Normal',
      message: 'Container liveness failed liveness probe, will be restarted',
    });
    // sh ignores SIGTERM as PID 1: SIGKILL after the 30 s grace period, then an immediate restart.
    runUntil(c, () => containerStatus(c, 'liveness-exec').restartCount === 1, 40_000);
    expect(c.sequencer.now - startedAt - killedAt).toBeGreaterThanOrEqual(30_000);
    const status = containerStatus(c, 'liveness-exec');
    expect((status.lastState as Json).terminated).toMatchObject({ exitCode: 137, reason: 'Error' });
    runUntil(c, () => (containerStatus(c, 'liveness-exec').state as Json).running !== undefined);
    // The new container has its own /tmp/healthy: it is healthy again.
    c.sequencer.runFor(20_000);
    expect(containerStatus(c, 'liveness-exec').restartCount).toBe(1);
  });

  it('keeps a pod whose readiness probe dials a closed port NotReady, without restarts', () => {
    const c = readyNode();
    runPod(
      c,
      pod('wrong-port', {
        containers: [
          {
            name: 'web',
            image: 'nginx:1.27',
            readinessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 5 },
            livenessProbe: { httpGet: { path: '/healthz', port: 80 }, periodSeconds: 5 },
          },
        ],
      }),
    );
    runUntil(c, () => podStatus(c, 'wrong-port').phase === 'Running');
    c.sequencer.runFor(60_000);
    const ip = podStatus(c, 'wrong-port').podIP as string;
    expect(containerStatus(c, 'wrong-port')).toMatchObject({ ready: false, restartCount: 0 });
    expect(condition(c, 'wrong-port', 'Ready')).toBe('False');
    expect(condition(c, 'wrong-port', 'ContainersReady')).toBe('False');
    const unhealthy = eventsFor(c, 'wrong-port').filter((e) => e.reason === 'Unhealthy');
    expect(unhealthy.map((e) => e.message)).toEqual([
      `Readiness probe failed: dial tcp ${ip}:8080: connect: connection refused`,
    ]);
    expect(unhealthy[0]!.count).toBeGreaterThanOrEqual(11);
    expect(eventsFor(c, 'wrong-port').some((e) => e.reason === 'Killing')).toBe(false);
  });

  it('reports an httpGet liveness failure on a closed port with the URL and kills after 3', () => {
    const c = readyNode();
    runPod(
      c,
      pod('http-live', {
        containers: [
          {
            name: 'web',
            image: 'nginx:1.27',
            livenessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 10 },
          },
        ],
      }),
    );
    runUntil(c, () => podStatus(c, 'http-live').phase === 'Running');
    const ip = podStatus(c, 'http-live').podIP as string;
    runUntil(c, () => eventsFor(c, 'http-live').some((e) => e.reason === 'Killing'), 40_000);
    c.sequencer.runFor(1_000);
    const unhealthy = eventsFor(c, 'http-live').find((e) => e.reason === 'Unhealthy')!;
    expect(unhealthy.message).toBe(
      `Liveness probe failed: Get "http://${ip}:8080/healthz": dial tcp ${ip}:8080: connect: connection refused`,
    );
    expect(unhealthy.count).toBe(3);
    // nginx exits 0 on SIGTERM; the kubelet restarts it anyway, as it decided before the exit.
    runUntil(c, () => containerStatus(c, 'http-live').restartCount === 1, 10_000);
  });

  it('gates liveness and readiness on the startup probe, and kills after failureThreshold', () => {
    const c = readyNode();
    runPod(
      c,
      pod('slow-start', {
        containers: [
          {
            name: 'app',
            image: 'busybox',
            command: ['sh', '-c', 'sleep 25; touch /tmp/started; sleep 3600'],
            startupProbe: {
              exec: { command: ['test', '-e', '/tmp/started'] },
              periodSeconds: 10,
              failureThreshold: 6,
            },
            livenessProbe: { exec: { command: ['false'] }, periodSeconds: 10 },
            readinessProbe: { exec: { command: ['true'] }, periodSeconds: 10 },
          },
        ],
      }),
    );
    runUntil(c, () => podStatus(c, 'slow-start').phase === 'Running');
    c.sequencer.runFor(20_000);
    // Not started yet: neither ready, nor probed for liveness (false would have failed it).
    expect(containerStatus(c, 'slow-start')).toMatchObject({ started: false, ready: false });
    const failures = () =>
      eventsFor(c, 'slow-start')
        .filter((e) => e.reason === 'Unhealthy')
        .map((e) => [e.message, e.count]);
    expect(failures()).toEqual([['Startup probe failed: ', 2]]);
    runUntil(c, () => containerStatus(c, 'slow-start').started === true, 20_000);
    runUntil(c, () => containerStatus(c, 'slow-start').ready === true, 20_000);
    expect(condition(c, 'slow-start', 'Ready')).toBe('True');
    // Now liveness runs: `false` fails three times in a row, then the container is killed.
    runUntil(c, () => eventsFor(c, 'slow-start').some((e) => e.reason === 'Killing'), 40_000);
    c.sequencer.runFor(1_000);
    expect(failures()).toEqual([
      ['Startup probe failed: ', 2],
      ['Liveness probe failed: ', 3],
    ]);
  });

  it('kills a container whose startup probe keeps failing', () => {
    const c = readyNode();
    runPod(
      c,
      pod('never-starts', {
        containers: [
          {
            name: 'web',
            image: 'nginx:1.27',
            startupProbe: { tcpSocket: { port: 9000 }, periodSeconds: 2, failureThreshold: 4 },
          },
        ],
      }),
    );
    runUntil(c, () => podStatus(c, 'never-starts').phase === 'Running');
    const t0 = c.sequencer.now;
    runUntil(c, () => eventsFor(c, 'never-starts').some((e) => e.reason === 'Killing'), 20_000);
    expect(c.sequencer.now - t0).toBeLessThan(10_000);
    expect(eventsFor(c, 'never-starts').find((e) => e.reason === 'Killing')!.message).toBe(
      'Container web failed startup probe, will be restarted',
    );
    expect(containerStatus(c, 'never-starts').started).toBe(false);
  });

  it('needs successThreshold successes in a row before a container is ready', () => {
    const c = readyNode();
    runPod(
      c,
      pod('threshold', {
        containers: [
          {
            name: 'web',
            image: 'nginx:1.27',
            readinessProbe: { httpGet: { port: 80 }, periodSeconds: 10, successThreshold: 3 },
          },
        ],
      }),
    );
    runUntil(c, () => podStatus(c, 'threshold').phase === 'Running');
    const t0 = c.sequencer.now;
    runUntil(c, () => containerStatus(c, 'threshold').ready === true, 60_000);
    // Probes on the 10 s grid: the third success comes 20 to 30 s after the start.
    expect(c.sequencer.now - t0).toBeGreaterThanOrEqual(19_000);
    expect(c.sequencer.now - t0).toBeLessThan(31_000);
  });

  it.each([
    [5, 5],
    [1, 1],
    [2, 4],
  ])(
    'counts each exec probe that times out as a failure (period %i s, timeout %i s)',
    (period, timeout) => {
      const c = readyNode();
      runPod(
        c,
        pod('hangs', {
          terminationGracePeriodSeconds: 1,
          containers: [
            {
              name: 'app',
              image: 'busybox',
              command: ['sleep', '3600'],
              livenessProbe: {
                exec: { command: ['sleep', '100'] },
                periodSeconds: period,
                timeoutSeconds: timeout,
              },
            },
          ],
        }),
      );
      runUntil(c, () => containerStatus(c, 'hangs').started === true);
      const startedAt = c.sequencer.now;
      runUntil(c, () => eventsFor(c, 'hangs').some((e) => e.reason === 'Killing'), 60_000);
      // A probe starts within a period, then each one blocks the worker until its timeout.
      const attempt = Math.max(period, timeout) * 1000;
      expect(c.sequencer.now - startedAt).toBeGreaterThanOrEqual(3 * attempt);
      expect(c.sequencer.now - startedAt).toBeLessThan(3 * attempt + period * 1000 + 500);
      c.sequencer.runFor(1_000);
      const unhealthy = eventsFor(c, 'hangs').filter((e) => e.reason === 'Unhealthy');
      expect(unhealthy).toHaveLength(1);
      expect(unhealthy[0]).toMatchObject({
        message: 'Liveness probe failed: command "sleep 100" timed out',
        count: 3,
      });
      runUntil(c, () => containerStatus(c, 'hangs').restartCount === 1, 10_000);
    },
  );

  it('keeps one probe per period across kubelet restarts', () => {
    const c = readyNode();
    runPod(
      c,
      pod('steady', {
        containers: [
          {
            name: 'app',
            image: 'busybox',
            command: ['sleep', '3600'],
            readinessProbe: { exec: { command: ['true'] }, periodSeconds: 10 },
          },
        ],
      }),
    );
    runUntil(c, () => containerStatus(c, 'steady').ready === true);
    const execsPerMinute = () => {
      c.sequencer.runFor(5_000);
      const from = c.sequencer.now;
      c.sequencer.runFor(60_000);
      return c.sequencer.trace.filter(
        (e) =>
          e.from === kubeletId('node-1') &&
          e.summary.startsWith('CRI ExecSync') &&
          e.deliverAt >= from &&
          e.deliverAt < from + 60_000,
      ).length;
    };
    expect(execsPerMinute()).toBe(6);
    for (let i = 0; i < 2; i++) {
      c.sequencer.stopComponent(kubeletId('node-1'));
      c.sequencer.runFor(3_000);
      startNode(c, 'node-1');
      expect(execsPerMinute()).toBe(6);
    }
    expect(containerStatus(c, 'steady')).toMatchObject({ ready: true, restartCount: 0 });
  });

  it('reports a probe on a named port the container lacks as errored, and never kills for it', () => {
    const c = readyNode();
    runPod(
      c,
      pod('no-such-port', {
        containers: [
          {
            name: 'web',
            image: 'nginx:1.27',
            ports: [{ name: 'web', containerPort: 80 }],
            livenessProbe: { tcpSocket: { port: 'http' }, periodSeconds: 5 },
            readinessProbe: { httpGet: { path: '/', port: 'metrics' }, periodSeconds: 5 },
          },
        ],
      }),
    );
    runUntil(c, () => podStatus(c, 'no-such-port').phase === 'Running');
    c.sequencer.runFor(60_000);
    // The errors are thrown away: liveness stays at its initial Success, readiness at Failure.
    expect(containerStatus(c, 'no-such-port')).toMatchObject({ ready: false, restartCount: 0 });
    const events = eventsFor(c, 'no-such-port');
    expect(events.some((e) => e.reason === 'Killing')).toBe(false);
    const unhealthy = events.filter((e) => e.reason === 'Unhealthy');
    expect(unhealthy.map((e) => [e.type, e.message, e.fieldPath])).toEqual([
      ['Warning', 'Liveness probe errored: port "http" not found', 'spec.containers{web}'],
      ['Warning', 'Readiness probe errored: port "metrics" not found', 'spec.containers{web}'],
    ]);
    expect(unhealthy[0]!.count).toBeGreaterThanOrEqual(11);
  });

  it('resolves a named probe port to the container port', () => {
    const c = readyNode();
    runPod(
      c,
      pod('named-port', {
        containers: [
          {
            name: 'web',
            image: 'nginx:1.27',
            ports: [{ name: 'http', containerPort: 80 }],
            readinessProbe: { httpGet: { path: '/', port: 'http' }, periodSeconds: 5 },
          },
        ],
      }),
    );
    runUntil(c, () => containerStatus(c, 'named-port').ready === true, 30_000);
    expect(eventsFor(c, 'named-port').some((e) => e.reason === 'Unhealthy')).toBe(false);
  });
});
