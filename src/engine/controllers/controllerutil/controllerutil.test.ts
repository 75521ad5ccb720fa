import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/objects.ts';
import {
  EXPECTATIONS_TIMEOUT_MS,
  computeHash,
  creationObserved,
  deletionObserved,
  expectCreations,
  expectDeletions,
  fnv32a,
  isPodAvailable,
  newControllerExpectations,
  safeEncodeString,
  satisfiedExpectations,
  sortForDeletion,
} from './index.ts';

function pod(
  name: string,
  fields: { node?: string; readySince?: string; created?: string; cost?: string },
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      uid: `uid-${name}`,
      creationTimestamp: fields.created ?? '2026-01-01T00:00:00Z',
      ...(fields.cost
        ? { annotations: { 'controller.kubernetes.io/pod-deletion-cost': fields.cost } }
        : {}),
    },
    spec: { nodeName: fields.node ?? 'n1' },
    status: {
      phase: 'Running',
      conditions: fields.readySince
        ? [{ type: 'Ready', status: 'True', lastTransitionTime: fields.readySince }]
        : [{ type: 'Ready', status: 'False' }],
    },
  };
}

const T0 = 1767225600; // 2026-01-01T00:00:00Z

describe('ControllerExpectations', () => {
  it('holds a key until every expected creation is observed, or the expectations are 5 minutes old', () => {
    const e = newControllerExpectations();
    expect(satisfiedExpectations(e, 'default/web', 0)).toBe(true);
    expectCreations(e, 'default/web', 2, 1_000);
    expect(satisfiedExpectations(e, 'default/web', 2_000)).toBe(false);
    creationObserved(e, 'default/web');
    expect(satisfiedExpectations(e, 'default/web', 2_000)).toBe(false);
    creationObserved(e, 'default/web');
    expect(satisfiedExpectations(e, 'default/web', 2_000)).toBe(true);
    expectCreations(e, 'default/web', 1, 10_000);
    expect(satisfiedExpectations(e, 'default/web', 10_000 + EXPECTATIONS_TIMEOUT_MS)).toBe(false);
    expect(satisfiedExpectations(e, 'default/web', 10_001 + EXPECTATIONS_TIMEOUT_MS)).toBe(true);
  });

  it('counts each expected deletion once, and ignores pods it was not waiting for', () => {
    const e = newControllerExpectations();
    expectDeletions(e, 'default/web', ['default/a', 'default/b'], 0);
    deletionObserved(e, 'default/web', 'default/a');
    deletionObserved(e, 'default/web', 'default/a'); // the final delete after the deletionTimestamp update
    deletionObserved(e, 'default/web', 'default/zzz');
    expect(satisfiedExpectations(e, 'default/web', 1)).toBe(false);
    deletionObserved(e, 'default/web', 'default/b');
    expect(satisfiedExpectations(e, 'default/web', 1)).toBe(true);
  });
});

describe('pod availability', () => {
  it('needs the Ready transition strictly more than minReadySeconds ago', () => {
    const p = pod('p', { readySince: '2026-01-01T00:00:10Z' });
    expect(isPodAvailable(p, 0, T0)).toBe(true);
    expect(isPodAvailable(p, 5, T0 + 15)).toBe(false);
    expect(isPodAvailable(p, 5, T0 + 15.001)).toBe(true);
    expect(isPodAvailable(pod('q', {}), 0, T0 + 100)).toBe(false);
  });
});

describe('ActivePodsWithRanks with LogarithmicScaleDown', () => {
  it('prefers higher co-location rank, then the shorter-ready pod on a log2 scale, UID breaking ties', () => {
    const now = T0 + 1000;
    const a = { pod: pod('a', { readySince: '2026-01-01T00:16:00Z' }), rank: 1 }; // ready 40 s
    const b = { pod: pod('b', { readySince: '2026-01-01T00:00:00Z' }), rank: 1 }; // ready 1000 s
    const c = { pod: pod('c', { readySince: '2026-01-01T00:15:59Z' }), rank: 1 }; // ready 41 s: same log2 bucket as a
    const d = { pod: pod('d', { readySince: '2026-01-01T00:00:00Z' }), rank: 3 };
    const order = sortForDeletion([b, c, a, d], now).map((r) => r.pod.metadata.name);
    expect(order).toEqual(['d', 'a', 'c', 'b']);
  });

  it('puts a lower pod-deletion-cost first, before rank', () => {
    const now = T0 + 1000;
    const cheap = {
      pod: pod('cheap', { readySince: '2026-01-01T00:00:00Z', cost: '-5' }),
      rank: 1,
    };
    const crowded = { pod: pod('crowded', { readySince: '2026-01-01T00:00:00Z' }), rank: 4 };
    expect(sortForDeletion([crowded, cheap], now).map((r) => r.pod.metadata.name)).toEqual([
      'cheap',
      'crowded',
    ]);
  });
});

describe('ComputeHash', () => {
  it('is FNV-1a 32 rendered through SafeEncodeString, and the collision count changes it', () => {
    expect(fnv32a([])).toBe(2166136261);
    expect(fnv32a([...'a'].map((c) => c.charCodeAt(0)))).toBe(0xe40c292c);
    expect(safeEncodeString('0123456789')).toBe('456789bcdf');
    const t = {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'web', image: 'nginx' }] },
    };
    const h = computeHash(t);
    expect(h).toMatch(/^[4-9bcdf]+$/);
    expect(computeHash(structuredClone(t))).toBe(h);
    expect(computeHash(t, 1)).not.toBe(h);
    expect(computeHash(t, 0)).not.toBe(h);
  });
});
