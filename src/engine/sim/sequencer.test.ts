import { describe, expect, it } from 'vitest';
import type { Component } from './component.ts';
import { recorder, type RecorderState } from './recorder.ts';
import { Sequencer } from './sequencer.ts';

/** Answers every timer message by pinging a peer, and counts what it receives. */
interface PingState {
  peer: string;
  received: number;
  draws: number[];
}
const pinger: Component<PingState, { peer: string; period: number }> = {
  type: 'pinger',
  init(config, ctx) {
    ctx.setTimer(config.period, 'tick', config.period);
    return { peer: config.peer, received: 0, draws: [] };
  },
  step(state, message, ctx) {
    if (message.payload.kind === 'timer' && message.payload.name === 'tick') {
      ctx.send(state.peer, { kind: 'timer', name: 'ping' });
      ctx.setTimer(Number(message.payload.data), 'tick', message.payload.data);
      state.draws.push(ctx.rng.a);
    } else {
      state.received++;
      ctx.note(`got ${message.id}`);
    }
    return state;
  },
};

const registry = { pinger, recorder };

function run(seed: number, until = 100) {
  const s = new Sequencer({ seed, registry });
  s.startComponent('a', 'pinger', { peer: 'b', period: 10 });
  s.startComponent('b', 'pinger', { peer: 'a', period: 7 });
  s.runUntil(until);
  return s;
}

describe('Sequencer', () => {
  it('tells steps to skip notes only while nothing records or listens, and the run is the same', () => {
    const seen: boolean[] = [];
    const probe: Component<null, null> = {
      type: 'probe',
      init(_config, ctx) {
        ctx.setTimer(5, 'tick');
        return null;
      },
      step(state, _message, ctx) {
        seen.push(ctx.tracing);
        ctx.note('tick');
        ctx.setTimer(5, 'tick');
        return state;
      },
    };
    const s = new Sequencer({ seed: 1, registry: { probe }, recordTrace: false });
    s.startComponent('p', 'probe', null);
    s.runUntil(12);
    const notes: string[][] = [];
    const stop = s.onTrace((event) => {
      if (event.kind === 'timer') notes.push(event.notes ?? []);
    });
    s.runUntil(22);
    stop();
    s.runUntil(32);
    expect(seen).toEqual([false, false, true, true, false, false]);
    expect(notes).toEqual([['tick'], ['tick']]);
    const traced = new Sequencer({ seed: 1, registry: { probe } });
    traced.startComponent('p', 'probe', null);
    traced.runUntil(32);
    expect(
      traced.trace.filter((e) => e.kind === 'timer').every((e) => e.notes?.[0] === 'tick'),
    ).toBe(true);
    expect(traced.now).toBe(s.now);
  });

  it('delivers in (deliverAt, from, n) order and never goes back in time', () => {
    const s = run(1);
    const deliveries = s.trace.filter((e) => e.id !== '');
    expect(deliveries.length).toBeGreaterThan(20);
    for (let i = 1; i < deliveries.length; i++) {
      const [p, c] = [deliveries[i - 1]!, deliveries[i]!];
      expect(c.deliverAt).toBeGreaterThanOrEqual(p.deliverAt);
      if (c.deliverAt === p.deliverAt && c.from === p.from)
        expect(Number(c.id.split('#')[1])).toBeGreaterThan(Number(p.id.split('#')[1]));
    }
  });

  it('gives byte-identical traces for the same seed, and different jitter for another seed', () => {
    expect(JSON.stringify(run(42).trace)).toBe(JSON.stringify(run(42).trace));
    const other = run(43).trace;
    const base = run(42).trace;
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(base));
    // Only timing differs: the same kinds of deliveries happen between the same components.
    const shape = (t: typeof base) => t.slice(0, 6).map((e) => `${e.from}>${e.to}:${e.summary}`);
    expect(shape(other)).toEqual(shape(base));
  });

  it('records the cause of each message, so chains lead back to a root', () => {
    const s = run(7);
    const ping = s.trace.find((e) => e.summary === 'timer ping')!;
    const cause = s.trace[ping.cause! - 1]!;
    expect(cause.summary).toBe('timer tick');
    expect(cause.to).toBe(ping.from);
  });

  it('drops messages to a stopped component and to a partitioned one', () => {
    const s = run(3, 30);
    s.stopComponent('b');
    s.runFor(20);
    expect(s.trace.some((e) => e.to === 'b' && e.dropped === 'receiver down')).toBe(true);
    s.startComponent('b', 'pinger', { peer: 'a', period: 7 });
    expect(s.stateOf<PingState>('b')!.received).toBe(0);
    s.setPartitioned('a', true);
    s.runFor(30);
    expect(
      s.trace.some((e) => e.from === 'a' && e.to === 'b' && e.dropped === 'network partition'),
    ).toBe(true);
    // Timers are not network traffic: a partitioned component keeps ticking.
    expect(
      s.trace.some((e) => e.to === 'a' && e.from === 'a' && e.deliverAt > 31 && !e.dropped),
    ).toBe(true);
  });

  it('restores a checkpoint and replays the identical future', () => {
    const s = run(9, 40);
    const checkpoint = s.checkpoint();
    s.runUntil(120);
    const future = JSON.stringify(s.trace.slice(checkpoint.traceLength));
    s.restore(checkpoint);
    expect(s.trace.length).toBe(checkpoint.traceLength);
    s.runUntil(120);
    expect(JSON.stringify(s.trace.slice(checkpoint.traceLength))).toBe(future);
  });

  it('processes a lookahead window as a unit with the same result as single steps', () => {
    const single = run(5, 0);
    single.runUntil(80);
    const windowed = run(5, 0);
    while ((windowed.peekTime() ?? Infinity) <= 80) {
      const window = windowed.beginWindow(80);
      const first = window.items[0]!.envelope.deliverAt;
      expect(window.items.every((b) => b.envelope.deliverAt < first + 1)).toBe(true);
      windowed.finishWindow(window);
    }
    const cut = (t: typeof single.trace) => JSON.stringify(t.filter((e) => e.deliverAt <= 80));
    expect(cut(windowed.trace)).toBe(cut(single.trace));
  });

  it('marks a component that throws as crashed and keeps the rest running', () => {
    const bomb: Component<object> = {
      type: 'bomb',
      init: () => ({}),
      step() {
        throw new Error('boom');
      },
    };
    const s = new Sequencer({ seed: 1, registry: { ...registry, bomb } });
    s.startComponent('x', 'bomb');
    s.startComponent('a', 'pinger', { peer: 'x', period: 5 });
    s.runUntil(30);
    expect(s.crashed.get('x')).toBe('Error: boom');
    expect(s.isRunning('a')).toBe(true);
    expect(s.trace.find((e) => e.error)?.to).toBe('x');
  });

  it('lists the messages in flight between components, soonest first, without timers', () => {
    const s = run(1, 10);
    const inFlight = s.inFlight();
    expect(inFlight.length).toBeGreaterThan(0);
    for (const e of inFlight) {
      expect(e.from).not.toBe(e.to);
      expect(e.deliverAt).toBeGreaterThan(s.now);
    }
    const times = inFlight.map((e) => e.deliverAt);
    expect(times).toEqual([...times].sort((x, y) => x - y));
    expect(s.inFlight(0)).toEqual([]);
  });

  it('lets a test act as a client through a recorder', () => {
    const s = new Sequencer({ seed: 1, registry });
    s.startComponent('client', 'recorder');
    s.startComponent('a', 'pinger', { peer: 'client', period: 5 });
    s.runUntil(20);
    expect(s.stateOf<RecorderState>('client')!.inbox.length).toBeGreaterThan(2);
  });
});

describe('network links', () => {
  it('are FIFO: messages from one sender to one receiver arrive in send order despite jitter', () => {
    const burst: Component<object> = {
      type: 'burst',
      init(_config, ctx) {
        for (let i = 0; i < 50; i++) ctx.send('sink', { kind: 'timer', name: `m${i}` });
        return {};
      },
      step: (state) => state,
    };
    for (let seed = 1; seed <= 20; seed++) {
      const s = new Sequencer({
        seed,
        registry: { burst, recorder },
        network: { minLatencyMs: 1, defaultLatencyMs: 2, jitterMs: 5, linkLatencyMs: {} },
      });
      s.startComponent('sink', 'recorder');
      s.startComponent('src', 'burst');
      s.runUntil(100);
      const names = s
        .stateOf<RecorderState>('sink')!
        .inbox.map((m) => (m.payload as { name: string }).name);
      expect(names).toEqual(Array.from({ length: 50 }, (_, i) => `m${i}`));
    }
  });
});
