import { describe, expect, it } from 'vitest';
import type { Component } from '../sim/component.ts';
import { Sequencer } from '../sim/sequencer.ts';
import { newRateLimiter, rateLimiterWhen } from './rateLimiter.ts';
import { testContext } from './testing/testContext.ts';
import {
  WorkQueue,
  newWorkQueue,
  queueAdd,
  queueDone,
  queueGet,
  queueLen,
  type WorkQueueState,
} from './workqueue.ts';

const drain = (q: WorkQueueState) => {
  const out: string[] = [];
  for (let k = queueGet(q); k !== undefined; k = queueGet(q)) out.push(k);
  return out;
};

describe('WorkQueue', () => {
  it('hands keys out fairly, in the order they were first added', () => {
    const q = newWorkQueue({ name: 'q' });
    for (const k of ['default/a', 'default/b', 'default/c']) queueAdd(q, k);
    expect(drain(q)).toEqual(['default/a', 'default/b', 'default/c']);
  });

  it('is stingy: a key added many times before processing is processed once', () => {
    const q = newWorkQueue({ name: 'q' });
    for (const k of ['a', 'b', 'a', 'a', 'c', 'b']) queueAdd(q, k);
    expect(queueLen(q)).toBe(3);
    expect(drain(q)).toEqual(['a', 'b', 'c']);
    expect(q.adds).toBe(3);
  });

  it('never hands out a key being processed; re-added meanwhile, it comes back after done', () => {
    const q = newWorkQueue({ name: 'q' });
    queueAdd(q, 'a');
    queueAdd(q, 'b');
    expect(queueGet(q)).toBe('a');
    queueAdd(q, 'a'); // changed while a worker syncs it
    queueAdd(q, 'a');
    expect(queueLen(q)).toBe(1);
    expect(queueGet(q)).toBe('b');
    expect(queueGet(q)).toBeUndefined();
    queueDone(q, 'b');
    queueDone(q, 'a');
    expect(drain(q)).toEqual(['a']);
    queueDone(q, 'a');
    expect(drain(q)).toEqual([]);
    expect(q.processing.size).toBe(0);
  });

  it('addAfter waits on a timer carrying the key; the earliest pending delay wins', () => {
    const q = newWorkQueue({ name: 'rs' });
    const ctx = testContext();
    WorkQueue.addAfter(q, 'a', 500, ctx);
    WorkQueue.addAfter(q, 'a', 900, ctx); // later: ignored
    WorkQueue.addAfter(q, 'a', 200, ctx); // earlier: wins
    expect(ctx.timers.map((t) => [t.at, t.name, t.data])).toEqual([
      [500, 'workqueue/rs', { key: 'a' }],
      [200, 'workqueue/rs', { key: 'a' }],
    ]);
    expect(queueLen(q)).toBe(0);
    expect(WorkQueue.handle(q, ctx.fire(ctx.timers[1]!), ctx)).toBe(true);
    expect(queueGet(q)).toBe('a');
    // The stale 500ms timer finds nothing waiting.
    WorkQueue.handle(q, ctx.fire(ctx.timers[0]!), ctx);
    expect(queueLen(q)).toBe(0);
    // Not its timer: not consumed.
    expect(WorkQueue.handle(q, ctx.envelope('x', { kind: 'timer', name: 'other' }), ctx)).toBe(
      false,
    );
  });

  it('backs off failures exponentially from 5ms, capped at 1000s, until forget', () => {
    const q = newWorkQueue({ name: 'q' });
    const ctx = testContext();
    const delays: number[] = [];
    for (let i = 0; i < 20; i++) {
      WorkQueue.addRateLimited(q, 'a', ctx);
      delays.push(ctx.timers.at(-1)!.at - ctx.now);
      ctx.fire(ctx.timers.at(-1)!);
      WorkQueue.handle(q, ctx.fire(ctx.timers.at(-1)!), ctx);
      queueDone(q, queueGet(q)!);
    }
    expect(delays.slice(0, 5)).toEqual([5, 10, 20, 40, 80]);
    expect(delays[17]).toBe(5 * 2 ** 17); // 655.36 s
    expect(delays[18]).toBe(1_000_000);
    expect(delays[19]).toBe(1_000_000);
    expect(WorkQueue.numRequeues(q, 'a')).toBe(20);
    WorkQueue.forget(q, 'a');
    expect(WorkQueue.numRequeues(q, 'a')).toBe(0);
    WorkQueue.addRateLimited(q, 'a', ctx);
    expect(ctx.timers.at(-1)!.at - ctx.now).toBe(5);
  });

  it('limits retries overall to 10 qps after a burst of 100', () => {
    const rl = newRateLimiter({
      type: 'maxOf',
      limiters: [
        { type: 'itemExponentialFailure', baseDelayMs: 5, maxDelayMs: 1_000_000 },
        { type: 'bucket', qps: 10, burst: 100 },
      ],
    });
    const delays = Array.from({ length: 103 }, (_, i) => rateLimiterWhen(rl, `k${i}`, 0));
    expect(delays.slice(0, 100).every((d) => d === 5)).toBe(true);
    expect(delays.slice(100)).toEqual([100, 200, 300]);
    // A second later ten tokens have come back; the debt of three is paid first, leaving seven.
    const later = Array.from({ length: 8 }, (_, i) => rateLimiterWhen(rl, `l${i}`, 1000));
    expect(later).toEqual([5, 5, 5, 5, 5, 5, 5, 100]);
  });

  it('retries a failing key on virtual time, in a running component', () => {
    interface S {
      queue: WorkQueueState;
      attempts: number[];
    }
    const worker: Component<S> = {
      type: 'worker',
      init(_config, ctx) {
        const state = { queue: newWorkQueue({ name: 'worker' }), attempts: [] };
        WorkQueue.addRateLimited(state.queue, 'default/web', ctx);
        return state;
      },
      step(state, message, ctx) {
        WorkQueue.handle(state.queue, message, ctx);
        for (let key = WorkQueue.get(state.queue); key; key = WorkQueue.get(state.queue)) {
          state.attempts.push(ctx.now);
          if (state.attempts.length < 4) WorkQueue.addRateLimited(state.queue, key, ctx);
          else WorkQueue.forget(state.queue, key);
          WorkQueue.done(state.queue, key);
        }
        return state;
      },
    };
    const s = new Sequencer({ seed: 1, registry: { worker } });
    s.startComponent('w', 'worker');
    s.runUntil(1000);
    // 5ms, then 10ms, 20ms, 40ms after each failure.
    expect(s.stateOf<S>('w')!.attempts).toEqual([5, 15, 35, 75]);
  });
});
