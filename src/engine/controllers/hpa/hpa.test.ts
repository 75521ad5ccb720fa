import { describe, expect, it } from 'vitest';
import type { HpaCondition, HpaStatus } from './status.ts';
import { HpaHarness } from './harness.test-util.ts';

const CPU_50 = [
  {
    type: 'Resource',
    resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } },
  },
];

function conditions(
  h: HpaHarness,
): Record<string, Pick<HpaCondition, 'status' | 'reason' | 'message'>> {
  const out: Record<string, Pick<HpaCondition, 'status' | 'reason' | 'message'>> = {};
  for (const c of (h.hpa().status as HpaStatus).conditions ?? [])
    out[c.type] = { status: c.status, reason: c.reason, message: c.message };
  return out;
}

describe('HorizontalPodAutoscaler controller in a cluster', () => {
  it('scales 3 pods at 200% of request toward ceil(3 * 200/50) = 12, limited to max(2x, 4) then to maxReplicas', () => {
    const h = new HpaHarness();
    h.usagePerPod = () => 400; // 400m of a 200m request: 200% utilization
    h.createDeployment(3);
    h.createHpa({ minReplicas: 1, maxReplicas: 10, metrics: CPU_50 });
    h.runFor(20_000);
    // First sync: desired 12, but without spec.behavior the rate limit is max(2 * 3, 4) = 6.
    const first = h.events('SuccessfulRescale');
    expect(first.map((e) => e.message)).toEqual([
      'New size: 6; reason: cpu resource utilization (percentage of request) above target',
    ]);
    expect(first[0]!.source).toEqual({ component: 'horizontal-pod-autoscaler' });
    expect(h.replicas()).toBe(6);
    expect(conditions(h).ScalingLimited).toEqual({
      status: 'True',
      reason: 'ScaleUpLimit',
      message: 'the desired replica count is increasing faster than the maximum scale rate',
    });
    h.runFor(30_000);
    expect(h.replicas()).toBe(10);
    const status = h.hpa().status as HpaStatus;
    expect(status.desiredReplicas).toBe(10);
    expect(status.lastScaleTime).toMatch(/^2026-01-01T00:0\d:\d\dZ$/);
    expect(status.currentMetrics).toEqual([
      {
        type: 'Resource',
        resource: { name: 'cpu', current: { averageUtilization: 200, averageValue: '400m' } },
      },
    ]);
    h.runFor(20_000);
    expect(conditions(h)).toEqual({
      AbleToScale: {
        status: 'True',
        reason: 'ReadyForNewScale',
        message: 'recommended size matches current size',
      },
      ScalingActive: {
        status: 'True',
        reason: 'ValidMetricFound',
        message:
          'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)',
      },
      ScalingLimited: {
        status: 'True',
        reason: 'TooManyReplicas',
        message: 'the desired replica count is more than the maximum replica count',
      },
    });
  });

  it('syncs every 15 s and leaves a change inside the 0.1 tolerance alone', () => {
    const h = new HpaHarness();
    h.usagePerPod = () => 105; // 52% of request: ratio 1.04
    h.createDeployment(3);
    h.createHpa({ maxReplicas: 10, metrics: CPU_50 });
    h.runFor(60_000);
    expect(h.replicas()).toBe(3);
    expect(h.events('SuccessfulRescale')).toEqual([]);
    const current = (h.hpa().status as HpaStatus).currentMetrics?.[0];
    expect(current).toEqual({
      type: 'Resource',
      resource: { name: 'cpu', current: { averageUtilization: 52, averageValue: '105m' } },
    });
    h.usagePerPod = () => 115; // 57%: ratio 1.14 -> ceil(3 * 1.14) = 4
    const before = h.now();
    while (h.replicas() === 3 && h.now() - before < 60_000) h.runFor(1_000);
    expect(h.replicas()).toBe(4);
    // The change is seen at the next 15 s sync after metrics-server's next 15 s scrape.
    expect(h.now() - before).toBeLessThanOrEqual(30_000);
  });

  it('applies minReplicas when the target is below it, with the real reason', () => {
    const h = new HpaHarness();
    h.usagePerPod = () => 100;
    h.createDeployment(1);
    h.createHpa({ minReplicas: 2, maxReplicas: 5, metrics: CPU_50 });
    h.runFor(20_000);
    expect(h.events('SuccessfulRescale').map((e) => e.message)).toEqual([
      'New size: 2; reason: Current number of replicas below Spec.MinReplicas',
    ]);
  });

  it('scales down only after the 300 s downscale stabilization window', () => {
    const h = new HpaHarness();
    let load = 400;
    h.usagePerPod = () => load;
    h.createDeployment(3);
    h.createHpa({ minReplicas: 1, maxReplicas: 6, metrics: CPU_50 });
    h.runFor(30_000);
    expect(h.replicas()).toBe(6);
    load = 20; // 10%: desired ceil(0.2 * 6) = 2
    const kcm = () =>
      h.cluster.sequencer.stateOf<{
        controllers: Record<
          string,
          {
            state: {
              history: Record<
                string,
                { recommendations: { recommendation: number; at: number }[] }
              >;
            };
          }
        >;
      }>('kube-controller-manager')!.controllers.horizontalpodautoscaling!.state.history[
        'default/web'
      ]!;
    let lastHigh = 0;
    let downAt = 0;
    h.runFor(100_000);
    expect(h.replicas()).toBe(6);
    expect(conditions(h).AbleToScale).toEqual({
      status: 'True',
      reason: 'ScaleDownStabilized',
      message:
        'recent recommendations were higher than current one, applying the highest recent recommendation',
    });
    h.runFor(300_000, () => {
      if (downAt) return;
      for (const r of kcm().recommendations)
        if (r.recommendation > 2) lastHigh = Math.max(lastHigh, r.at);
      if (h.replicas() === 2) downAt = h.now();
    });
    expect(downAt).toBeGreaterThan(0);
    // The last high recommendation must have left the window, and the next 15 s sync acts on it.
    expect(downAt - lastHigh).toBeGreaterThan(300_000);
    expect(downAt - lastHigh).toBeLessThanOrEqual(300_000 + 15_000 + 1_000);
    expect(h.events('SuccessfulRescale').map((e) => e.message)).toEqual([
      'New size: 6; reason: cpu resource utilization (percentage of request) above target',
      'New size: 2; reason: All metrics below target',
    ]);
  });
});
