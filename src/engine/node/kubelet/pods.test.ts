import { describe, expect, it } from 'vitest';
import { parseRfc3339 } from '../../../shared/index.ts';
import type { KubeObject } from '../../api/objects.ts';
import type { Cluster } from '../../cluster/cluster.ts';
import {
  containerStatus,
  eventsFor,
  getPod,
  pod,
  podStatus,
  readyNode,
  runPod,
  runUntil,
} from '../testing/nodeCluster.ts';

type Json = Record<string, unknown>;

const condition = (c: Cluster, name: string, type: string) =>
  ((podStatus(c, name).conditions ?? []) as Json[]).find((x) => x.type === type);
const seconds = (t: unknown) => parseRfc3339(t as string)!;

describe('kubelet: running pods', () => {
  it('takes a pod from ContainerCreating to Running and Ready, with the real events', () => {
    const c = readyNode();
    const created = runPod(c, pod('web', { containers: [{ name: 'web', image: 'nginx:1.27' }] }));
    runUntil(
      c,
      () =>
        podStatus(c, 'web').phase !== undefined && containerStatus(c, 'web').state !== undefined,
    );
    expect(podStatus(c, 'web').phase).toBe('Pending');
    expect(containerStatus(c, 'web')).toMatchObject({
      state: { waiting: { reason: 'ContainerCreating' } },
      ready: false,
      restartCount: 0,
      image: 'nginx:1.27',
      imageID: '',
      started: false,
    });
    runUntil(
      c,
      () =>
        podStatus(c, 'web').phase === 'Running' && condition(c, 'web', 'Ready')?.status === 'True',
    );
    const s = podStatus(c, 'web');
    expect(s.podIP).toBe('10.244.1.2');
    expect(s.hostIP).toBe('172.18.0.3');
    expect((s.conditions as Json[]).map((x) => [x.type, x.status])).toEqual([
      ['PodReadyToStartContainers', 'True'],
      ['Initialized', 'True'],
      ['Ready', 'True'],
      ['ContainersReady', 'True'],
      ['PodScheduled', 'True'],
    ]);
    expect(containerStatus(c, 'web')).toMatchObject({
      ready: true,
      started: true,
      image: 'docker.io/library/nginx:1.27',
      imageID: expect.stringMatching(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/),
      containerID: expect.stringMatching(/^containerd:\/\/[0-9a-f]{64}$/),
    });
    const events = eventsFor(c, 'web');
    expect(events.map((e) => e.reason)).toEqual(['Pulling', 'Pulled', 'Created', 'Started']);
    expect(events[0]).toMatchObject({
      message: 'Pulling image "nginx:1.27"',
      fieldPath: 'spec.containers{web}',
    });
    // 300 ms to resolve + 72,099,501 bytes at 50 MB/s, plus the CRI round trip.
    expect(events[1]!.message).toMatch(
      /^Successfully pulled image "nginx:1\.27" in 1\.7\d\ds \(1\.7\d\ds including waiting\)\. Image size: 72099501 bytes\.$/,
    );
    expect(events[2]!.message).toBe('Created container web');
    expect(events[3]!.message).toBe('Started container web');
    expect((getPod(c, 'web') as KubeObject).metadata.uid).toBe(created.metadata.uid);
  });

  /** The status patches the kubelet sends for pod `name`, in order. */
  function statusPatches(c: Cluster, name: string): Json[] {
    const patches: Json[] = [];
    c.sequencer.onTrace((e, d) => {
      const p = d?.envelope.payload as Json | undefined;
      if (e.from === 'kubelet/node-1' && p?.kind === 'api.request' && p.method === 'PATCH')
        if (String(p.path).endsWith(`/pods/${name}/status`))
          patches.push((p.body as Json).status as Json);
    });
    return patches;
  }

  it('patches a new pod twice: ContainerCreating first, then Running with the IP', () => {
    const c = readyNode();
    const patches = statusPatches(c, 'web');
    runPod(c, pod('web', { containers: [{ name: 'web', image: 'nginx:1.27' }] }));
    runUntil(c, () => condition(c, 'web', 'Ready')?.status === 'True');
    // SyncPod sets the status once, before it creates the sandbox and starts the containers in
    // the same call; the IP comes with the next sync, as `kubectl get pods -w` shows it.
    expect(patches).toHaveLength(2);
    expect(patches[0]).not.toHaveProperty('podIP');
    expect(patches[0]!.containerStatuses).toMatchObject([
      { state: { waiting: { reason: 'ContainerCreating' } } },
    ]);
    expect(patches[1]).toMatchObject({ phase: 'Running', podIP: '10.244.1.2' });
  });

  it('starts every container of a pod in one SyncPod, so two containers still take two patches', () => {
    const c = readyNode();
    const patches = statusPatches(c, 'two');
    const containers = [
      { name: 'web', image: 'nginx:1.27' },
      { name: 'cache', image: 'redis:7.2' },
    ];
    runPod(c, pod('two', { containers }));
    runUntil(c, () => condition(c, 'two', 'Ready')?.status === 'True');
    expect(patches).toHaveLength(2);
    expect(patches[1]).toMatchObject({ phase: 'Running', podIP: '10.244.1.2' });
    const states = (patches[1]!.containerStatuses as Json[]).map((s) =>
      Object.keys(s.state as Json),
    );
    expect(states).toEqual([['running'], ['running']]);
  });

  it('skips the pull when the image is cached and the policy is IfNotPresent', () => {
    const c = readyNode();
    runPod(c, pod('a', { containers: [{ name: 'web', image: 'nginx:1.27' }] }));
    runUntil(c, () => podStatus(c, 'a').phase === 'Running');
    runPod(c, pod('b', { containers: [{ name: 'web', image: 'nginx:1.27' }] }));
    const t0 = c.sequencer.now;
    runUntil(c, () => podStatus(c, 'b').phase === 'Running');
    expect(c.sequencer.now - t0).toBeLessThan(200);
    expect(eventsFor(c, 'b').map((e) => [e.reason, e.message])).toEqual([
      ['Pulled', 'Container image "nginx:1.27" already present on machine'],
      ['Created', 'Created container web'],
      ['Started', 'Started container web'],
    ]);
    expect(podStatus(c, 'b').podIP).toBe('10.244.1.3');
  });

  it('serializes pulls: the second pod waits for the first pull', () => {
    const c = readyNode();
    runPod(c, pod('a', { containers: [{ name: 'db', image: 'redis:7' }] }));
    runPod(c, pod('b', { containers: [{ name: 'web', image: 'nginx:1.27' }] }));
    runUntil(c, () => podStatus(c, 'b').phase === 'Running');
    const pulled = eventsFor(c, 'b').find((e) => e.reason === 'Pulled')!.message;
    const m = /in ([\d.]+)s \(([\d.]+)s including waiting\)/.exec(pulled)!;
    expect(Number(m[2]) - Number(m[1])).toBeGreaterThan(1); // waited for redis (45 MB, ~1.2 s)
  });

  it('pulls again for a pod that queued before the image arrived, and finds the content there', () => {
    const c = readyNode();
    runPod(c, pod('a', { containers: [{ name: 'web', image: 'nginx:1.27' }] }));
    runPod(c, pod('b', { containers: [{ name: 'web', image: 'nginx:1.27' }] }));
    runUntil(c, () => podStatus(c, 'b').phase === 'Running');
    // Both checked ImageStatus before the first pull finished, so both pull (serially); the
    // second pull only resolves the reference: 0.3 s, after waiting about 1.7 s for the first.
    const pulled = eventsFor(c, 'b').find((e) => e.reason === 'Pulled')!.message;
    const m = /in ([\d.]+)(m?s) \(([\d.]+)s including waiting\)/.exec(pulled)!;
    const took = Number(m[1]) / (m[2] === 'ms' ? 1000 : 1);
    expect(took).toBeGreaterThanOrEqual(0.3);
    expect(took).toBeLessThan(0.32);
    expect(Number(m[3])).toBeGreaterThan(1.9);
    expect(eventsFor(c, 'b').map((e) => e.reason)).toEqual([
      'Pulling',
      'Pulled',
      'Created',
      'Started',
    ]);
  });

  it('reports ErrImagePull, then ImagePullBackOff, retrying after 10 s, then 20 s', () => {
    const c = readyNode();
    runPod(c, pod('bad', { containers: [{ name: 'app', image: 'nope' }] }));
    runUntil(
      c,
      () =>
        (containerStatus(c, 'bad').state as Json | undefined)?.waiting !== undefined &&
        ((containerStatus(c, 'bad').state as Json).waiting as Json).reason === 'ErrImagePull',
    );
    const notFound =
      'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nope:latest": failed to resolve reference "docker.io/library/nope:latest": docker.io/library/nope:latest: not found';
    expect(containerStatus(c, 'bad').state).toEqual({
      waiting: { reason: 'ErrImagePull', message: notFound },
    });
    // The failed pull ends the SyncPod; the next one reports the sandbox it left: IP and condition.
    expect(podStatus(c, 'bad').podIP).toBe('10.244.1.2');
    expect(condition(c, 'bad', 'PodReadyToStartContainers')?.status).toBe('True');
    runUntil(
      c,
      () =>
        ((containerStatus(c, 'bad').state as Json).waiting as Json).reason === 'ImagePullBackOff',
    );
    expect(containerStatus(c, 'bad').state).toEqual({
      waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "nope"' },
    });
    expect(podStatus(c, 'bad').phase).toBe('Pending');
    c.sequencer.runFor(40_000);
    const events = eventsFor(c, 'bad');
    expect(events.slice(0, 5).map((e) => [e.type, e.reason, e.message])).toEqual([
      ['Normal', 'Pulling', 'Pulling image "nope"'],
      ['Warning', 'Failed', `Failed to pull image "nope": ${notFound}`],
      ['Warning', 'Failed', 'Error: ErrImagePull'],
      ['Normal', 'BackOff', 'Back-off pulling image "nope"'],
      ['Warning', 'Failed', 'Error: ImagePullBackOff'],
    ]);
    const pulling = events.find((e) => e.reason === 'Pulling')!;
    expect(pulling.count).toBe(3);
    // Attempts at t, t + 10 s, t + 30 s: the pull back-off doubles.
    const pulls = c.sequencer.trace.filter(
      (e) => e.kind === 'cri.request' && e.summary.startsWith('CRI PullImage'),
    );
    const gaps = pulls
      .slice(1)
      .map((e, i) => Math.round((e.deliverAt - pulls[i]!.deliverAt) / 1000));
    expect(gaps).toEqual([10, 20]);
  });

  it('runs init containers in order, each to completion, before the app container', () => {
    const c = readyNode();
    runPod(
      c,
      pod('init', {
        initContainers: [
          { name: 'first', image: 'busybox:1.36', command: ['sh', '-c', 'sleep 2'] },
          { name: 'second', image: 'busybox:1.36', command: ['sh', '-c', 'sleep 1'] },
        ],
        containers: [{ name: 'web', image: 'nginx:1.27' }],
      }),
    );
    runUntil(c, () => ((podStatus(c, 'init').initContainerStatuses ?? []) as Json[]).length === 2);
    expect(condition(c, 'init', 'Initialized')).toMatchObject({
      status: 'False',
      reason: 'ContainersNotInitialized',
      message: 'containers with incomplete status: [first second]',
    });
    expect(containerStatus(c, 'init').state).toEqual({ waiting: { reason: 'PodInitializing' } });
    runUntil(c, () => podStatus(c, 'init').phase === 'Running');
    const inits = podStatus(c, 'init').initContainerStatuses as Json[];
    const t = (i: number, k: string) => seconds(((inits[i]!.state as Json).terminated as Json)[k]);
    expect(t(0, 'finishedAt')).toBeLessThanOrEqual(t(1, 'startedAt'));
    expect(t(0, 'finishedAt') - t(0, 'startedAt')).toBe(2);
    expect(((inits[1]!.state as Json).terminated as Json).reason).toBe('Completed');
    expect(condition(c, 'init', 'Initialized')?.status).toBe('True');
    const started = eventsFor(c, 'init')
      .filter((e) => e.reason === 'Started')
      .map((e) => e.fieldPath);
    expect(started).toEqual([
      'spec.initContainers{first}',
      'spec.initContainers{second}',
      'spec.containers{web}',
    ]);
  });

  it('restarts a crashing container with back-off 10 s, 20 s, 40 s (CrashLoopBackOff)', () => {
    const c = readyNode();
    const created = runPod(
      c,
      pod('crash', { containers: [{ name: 'app', image: 'kubeviz/crashloop' }] }),
    );
    const uid = created.metadata.uid!;
    runUntil(c, () => (containerStatus(c, 'crash').restartCount as number) >= 4, 300_000);
    const starts = c.sequencer.trace
      .filter((e) => e.kind === 'cri.request' && e.summary.startsWith('CRI StartContainer'))
      .map((e) => e.deliverAt);
    const exits = c.sequencer.trace
      .filter((e) => e.kind === 'cri.event' && e.to === 'kubelet/node-1')
      .map((e) => e.deliverAt);
    // Each start follows the previous exit after the back-off: none the first time, then doubling.
    const waits = starts.slice(1).map((s, i) => Math.round((s - exits[i]!) / 1000));
    expect(waits).toEqual([0, 10, 20, 40]);
    runUntil(
      c,
      () =>
        ((containerStatus(c, 'crash').state as Json).waiting as Json | undefined)?.reason ===
        'CrashLoopBackOff',
    );
    const cs = containerStatus(c, 'crash');
    expect(cs.state).toEqual({
      waiting: {
        reason: 'CrashLoopBackOff',
        message: `back-off 1m20s restarting failed container=app pod=crash_default(${uid})`,
      },
    });
    expect((cs.lastState as Json).terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(podStatus(c, 'crash').phase).toBe('Running');
    expect(condition(c, 'crash', 'Ready')).toMatchObject({
      status: 'False',
      reason: 'ContainersNotReady',
      message: 'containers with unready status: [app]',
    });
    const backOff = eventsFor(c, 'crash').find((e) => e.reason === 'BackOff')!;
    expect(backOff).toMatchObject({
      type: 'Warning',
      message: `Back-off restarting failed container app in pod crash_default(${uid})`,
    });
    expect(backOff.count).toBeGreaterThanOrEqual(4);
  });

  it('finishes a restartPolicy Never pod as Succeeded or Failed', () => {
    const c = readyNode();
    runPod(
      c,
      pod('ok', { restartPolicy: 'Never', containers: [{ name: 'job', image: 'kubeviz/job' }] }),
    );
    runPod(
      c,
      pod('ko', {
        restartPolicy: 'Never',
        containers: [
          { name: 'job', image: 'kubeviz/job', env: [{ name: 'EXIT_CODE', value: '3' }] },
        ],
      }),
    );
    runUntil(
      c,
      () => podStatus(c, 'ok').phase === 'Succeeded' && podStatus(c, 'ko').phase === 'Failed',
    );
    expect(containerStatus(c, 'ok').state).toMatchObject({
      terminated: { exitCode: 0, reason: 'Completed' },
    });
    expect(containerStatus(c, 'ko').state).toMatchObject({
      terminated: { exitCode: 3, reason: 'Error' },
    });
    expect(condition(c, 'ok', 'Ready')).toMatchObject({ status: 'False', reason: 'PodCompleted' });
    expect(condition(c, 'ok', 'PodReadyToStartContainers')?.status).toBe('False');
    const t = containerStatus(c, 'ok').state as { terminated: Json };
    expect(seconds(t.terminated.finishedAt) - seconds(t.terminated.startedAt)).toBe(5);
  });

  it('rejects a pod that does not fit in allocatable (OutOfcpu)', () => {
    const c = readyNode();
    runPod(
      c,
      pod('big', {
        containers: [{ name: 'app', image: 'nginx:1.27', resources: { requests: { cpu: '3' } } }],
      }),
    );
    runPod(
      c,
      pod('more', {
        containers: [{ name: 'app', image: 'nginx:1.27', resources: { requests: { cpu: '1' } } }],
      }),
    );
    runUntil(c, () => podStatus(c, 'more').phase === 'Failed');
    const message =
      "Node didn't have enough resource: cpu, requested: 1000, used: 3000, capacity: 3800";
    expect(podStatus(c, 'more')).toMatchObject({
      phase: 'Failed',
      reason: 'OutOfcpu',
      message: `Pod was rejected: ${message}`,
    });
    expect(eventsFor(c, 'more').map((e) => [e.type, e.reason, e.message])).toEqual([
      ['Warning', 'OutOfcpu', message],
    ]);
  });

  it('marks a container ready only after its readiness probe passes', () => {
    const c = readyNode();
    runPod(
      c,
      pod('probed', {
        containers: [
          {
            name: 'web',
            image: 'nginx:1.27',
            readinessProbe: {
              httpGet: { path: '/', port: 80 },
              initialDelaySeconds: 5,
              periodSeconds: 10,
            },
          },
        ],
      }),
    );
    runUntil(c, () => podStatus(c, 'probed').phase === 'Running');
    const startedAt = seconds(
      ((containerStatus(c, 'probed').state as Json).running as Json).startedAt,
    );
    expect(containerStatus(c, 'probed').ready).toBe(false);
    runUntil(c, () => containerStatus(c, 'probed').ready === true);
    const readyAt = seconds(condition(c, 'probed', 'Ready')!.lastTransitionTime);
    // Probes tick every 10 s from when the pod was added; the first one after the 5 s delay passes.
    expect(readyAt - startedAt).toBeGreaterThanOrEqual(5);
    expect(readyAt - startedAt).toBeLessThanOrEqual(10);
  });
});
