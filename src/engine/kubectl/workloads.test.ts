import { describe, expect, it } from 'vitest';
import * as golden from './golden.testdata.ts';
import { DAY, NOW, ago, obj } from './objects.testdata.ts';
import { printTable } from './table.ts';

const deployments = [
  obj('apps/v1', 'Deployment', 'web', 600, {
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'web' } },
      template: { spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } },
    },
    status: { replicas: 3, updatedReplicas: 3, readyReplicas: 2, availableReplicas: 2 },
  }),
  obj('apps/v1', 'Deployment', 'api', 45, {
    spec: {
      replicas: 1,
      selector: { matchLabels: { tier: 'backend', app: 'api' } },
      template: {
        spec: {
          containers: [
            { name: 'api', image: 'ghcr.io/example/api:v2' },
            { name: 'envoy', image: 'envoyproxy/envoy:v1.30' },
          ],
        },
      },
    },
    status: {},
  }),
];

describe('kubectl get deployments, replicasets, daemonsets, jobs, hpa', () => {
  it('deployments: READY ready/desired, UP-TO-DATE, AVAILABLE', () => {
    expect(printTable('deployments', deployments, { now: NOW })).toBe(golden.deployments);
    expect(printTable('deploy', deployments, { now: NOW, wide: true })).toBe(
      golden.deploymentsWide,
    );
  });

  it('replicasets: DESIRED, CURRENT, READY', () => {
    const rs = [
      obj('apps/v1', 'ReplicaSet', 'web-7c9d5f', 600, {
        spec: { replicas: 3 },
        status: { replicas: 3, readyReplicas: 2 },
      }),
      obj('apps/v1', 'ReplicaSet', 'web-5d8b9c', 3600, {
        spec: { replicas: 0 },
        status: { replicas: 0 },
      }),
    ];
    expect(printTable('rs', rs, { now: NOW })).toBe(golden.replicasets);
  });

  it('daemonsets: scheduling counts and NODE SELECTOR', () => {
    const ds = [
      obj('apps/v1', 'DaemonSet', 'kube-proxy', 3 * DAY, {
        spec: { template: { spec: { nodeSelector: { 'kubernetes.io/os': 'linux' } } } },
        status: {
          desiredNumberScheduled: 3,
          currentNumberScheduled: 3,
          numberReady: 3,
          updatedNumberScheduled: 3,
          numberAvailable: 3,
        },
      }),
      obj('apps/v1', 'DaemonSet', 'fluentd', 300, {
        spec: { template: { spec: {} } },
        status: {
          desiredNumberScheduled: 2,
          currentNumberScheduled: 2,
          numberReady: 1,
          updatedNumberScheduled: 2,
          numberAvailable: 1,
        },
      }),
    ];
    expect(printTable('daemonsets', ds, { now: NOW })).toBe(golden.daemonsets);
  });

  it('jobs: v1.30 STATUS, COMPLETIONS and DURATION', () => {
    const cond = (type: string) => ({ conditions: [{ type, status: 'True' }] });
    const jobs = [
      obj('batch/v1', 'Job', 'pi', 600, {
        spec: { completions: 1, parallelism: 1 },
        status: {
          succeeded: 1,
          startTime: ago(600),
          completionTime: ago(540),
          ...cond('Complete'),
        },
      }),
      obj('batch/v1', 'Job', 'batch', 120, {
        spec: { completions: 5, parallelism: 2 },
        status: { succeeded: 2, active: 2, startTime: ago(120) },
      }),
      obj('batch/v1', 'Job', 'work-queue', 30, {
        spec: { parallelism: 3, suspend: true },
        status: cond('Suspended'),
      }),
      obj('batch/v1', 'Job', 'broken', 300, {
        spec: { completions: 1 },
        status: { failed: 7, startTime: ago(300), ...cond('Failed') },
      }),
    ];
    expect(printTable('jobs', jobs, { now: NOW })).toBe(golden.jobs);
  });

  it('hpa: resource metrics carry their name in TARGETS since v1.30', () => {
    const hpa = [
      obj('autoscaling/v2', 'HorizontalPodAutoscaler', 'web', 600, {
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
          minReplicas: 2,
          maxReplicas: 10,
          metrics: [
            {
              type: 'Resource',
              resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } },
            },
          ],
        },
        status: {
          currentReplicas: 3,
          desiredReplicas: 3,
          currentMetrics: [
            { type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 45 } } },
          ],
        },
      }),
      obj('autoscaling/v2', 'HorizontalPodAutoscaler', 'api', 60, {
        spec: {
          scaleTargetRef: { kind: 'Deployment', name: 'api' },
          minReplicas: 1,
          maxReplicas: 5,
          metrics: [
            {
              type: 'Resource',
              resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '500Mi' } },
            },
            {
              type: 'Resource',
              resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } },
            },
          ],
        },
        status: { currentReplicas: 1, desiredReplicas: 1 },
      }),
      obj('autoscaling/v2', 'HorizontalPodAutoscaler', 'queue', 300, {
        spec: {
          scaleTargetRef: { kind: 'Deployment', name: 'queue' },
          maxReplicas: 4,
          metrics: [
            {
              type: 'Pods',
              pods: {
                metric: { name: 'packets' },
                target: { type: 'AverageValue', averageValue: '1000' },
              },
            },
            {
              type: 'External',
              external: {
                metric: { name: 'queue_depth' },
                target: { type: 'Value', value: '100' },
              },
            },
            {
              type: 'Resource',
              resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } },
            },
          ],
        },
        status: {
          currentReplicas: 2,
          desiredReplicas: 2,
          currentMetrics: [
            {
              type: 'Pods',
              pods: { metric: { name: 'packets' }, current: { averageValue: '1.5' } },
            },
          ],
        },
      }),
    ];
    expect(printTable('hpa', hpa, { now: NOW })).toBe(golden.hpa);
  });
});
