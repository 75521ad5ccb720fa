import { describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import { DEFAULT_START_SECONDS, formatRfc3339 } from '../../shared/time.ts';
import { podColumns, podReady, podRestarts, podStatus } from './podStatus.ts';

const NOW = DEFAULT_START_SECONDS + 3600;
const ago = (s: number) => formatRfc3339(NOW - s);

const running = { running: { startedAt: ago(60) } };
const waiting = (reason: string) => ({ waiting: { reason } });
const terminated = (exitCode: number, reason?: string, signal?: number) => ({
  terminated: { exitCode, ...(reason ? { reason } : {}), ...(signal ? { signal } : {}) },
});

function pod(status: Pod['status'], spec: Partial<NonNullable<Pod['spec']>> = {}, meta = {}): Pod {
  return {
    metadata: { name: 'web', namespace: 'default', creationTimestamp: ago(300), ...meta },
    spec: { containers: [{ name: 'app', image: 'nginx' }], ...spec },
    status,
  };
}

const app = (state: object, ready = false, restartCount = 0, extra = {}) => ({
  name: 'app',
  image: 'nginx',
  imageID: '',
  ready,
  restartCount,
  state,
  ...extra,
});

const twoInits = {
  initContainers: [
    { name: 'init-db', image: 'busybox' },
    { name: 'init-cache', image: 'busybox' },
  ],
};
const init = (name: string, state: object, restartCount = 0, extra = {}) => ({
  name,
  image: 'busybox',
  imageID: '',
  ready: false,
  restartCount,
  state,
  ...extra,
});

describe('podStatus: the STATUS column as printPod computes it (v1.30)', () => {
  it.each<[string, Pod, string, string]>([
    ['unscheduled', pod({ phase: 'Pending' }), 'Pending', '0/1'],
    [
      'scheduling gated',
      pod({
        phase: 'Pending',
        conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }],
      }),
      'SchedulingGated',
      '0/1',
    ],
    [
      'creating',
      pod({ phase: 'Pending', containerStatuses: [app(waiting('ContainerCreating'))] }),
      'ContainerCreating',
      '0/1',
    ],
    [
      'image pull error',
      pod({ phase: 'Pending', containerStatuses: [app(waiting('ErrImagePull'))] }),
      'ErrImagePull',
      '0/1',
    ],
    [
      'image pull back-off',
      pod({ phase: 'Pending', containerStatuses: [app(waiting('ImagePullBackOff'))] }),
      'ImagePullBackOff',
      '0/1',
    ],
    [
      'running and ready',
      pod({ phase: 'Running', containerStatuses: [app(running, true)] }),
      'Running',
      '1/1',
    ],
    [
      'running but not ready (probe failing)',
      pod({ phase: 'Running', containerStatuses: [app(running, false)] }),
      'Running',
      '0/1',
    ],
    [
      'crash loop',
      pod({ phase: 'Running', containerStatuses: [app(waiting('CrashLoopBackOff'), false, 5)] }),
      'CrashLoopBackOff',
      '0/1',
    ],
    [
      'completed',
      pod({ phase: 'Succeeded', containerStatuses: [app(terminated(0, 'Completed'))] }),
      'Completed',
      '0/1',
    ],
    [
      'error exit',
      pod({ phase: 'Failed', containerStatuses: [app(terminated(1, 'Error'))] }),
      'Error',
      '0/1',
    ],
    [
      'OOM killed',
      pod({ phase: 'Running', containerStatuses: [app(terminated(137, 'OOMKilled'))] }),
      'OOMKilled',
      '0/1',
    ],
    [
      'terminated by a signal, no reason',
      pod({ phase: 'Failed', containerStatuses: [app(terminated(137, undefined, 9))] }),
      'Signal:9',
      '0/1',
    ],
    [
      'exit code, no reason',
      pod({ phase: 'Failed', containerStatuses: [app(terminated(2))] }),
      'ExitCode:2',
      '0/1',
    ],
    [
      'first init container running',
      pod(
        {
          phase: 'Pending',
          initContainerStatuses: [
            init('init-db', running),
            init('init-cache', waiting('PodInitializing')),
          ],
          containerStatuses: [app(waiting('PodInitializing'))],
        },
        twoInits,
      ),
      'Init:0/2',
      '0/1',
    ],
    [
      'second init container running',
      pod(
        {
          phase: 'Pending',
          initContainerStatuses: [
            init('init-db', terminated(0, 'Completed')),
            init('init-cache', running),
          ],
        },
        twoInits,
      ),
      'Init:1/2',
      '0/1',
    ],
    [
      'init container crash looping',
      pod(
        {
          phase: 'Pending',
          initContainerStatuses: [init('init-db', waiting('CrashLoopBackOff'), 3)],
        },
        twoInits,
      ),
      'Init:CrashLoopBackOff',
      '0/1',
    ],
    [
      'init container failed',
      pod(
        { phase: 'Failed', initContainerStatuses: [init('init-db', terminated(1, 'Error'))] },
        twoInits,
      ),
      'Init:Error',
      '0/1',
    ],
    [
      'init container exit code without reason',
      pod({ phase: 'Pending', initContainerStatuses: [init('init-db', terminated(3))] }, twoInits),
      'Init:ExitCode:3',
      '0/1',
    ],
    [
      'init done, app container not started yet',
      pod(
        {
          phase: 'Pending',
          initContainerStatuses: [
            init('init-db', terminated(0, 'Completed')),
            init('init-cache', terminated(0, 'Completed')),
          ],
          containerStatuses: [app(waiting('PodInitializing'))],
        },
        twoInits,
      ),
      'PodInitializing',
      '0/1',
    ],
    [
      'one container completed, the other still running, pod Ready',
      pod(
        {
          phase: 'Running',
          conditions: [{ type: 'Ready', status: 'True' }],
          containerStatuses: [
            app(terminated(0, 'Completed')),
            { ...app(running, true), name: 'side' },
          ],
        },
        { containers: [{ name: 'app' }, { name: 'side' }] },
      ),
      'Running',
      '1/2',
    ],
    [
      'one container completed, the other running, pod not Ready',
      pod(
        {
          phase: 'Running',
          conditions: [{ type: 'Ready', status: 'False' }],
          containerStatuses: [
            app(terminated(0, 'Completed')),
            { ...app(running, true), name: 'side' },
          ],
        },
        { containers: [{ name: 'app' }, { name: 'side' }] },
      ),
      'NotReady',
      '1/2',
    ],
    [
      'native sidecar started and ready, app running',
      pod(
        {
          phase: 'Running',
          conditions: [{ type: 'Initialized', status: 'True' }],
          initContainerStatuses: [init('proxy', running, 0, { started: true, ready: true })],
          containerStatuses: [app(running, true)],
        },
        { initContainers: [{ name: 'proxy', image: 'envoy', restartPolicy: 'Always' }] },
      ),
      'Running',
      '2/2',
    ],
    [
      'deleting',
      pod(
        { phase: 'Running', containerStatuses: [app(running, true)] },
        {},
        { deletionTimestamp: ago(5) },
      ),
      'Terminating',
      '1/1',
    ],
    [
      'deleting after completion (v1.30 still says Terminating)',
      pod(
        { phase: 'Succeeded', containerStatuses: [app(terminated(0, 'Completed'))] },
        {},
        { deletionTimestamp: ago(5) },
      ),
      'Terminating',
      '0/1',
    ],
    [
      'on a lost node',
      pod(
        { phase: 'Running', reason: 'NodeLost', containerStatuses: [app(running, true)] },
        {},
        { deletionTimestamp: ago(5) },
      ),
      'Unknown',
      '1/1',
    ],
    ['evicted', pod({ phase: 'Failed', reason: 'Evicted' }), 'Evicted', '0/1'],
  ])('%s', (_, p, status, ready) => {
    expect(podStatus(p)).toBe(status);
    expect(podReady(p)).toBe(ready);
  });
});

describe('RESTARTS and the wide columns', () => {
  it('shows how long ago the last container terminated', () => {
    const p = pod({
      phase: 'Running',
      containerStatuses: [
        app(waiting('CrashLoopBackOff'), false, 5, {
          lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(150) } },
        }),
      ],
    });
    expect(podRestarts(p, NOW)).toBe('5 (2m30s ago)');
  });

  it('prints a bare count when no termination time is known', () => {
    const p = pod({ phase: 'Running', containerStatuses: [app(running, true, 2)] });
    expect(podRestarts(p, NOW)).toBe('2');
  });

  it('counts init container restarts only while initializing', () => {
    const initializing = pod(
      {
        phase: 'Pending',
        initContainerStatuses: [init('init-db', waiting('CrashLoopBackOff'), 4)],
      },
      twoInits,
    );
    expect(podRestarts(initializing, NOW)).toBe('4');
    const done = pod(
      {
        phase: 'Running',
        initContainerStatuses: [
          init('init-db', terminated(0, 'Completed'), 4),
          init('init-cache', terminated(0, 'Completed')),
        ],
        containerStatuses: [app(running, true, 1)],
      },
      twoInits,
    );
    expect(podRestarts(done, NOW)).toBe('1');
  });

  it('fills IP, node, nominated node and readiness gates', () => {
    const p = pod(
      {
        phase: 'Running',
        podIPs: [{ ip: '10.244.1.7' }],
        nominatedNodeName: 'node-3',
        conditions: [
          { type: 'example.com/lb-ready', status: 'True' },
          { type: 'example.com/warm', status: 'False' },
        ],
        containerStatuses: [app(running, true)],
      },
      {
        nodeName: 'node-1',
        readinessGates: [
          { conditionType: 'example.com/lb-ready' },
          { conditionType: 'example.com/warm' },
        ],
      },
    );
    expect(podColumns(p, NOW)).toEqual({
      name: 'web',
      ready: '1/1',
      status: 'Running',
      restarts: '0',
      age: '5m',
      ip: '10.244.1.7',
      node: 'node-1',
      nominatedNode: 'node-3',
      readinessGates: '1/2',
    });
    const bare = podColumns(pod({ phase: 'Pending' }), NOW);
    expect([bare.ip, bare.node, bare.nominatedNode, bare.readinessGates]).toEqual([
      '<none>',
      '<none>',
      '<none>',
      '<none>',
    ]);
  });
});
