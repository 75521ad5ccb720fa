import { describe, expect, it } from 'vitest';
import {
  addUnschedulable,
  backoffDuration,
  flushBackoffQ,
  flushUnschedulableLeftover,
  moveAll,
  newSchedulingQueue,
  queueAdd,
  queueOf,
  queuePop,
  queueUpdate,
} from '../queue.ts';
import { podInfo } from './fixtures.ts';

const NODE_ADD = { resource: 'Node' as const, action: 'Add', label: 'NodeAdd' };
const POD_DELETE = { resource: 'Pod' as const, action: 'Delete', label: 'AssignedPodDelete' };

describe('the scheduling queue', () => {
  it('backs off 1 s, doubling per attempt, up to 10 s', () => {
    const q = newSchedulingQueue(1000, 10_000);
    expect([1, 2, 3, 4, 5, 6].map((a) => backoffDuration(q, a))).toEqual([
      1000, 2000, 4000, 8000, 10_000, 10_000,
    ]);
  });

  it('pops by priority, then by the time a pod entered the queue', () => {
    const q = newSchedulingQueue(1000, 10_000);
    queueAdd(q, podInfo('low-early'), 0);
    queueAdd(q, { ...podInfo('high'), priority: 1000 }, 5);
    queueAdd(q, podInfo('low-late'), 3);
    const order = [queuePop(q, 10), queuePop(q, 10), queuePop(q, 10)].map((p) => p?.pod.name);
    expect(order).toEqual(['high', 'low-early', 'low-late']);
    expect(q.schedulingCycle).toBe(3);
  });

  it('keeps an unschedulable pod until an event its rejecting plugin registered for', () => {
    const q = newSchedulingQueue(1000, 10_000);
    queueAdd(q, podInfo('p'), 0);
    const p = queuePop(q, 0)!;
    p.unschedulablePlugins = ['TaintToleration'];
    expect(addUnschedulable(q, p, q.schedulingCycle, 0)).toBe('unschedulablePods');
    // TaintToleration does not care about pod deletions.
    expect(moveAll(q, POD_DELETE, 500)).toBe(0);
    expect(queueOf(q, 'default/p')).toBe('unschedulablePods');
    // A node arrives while the pod is still backing off (1 s after its failure at t=0).
    expect(moveAll(q, NODE_ADD, 500)).toBe(1);
    expect(queueOf(q, 'default/p')).toBe('backoffQ');
    expect(flushBackoffQ(q, 999)).toBe(0);
    expect(flushBackoffQ(q, 1000)).toBe(1);
    expect(queueOf(q, 'default/p')).toBe('activeQ');
  });

  it('second failure backs off 2 s; errors (no rejecting plugin) go straight to back-off', () => {
    const q = newSchedulingQueue(1000, 10_000);
    queueAdd(q, podInfo('p'), 0);
    let p = queuePop(q, 0)!;
    expect(addUnschedulable(q, p, q.schedulingCycle, 0)).toBe('backoffQ');
    flushBackoffQ(q, 1000);
    p = queuePop(q, 1000)!;
    expect(p.attempts).toBe(2);
    addUnschedulable(q, p, q.schedulingCycle, 1000);
    expect(flushBackoffQ(q, 2999)).toBe(0);
    expect(flushBackoffQ(q, 3000)).toBe(1);
  });

  it('a move request during the cycle sends the failed pod back instead of parking it', () => {
    const q = newSchedulingQueue(1000, 10_000);
    queueAdd(q, podInfo('p'), 0);
    const p = queuePop(q, 0)!;
    p.unschedulablePlugins = ['NodeResourcesFit'];
    moveAll(q, POD_DELETE, 0);
    expect(addUnschedulable(q, p, q.schedulingCycle, 0)).toBe('backoffQ');
  });

  it('flushes pods left unschedulable for more than 5 minutes', () => {
    const q = newSchedulingQueue(1000, 10_000);
    queueAdd(q, podInfo('p'), 0);
    const p = queuePop(q, 0)!;
    p.unschedulablePlugins = ['NodeAffinity'];
    addUnschedulable(q, p, q.schedulingCycle, 0);
    expect(flushUnschedulableLeftover(q, 300_000)).toBe(0);
    expect(flushUnschedulableLeftover(q, 300_001)).toBe(1);
    expect(queueOf(q, 'default/p')).toBe('activeQ');
  });

  it('a spec change moves an unschedulable pod; a status-only change does not', () => {
    const q = newSchedulingQueue(1000, 10_000);
    queueAdd(q, podInfo('p'), 0);
    const p = queuePop(q, 0)!;
    p.unschedulablePlugins = ['NodeAffinity'];
    addUnschedulable(q, p, q.schedulingCycle, 0);
    const statusOnly = { ...p.pod, pod: { ...p.pod.pod, status: { phase: 'Pending' } } };
    expect(queueUpdate(q, statusOnly, 20_000)).toBe('unschedulablePods');
    const relabelled = podInfo('p', { labels: { tier: 'web' } });
    expect(queueUpdate(q, relabelled, 20_000)).toBe('activeQ');
  });

  it('holds gated pods until their scheduling gates are removed', () => {
    const q = newSchedulingQueue(1000, 10_000);
    const gated = podInfo('g', { spec: { schedulingGates: [{ name: 'example.com/wait' }] } });
    expect(queueAdd(q, gated, 0)).toBe('unschedulablePods');
    expect(moveAll(q, NODE_ADD, 10)).toBe(0);
    expect(queueUpdate(q, podInfo('g'), 20)).toBe('activeQ');
  });
});
