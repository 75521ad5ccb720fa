import { describe, expect, it } from 'vitest';
import {
  newRateLimitedTimedQueue,
  queueAddNode,
  queueRemoveNode,
  queueTry,
  swapLimiter,
} from './rateLimitedQueue.ts';
import { computeZoneState, zoneKey } from './zones.ts';
import { matchingTolerations, minTolerationTimeMs } from './tolerations.ts';
import { noScheduleTaintDiff, swapTaints } from './taints.ts';

describe('RateLimitedTimedQueue', () => {
  it('processes one node per token at 0.1/s and keeps processed names in the set', () => {
    const q = newRateLimitedTimedQueue(0.1, 0);
    for (const n of ['a', 'b', 'c']) queueAddNode(q, n, n, 0);
    const done: [string, number][] = [];
    for (let t = 0; t <= 25_000; t += 100)
      queueTry(q, t, (v) => {
        done.push([v.value, t]);
        return { done: true, waitMs: 0 };
      });
    expect(done).toEqual([
      ['a', 0],
      ['b', 10_000],
      ['c', 20_000],
    ]);
    expect(queueAddNode(q, 'a', 'a', 25_000)).toBe(false);
    expect(queueRemoveNode(q, 'a')).toBe(true);
    expect(queueAddNode(q, 'a', 'a', 25_000)).toBe(true);
  });

  it('stops entirely at rate 0', () => {
    const q = newRateLimitedTimedQueue(0.1, 0);
    swapLimiter(q, 0, 0);
    queueAddNode(q, 'a', 'a', 0);
    let calls = 0;
    queueTry(q, 1_000_000, () => {
      calls++;
      return { done: true, waitMs: 0 };
    });
    expect(calls).toBe(0);
  });
});

describe('zones', () => {
  it('classifies zone health as ComputeZoneState does', () => {
    expect(computeZoneState(['Unknown', 'False'], 0.55).state).toBe('FullDisruption');
    expect(computeZoneState(['True', 'Unknown', 'Unknown'], 0.55).state).toBe('Normal');
    expect(computeZoneState(['True', 'Unknown', 'Unknown', 'False'], 0.55).state).toBe(
      'PartialDisruption',
    );
    expect(computeZoneState(['True', 'True', 'Unknown', 'Unknown', 'False'], 0.55).state).toBe(
      'PartialDisruption',
    );
    expect(
      computeZoneState(['True', 'True', 'True', 'Unknown', 'Unknown', 'False'], 0.55).state,
    ).toBe('Normal');
    expect(
      zoneKey({
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { labels: { 'topology.kubernetes.io/zone': 'a' } },
      }),
    ).toBe(':\x00:a');
  });
});

describe('tolerations and taints', () => {
  const unreachable = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' };
  it('finds the tolerations used and the shortest toleration time', () => {
    const tolerations = [
      {
        key: 'node.kubernetes.io/not-ready',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 300,
      },
      {
        key: 'node.kubernetes.io/unreachable',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 300,
      },
    ];
    const m = matchingTolerations([unreachable], tolerations);
    expect(m).toEqual({ allTolerated: true, used: [tolerations[1]] });
    expect(minTolerationTimeMs(m.used)).toBe(300_000);
    expect(matchingTolerations([unreachable], []).allTolerated).toBe(false);
    expect(minTolerationTimeMs([{ operator: 'Exists' }])).toBe(-1);
  });

  it('mirrors conditions into NoSchedule taints and swaps NoExecute ones', () => {
    const node = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'n' },
      spec: {
        unschedulable: true,
        taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }],
      },
      status: {
        conditions: [
          { type: 'Ready', status: 'True' },
          { type: 'DiskPressure', status: 'True' },
        ],
      },
    };
    expect(noScheduleTaintDiff(node)).toEqual({
      add: [
        { key: 'node.kubernetes.io/disk-pressure', effect: 'NoSchedule' },
        { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' },
      ],
      remove: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }],
    });
    expect(
      swapTaints(
        [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }],
        [unreachable],
        [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }],
        'T',
      ),
    ).toEqual([{ ...unreachable, timeAdded: 'T' }]);
  });
});
