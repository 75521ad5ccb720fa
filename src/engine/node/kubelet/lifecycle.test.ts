import { describe, expect, it } from 'vitest';
import { parseRfc3339 } from '../../../shared/index.ts';
import type { KubeObject } from '../../api/objects.ts';
import type { Cluster } from '../../cluster/cluster.ts';
import { kubeletId } from './kubelet.ts';
import {
  PODS,
  containerStatus,
  eventsFor,
  getPod,
  pod,
  podStatus,
  readyNode,
  received,
  runPod,
  runUntil,
  startNode,
} from '../testing/nodeCluster.ts';

type Json = Record<string, unknown>;

function running(c: Cluster, name: string, spec: Json): KubeObject {
  const created = runPod(c, pod(name, spec));
  runUntil(c, () => podStatus(c, name).phase === 'Running');
  return created;
}

describe('kubelet: deletion and restarts', () => {
  it('stops a deleted pod within its grace period, then deletes it with grace 0 and its uid', () => {
    const c = readyNode();
    const created = running(c, 'graceful', {
      containers: [
        { name: 'app', image: 'kubeviz/sleep', env: [{ name: 'SHUTDOWN_SECONDS', value: '5' }] },
      ],
    });
    const t0 = c.sequencer.now;
    expect(c.call('DELETE', `${PODS}/graceful`).code).toBe(200);
    runUntil(c, () => getPod(c, 'graceful') === undefined);
    // SIGTERM handled in 5 s, well inside the 30 s grace period.
    expect((c.sequencer.now - t0) / 1000).toBeGreaterThanOrEqual(5);
    expect((c.sequencer.now - t0) / 1000).toBeLessThan(6);
    const final = c.sequencer.trace.filter(
      (e) =>
        e.from === kubeletId('node-1') &&
        e.summary === 'DELETE /api/v1/namespaces/default/pods/graceful',
    );
    expect(final).toHaveLength(1);
    // The final delete comes after the last status write, which records the terminal phase.
    const writes = c.sequencer.trace.filter(
      (e) => e.from === kubeletId('node-1') && e.summary.includes('pods/graceful'),
    );
    expect(writes[writes.length - 1]!.summary).toBe(
      'DELETE /api/v1/namespaces/default/pods/graceful',
    );
    expect(writes[writes.length - 2]!.summary).toBe(
      'PATCH /api/v1/namespaces/default/pods/graceful/status',
    );
    const killing = eventsFor(c, 'graceful').find((e) => e.reason === 'Killing');
    expect(killing).toMatchObject({
      type: 'Normal',
      message: 'Stopping container app',
      fieldPath: 'spec.containers{app}',
    });
    expect(created.metadata.uid).toBeTruthy();
  });

  it('SIGKILLs a container that ignores SIGTERM when the grace period ends', () => {
    const c = readyNode();
    running(c, 'stubborn', {
      terminationGracePeriodSeconds: 3,
      containers: [{ name: 'sh', image: 'busybox:1.36', command: ['sleep', '3600'] }],
    });
    const t0 = c.sequencer.now;
    c.call('DELETE', `${PODS}/stubborn`);
    runUntil(c, () => (containerStatus(c, 'stubborn').state as Json).terminated !== undefined);
    expect(Math.round((c.sequencer.now - t0) / 1000)).toBe(3);
    expect(containerStatus(c, 'stubborn').state).toMatchObject({
      terminated: { exitCode: 137, reason: 'Error' },
    });
    // Once the sandbox is gone too, the pod is terminal: Failed, as one container did not exit 0.
    runUntil(c, () => podStatus(c, 'stubborn').phase === 'Failed');
    runUntil(c, () => getPod(c, 'stubborn') === undefined);
  });

  it('kills the containers of a pod that vanishes from the apiserver', () => {
    const c = readyNode();
    running(c, 'gone', { containers: [{ name: 'web', image: 'nginx:1.27' }] });
    c.call('DELETE', `${PODS}/gone`, { body: { gracePeriodSeconds: 0 } });
    c.sequencer.runFor(3_000);
    const runtime = c.sequencer.stateOf<{ containers: Map<string, { state: string }> }>(
      'containerd/node-1',
    )!;
    expect([...runtime.containers.values()].map((x) => x.state)).toEqual(['CONTAINER_EXITED']);
  });

  it('after a restart, re-lists and adopts the running containers instead of restarting them', () => {
    const c = readyNode();
    running(c, 'web', { containers: [{ name: 'web', image: 'nginx:1.27' }] });
    const before = containerStatus(c, 'web');
    c.sequencer.stopComponent(kubeletId('node-1'));
    c.sequencer.runFor(20_000);
    startNode(c, 'node-1');
    c.sequencer.runFor(20_000);
    expect(c.sequencer.crashed.size).toBe(0);
    const after = containerStatus(c, 'web');
    expect(after.containerID).toBe(before.containerID);
    expect(after).toMatchObject({ restartCount: 0, ready: true, state: before.state });
    expect(eventsFor(c, 'web').filter((e) => e.reason === 'Started')).toHaveLength(1);
    const lease = c.stored('/registry/leases/kube-node-lease/node-1')[0]!;
    expect(parseRfc3339((lease.spec as Json).renewTime as string)! - 1767225600).toBeGreaterThan(
      c.sequencer.now / 1000 - 11,
    );
  });

  it('crashes a container on a fault: OOMKilled, then restarted', () => {
    const c = readyNode();
    running(c, 'mem', { containers: [{ name: 'app', image: 'nginx:1.27' }] });
    c.sequencer.inject('user', 'containerd/node-1', {
      kind: 'fault',
      fault: {
        type: 'crashContainer',
        namespace: 'default',
        pod: 'mem',
        container: 'app',
        oomKilled: true,
      },
    });
    runUntil(
      c,
      () =>
        containerStatus(c, 'mem').restartCount === 1 &&
        (containerStatus(c, 'mem').state as Json).running !== undefined,
    );
    expect((containerStatus(c, 'mem').lastState as Json).terminated).toMatchObject({
      exitCode: 137,
      reason: 'OOMKilled',
    });
  });

  it('answers metrics scrapes with the demanded CPU, capped by the limit', () => {
    const c = readyNode();
    const limited = running(c, 'capped', {
      containers: [
        {
          name: 'app',
          image: 'nginx:1.27',
          resources: { limits: { cpu: '200m', memory: '64Mi' } },
        },
      ],
    });
    const free = running(c, 'free', { containers: [{ name: 'app', image: 'nginx:1.27' }] });
    c.sequencer.inject('user', kubeletId('node-1'), {
      kind: 'load.demand',
      demand: { [limited.metadata.uid!]: 500, [free.metadata.uid!]: 300 },
    });
    const scrape = c.sequencer.inject('user', kubeletId('node-1'), { kind: 'metrics.scrape' });
    runUntil(c, () => received(c).some((p) => p.kind === 'metrics.report'));
    const report = received(c).find((p) => p.kind === 'metrics.report')!;
    expect(report).toMatchObject({ inReplyTo: scrape, node: 'node-1' });
    const pods = (report as { pods: { name: string; containers: Json[] }[] }).pods;
    const usage = Object.fromEntries(pods.map((p) => [p.name, p.containers[0]]));
    // The memory limit defaulted the request (64Mi), the baseline the simulation reports.
    expect(usage.capped).toEqual({ name: 'app', cpuMilli: 200, memoryBytes: 64 * 1024 * 1024 });
    expect(usage.free).toEqual({ name: 'app', cpuMilli: 300, memoryBytes: 20 * 1024 * 1024 });
  });

  it('serves traffic to a port a running container listens on and refuses it otherwise', () => {
    const c = readyNode();
    running(c, 'web', { containers: [{ name: 'web', image: 'nginx:1.27' }] });
    const ip = podStatus(c, 'web').podIP as string;
    const send = (destination: string) =>
      c.sequencer.inject('user', 'containerd/node-1', {
        kind: 'traffic',
        requestId: destination,
        destination,
        protocol: 'TCP',
        hops: ['user'],
      });
    send(`${ip}:80`);
    send('10.244.1.99:80');
    // Nothing in the pod listens on 8080: nginx listens on 80 only.
    send(`${ip}:8080`);
    c.sequencer.runFor(100);
    const replies = received(c).filter((p) => p.kind === 'traffic');
    expect(replies.map((p) => (p as { response?: unknown }).response)).toEqual([
      { status: 200, servedBy: 'default/web' },
      { status: 0, error: 'connection refused' },
      { status: 0, error: 'connection refused' },
    ]);
  });
});
