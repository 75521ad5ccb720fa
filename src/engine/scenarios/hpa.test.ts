/**
 * The HorizontalPodAutoscaler loop end to end: the load generator's demand becomes kubelet CPU
 * usage, metrics-server scrapes it every 15 s, the HPA controller reads it through the aggregated
 * metrics.k8s.io API every 15 s and scales the Deployment by
 *   desiredReplicas = ceil(currentReplicas * currentUtilization / targetUtilization),
 * scaling up at once and down only once the 5-minute downscale stabilization window holds no
 * higher recommendation.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/objects.ts';
import type { KubevizCluster } from '../cluster/fullCluster.ts';
import {
  bootCluster,
  createDeployment,
  events,
  expect0Crashes,
  runningReady,
  runUntil,
} from './helpers.ts';

const WEB = { app: 'web' };
const TARGET = 50;

interface HpaStatus {
  currentReplicas?: number;
  desiredReplicas?: number;
  currentMetrics?: { resource?: { current?: { averageUtilization?: number } } }[];
}

function hpaStatus(c: KubevizCluster): HpaStatus {
  const hpa = c.stored('/registry/horizontalpodautoscalers/default/web')[0];
  return (hpa?.status as HpaStatus | undefined) ?? {};
}

function deploymentReplicas(c: KubevizCluster): number {
  const d = c.stored('/registry/deployments/default/web')[0] as KubeObject;
  return (d.spec as { replicas: number }).replicas;
}

describe('a HorizontalPodAutoscaler at 50% CPU', () => {
  it('scales up by the formula at once, and down only after the stabilization window', () => {
    const c = bootCluster();
    createDeployment(c, 'web', 3, { requests: { cpu: '200m' } });
    runUntil(c, () => runningReady(c, WEB).length === 3, 60_000);
    const r = c.call('POST', '/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers', {
      body: {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'web' },
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
          minReplicas: 1,
          maxReplicas: 10,
          metrics: [
            {
              type: 'Resource',
              resource: {
                name: 'cpu',
                target: { type: 'Utilization', averageUtilization: TARGET },
              },
            },
          ],
        },
      },
    });
    expect(r.code).toBe(201);

    // 600m over 3 pods requesting 200m each: 100% -> ceil(3 * 100 / 50) = 6. (Within the
    // scale-up limit of an HPA without behavior, max(2 * current, 4) per sync.)
    c.setLoad('default', 'app=web', 600);
    runUntil(c, () => (hpaStatus(c).desiredReplicas ?? 3) !== 3, 120_000);
    const up = hpaStatus(c);
    const utilization = up.currentMetrics?.[0]?.resource?.current?.averageUtilization;
    expect(up.currentReplicas).toBe(3);
    expect(utilization).toBe(100);
    expect(up.desiredReplicas).toBe(Math.ceil((up.currentReplicas! * utilization!) / TARGET));
    expect(up.desiredReplicas).toBe(6);
    expect(deploymentReplicas(c)).toBe(6);
    runUntil(c, () => runningReady(c, WEB).length === 6, 60_000);
    expect(events(c, 'SuccessfulRescale').map((e) => (e as { message?: string }).message)).toEqual([
      'New size: 6; reason: cpu resource utilization (percentage of request) above target',
    ]);

    // The same 600m over 6 pods is exactly on target: no change. Let it settle, then lower
    // the load to 300m: 300m / 1200m = 25% -> ceil(6 * 25 / 50) = 3, but not before 5 minutes.
    c.sequencer.runFor(60_000);
    expect(deploymentReplicas(c)).toBe(6);
    c.setLoad('default', 'app=web', 300);
    const lowered = c.sequencer.now;
    const down = runUntil(c, () => deploymentReplicas(c) !== 6, 400_000);
    expect(deploymentReplicas(c)).toBe(3);
    expect(down - lowered).toBeGreaterThan(300_000);
    // The last recommendation of 6 comes from the sync before the new usage is scraped (up to
    // 15 s + 15 s after the change); the window ends 300 s later, seen at the next sync.
    expect(down - lowered).toBeLessThan(300_000 + 45_000);
    // The HPA writes its status after the scale.
    runUntil(c, () => hpaStatus(c).desiredReplicas === 3, 5_000);
    expect(events(c, 'SuccessfulRescale').map((e) => (e as { message?: string }).message)).toEqual([
      'New size: 6; reason: cpu resource utilization (percentage of request) above target',
      'New size: 3; reason: All metrics below target',
    ]);
    runUntil(c, () => runningReady(c, WEB).length === 3, 60_000);
    expect0Crashes(c);
  });
});
