import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/objects.ts';
import * as golden from './golden.testdata.ts';
import { NOW, ago, obj } from './objects.testdata.ts';
import { kubectlGet, printTable } from './table.ts';

const running = { running: { startedAt: ago(200) } };
const pods = [
  obj('v1', 'Pod', 'web-7c9d-pend1', 45, {
    spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
    status: { phase: 'Pending' },
  }),
  obj(
    'v1',
    'Pod',
    'web-7c9d-x2kqp',
    300,
    {
      spec: { nodeName: 'node-1', containers: [{ name: 'web', image: 'nginx:1.27' }] },
      status: {
        phase: 'Running',
        podIPs: [{ ip: '10.244.1.5' }],
        containerStatuses: [{ name: 'web', ready: true, restartCount: 0, state: running }],
      },
    },
    { labels: { app: 'web', 'pod-template-hash': '7c9d' } },
  ),
  obj('v1', 'Pod', 'web-7c9d-zq8lm', 600, {
    spec: { nodeName: 'node-2', containers: [{ name: 'web', image: 'nginx:1.27' }] },
    status: {
      phase: 'Running',
      podIPs: [{ ip: '10.244.2.7' }],
      containerStatuses: [
        {
          name: 'web',
          ready: false,
          restartCount: 5,
          state: { waiting: { reason: 'CrashLoopBackOff' } },
          lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(120) } },
        },
      ],
    },
  }),
];

describe('kubectl get pods', () => {
  it('prints READY, STATUS, RESTARTS and AGE aligned in columns', () => {
    expect(printTable('pods', pods, { now: NOW })).toBe(golden.pods);
  });

  it('adds IP, NODE, NOMINATED NODE and READINESS GATES with -o wide', () => {
    expect(printTable('po', pods, { now: NOW, wide: true })).toBe(golden.podsWide);
  });

  it('puts NAMESPACE first with -A and LABELS last with --show-labels', () => {
    const coredns = obj(
      'v1',
      'Pod',
      'coredns-abc12',
      90000,
      {
        spec: { containers: [{ name: 'coredns' }] },
        status: {
          phase: 'Running',
          containerStatuses: [{ name: 'coredns', ready: true, restartCount: 0, state: running }],
        },
      },
      { namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } },
    );
    const out = printTable('pod', [pods[1] as KubeObject, coredns], {
      now: NOW,
      allNamespaces: true,
      showLabels: true,
    });
    expect(out).toBe(golden.podsAllLabels);
  });

  it('drops the header with --no-headers and prefixes names with the kind', () => {
    const out = printTable('pods', [pods[1] as KubeObject], {
      now: NOW,
      noHeaders: true,
      withKind: true,
    });
    expect(out).toBe('pod/web-7c9d-x2kqp   1/1   Running   0     5m\n');
  });

  it('adds one column per -L label key, headed by the last path segment', () => {
    const out = printTable('pods', [pods[1] as KubeObject, pods[0] as KubeObject], {
      now: NOW,
      labelColumns: ['app', 'example.com/tier'],
    });
    expect(out.split('\n')[0]).toBe(
      'NAME             READY   STATUS    RESTARTS   AGE   APP   TIER',
    );
    expect(out.split('\n')[2]).toBe('web-7c9d-pend1   0/1     Pending   0          45s         ');
  });

  it('says where it found nothing, on stderr', () => {
    expect(kubectlGet('pods', [], { now: NOW })).toEqual({
      stdout: '',
      stderr: 'No resources found in default namespace.\n',
    });
    expect(printTable('pods', [], { now: NOW, namespace: 'kube-system' })).toBe(
      'No resources found in kube-system namespace.\n',
    );
    expect(printTable('pods', [], { now: NOW, allNamespaces: true })).toBe('No resources found\n');
    expect(printTable('nodes', [], { now: NOW })).toBe('No resources found\n');
    expect(printTable('pods', [], { now: NOW, noHeaders: true })).toBe(
      'No resources found in default namespace.\n',
    );
    expect(kubectlGet('widgets', [], { now: NOW }).stderr).toBe(
      'error: the server doesn\'t have a resource type "widgets"\n',
    );
  });
});
