import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/objects.ts';
import { getResourceReplicas, type PodMetricsInfo } from './replicaCalculator.ts';
import { normalizeDesiredReplicasWithBehaviors, type ScaleHistory } from './normalize.ts';

const T0 = 1_767_225_600; // the pods started 10 minutes before `now`
const now = T0 + 600;
const config = { tolerance: 0.1, cpuInitializationPeriod: 300, delayOfInitialReadinessStatus: 30 };

function pod(
  name: string,
  opts: { phase?: string; ready?: boolean; started?: number } = {},
): KubeObject {
  const start = opts.started ?? T0;
  const iso = (s: number) =>
    `2026-01-01T00:${String(Math.floor((s - T0) / 60)).padStart(2, '0')}:${String((s - T0) % 60).padStart(2, '0')}Z`;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: { containers: [{ name: 'app', resources: { requests: { cpu: '200m' } } }] },
    status: {
      phase: opts.phase ?? 'Running',
      startTime: iso(start),
      conditions: [
        {
          type: 'Ready',
          status: opts.ready === false ? 'False' : 'True',
          lastTransitionTime: iso(start),
        },
      ],
    },
  };
}

const metric = (value: number) => ({ value, timestamp: now, window: 15 });

describe('ReplicaCalculator.GetResourceReplicas', () => {
  it('uses ceil(ready pods * utilization / target)', () => {
    const pods = [pod('a'), pod('b'), pod('c')];
    const m: PodMetricsInfo = { a: metric(400), b: metric(400), c: metric(400) };
    expect(getResourceReplicas(3, 50, 'cpu', '', pods, m, config, now)).toEqual({
      replicas: 12,
      utilization: 200,
      rawUtilization: 400,
    });
  });

  it('on a scale-down counts pods without metrics as using their full request', () => {
    const pods = [pod('a'), pod('b'), pod('c'), pod('d')];
    // Ignoring d would give ceil(0.4 * 3) = 2; counted at its full request: 320/800 = 40% -> ceil(0.8 * 4) = 4.
    const m: PodMetricsInfo = { a: metric(40), b: metric(40), c: metric(40) };
    expect(getResourceReplicas(4, 50, 'cpu', '', pods, m, config, now)).toMatchObject({
      replicas: 4,
      utilization: 20,
    });
  });

  it('on a scale-up counts unready pods as using nothing', () => {
    const pods = [pod('a'), pod('b'), pod('c', { phase: 'Pending' })];
    const m: PodMetricsInfo = { a: metric(300), b: metric(300) };
    // 150% of request on the two ready pods; with c at 0: 600/600 = 100% of request -> ratio 2 -> ceil(2 * 3) = 6.
    expect(getResourceReplicas(3, 50, 'cpu', '', pods, m, config, now)).toMatchObject({
      replicas: 6,
      utilization: 150,
    });
  });

  it('reports the real errors', () => {
    expect(getResourceReplicas(1, 50, 'cpu', '', [], {}, config, now)).toEqual({
      error: 'no pods returned by selector while calculating replica count',
    });
    expect(
      getResourceReplicas(
        1,
        50,
        'cpu',
        '',
        [pod('a', { phase: 'Pending' })],
        { a: metric(1) },
        config,
        now,
      ),
    ).toEqual({
      error: 'did not receive metrics for targeted pods (pods might be unready)',
    });
    const bare = { ...pod('a'), spec: { containers: [{ name: 'app' }] } };
    expect(getResourceReplicas(1, 50, 'cpu', '', [bare], { a: metric(1) }, config, now)).toEqual({
      error: 'missing request for cpu in container app of Pod a',
    });
  });
});

describe('normalizeDesiredReplicasWithBehaviors', () => {
  it('limits a scale-up to the larger of 4 pods or 100% per 15 s by default policies', () => {
    const h: ScaleHistory = { recommendations: [], scaleUpEvents: [], scaleDownEvents: [] };
    const behavior = {
      scaleUp: {
        stabilizationWindowSeconds: 0,
        selectPolicy: 'Max' as const,
        policies: [
          { type: 'Pods' as const, value: 4, periodSeconds: 15 },
          { type: 'Percent' as const, value: 100, periodSeconds: 15 },
        ],
      },
      scaleDown: {
        selectPolicy: 'Max' as const,
        policies: [{ type: 'Percent' as const, value: 100, periodSeconds: 15 }],
      },
    };
    const n = normalizeDesiredReplicasWithBehaviors(h, behavior, 3, 20, 1, 50, 300_000, 0);
    expect(n).toEqual({
      desiredReplicas: 7,
      ableToScale: ['ReadyForNewScale', 'recommended size matches current size'],
      limited: true,
      scalingLimited: [
        'ScaleUpLimit',
        'the desired replica count is increasing faster than the maximum scale rate',
      ],
    });
  });
});
