/**
 * Which pods a ReplicaSet deletes first when it scales down: the tie-breaks of
 * ActivePodsWithRanks.Less (pkg/controller/controller_utils.go, v1.30) not covered elsewhere.
 * Rule 2: Pending < Unknown < Running. Rule 7: more container restarts first. Rule 8: newer
 * creationTimestamp first, compared (LogarithmicScaleDown) by floor(log2(age in ns)); pods in
 * the same bucket go by UID, and a zero timestamp goes first.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/objects.ts';
import { newFixture } from '../../client/testing/index.ts';
import { createControllerManager } from '../manager.ts';
import { replicaSetController } from './index.ts';
import { getPodsToDelete } from './sync.ts';
import { pod, replicaSet } from './testObjects.ts';

const T0 = 1767225600; // 2026-01-01T00:00:00Z, virtual time 0
const rs = replicaSet('web', 1);
const names = (pods: readonly KubeObject[]) => pods.map((p) => p.metadata.name);
/** Every pod on its own node, so the co-location rank (rule 5) ties. */
const toDelete = (pods: KubeObject[], diff: number, now = T0) =>
  names(getPodsToDelete(pods, pods, diff, now));

describe('ReplicaSet scale-down order (ActivePodsWithRanks)', () => {
  it('rule 2: a Pending pod before an Unknown one, an Unknown one before a Running one', () => {
    const pods = [
      pod('running', { owner: rs, node: 'n1', phase: 'Running' }),
      pod('unknown', { owner: rs, node: 'n2', phase: 'Unknown' }),
      pod('pending', { owner: rs, node: 'n3', phase: 'Pending' }),
    ];
    expect(toDelete(pods, 1)).toEqual(['pending']);
    expect(toDelete(pods, 2)).toEqual(['pending', 'unknown']);
    expect(toDelete([pods[0]!, pods[1]!], 1)).toEqual(['unknown']);
  });

  it('rule 7: of two otherwise equal pods, the one whose container restarted more goes first', () => {
    const ready = '2026-01-01T00:00:00Z';
    const pods = [
      pod('steady', { owner: rs, node: 'n1', phase: 'Running', readySince: ready, restarts: 1 }),
      pod('flaky', { owner: rs, node: 'n2', phase: 'Running', readySince: ready, restarts: 3 }),
      pod('fresh', { owner: rs, node: 'n3', phase: 'Running', readySince: ready }),
    ];
    expect(toDelete(pods, 2, T0 + 60)).toEqual(['flaky', 'steady']);
    // Not ready pods skip rule 6 and meet rule 7 too.
    const notReady = [
      pod('a', { owner: rs, node: 'n1', phase: 'Running', restarts: 0 }),
      pod('b', { owner: rs, node: 'n2', phase: 'Running', restarts: 5 }),
    ];
    expect(toDelete(notReady, 1, T0 + 60)).toEqual(['b']);
  });

  it('rule 8: the newer pod first on a log2 scale of its age, UID deciding within a bucket', () => {
    const now = T0 + 100;
    // Ages 10 s and 12 s share bucket 33 ([2^33, 2^34) ns = [8.59 s, 17.18 s)); 5 s is in 32,
    // 20 s in 34.
    const pods = [
      pod('c-20s', { owner: rs, node: 'n1', phase: 'Running', created: '2026-01-01T00:01:20Z' }),
      pod('b-10s', { owner: rs, node: 'n2', phase: 'Running', created: '2026-01-01T00:01:30Z' }),
      pod('a-12s', { owner: rs, node: 'n3', phase: 'Running', created: '2026-01-01T00:01:28Z' }),
      pod('d-5s', { owner: rs, node: 'n4', phase: 'Running', created: '2026-01-01T00:01:35Z' }),
    ];
    // Without the log scale b-10s would precede a-12s; in one bucket uid-a-12s < uid-b-10s wins.
    expect(toDelete(pods, 3, now)).toEqual(['d-5s', 'a-12s', 'b-10s']);
    // A pod with no creationTimestamp (a zero time) goes before any other.
    const zero = pod('z-zero', { owner: rs, node: 'n5', phase: 'Running' });
    delete zero.metadata.creationTimestamp;
    expect(toDelete([...pods, zero], 1, now)).toEqual(['z-zero']);
  });

  it('rule 8 through a sync: the controller ranks with its own clock', () => {
    const one = replicaSet('web', 1);
    const created = (s: string) => ({ owner: one, phase: 'Running', created: s });
    // At the sync (~0 s) the ages are 12 s, 10 s and 60 s: a-old and b-new share bucket 33.
    const pods = [
      pod('b-new', { ...created('2025-12-31T23:59:50Z'), node: 'n1' }),
      pod('a-old', { ...created('2025-12-31T23:59:48Z'), node: 'n2' }),
      pod('c-oldest', { ...created('2025-12-31T23:59:00Z'), node: 'n3' }),
    ];
    const f = newFixture({
      objects: [one, ...pods],
      registry: { 'kube-controller-manager': createControllerManager([replicaSetController]) },
    });
    f.start('kube-controller-manager', 'kube-controller-manager');
    f.sequencer.runFor(2_000);
    const deleted = f
      .controllerActions('kube-controller-manager')
      .filter((a) => a.resource === 'pods' && a.verb === 'delete')
      .map((a) => a.name);
    expect(deleted).toEqual(['a-old', 'b-new']);
  });
});
