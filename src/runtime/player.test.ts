import { describe, expect, it } from 'vitest';
import { inProcessHost } from './hosts/inProcessHost.ts';
import { placementFor } from './placement.ts';
import { Player, type PlayerClock } from './player.ts';
import type { Frame, RuntimeCommand, RuntimeUpdate } from './runtimeProtocol.ts';
import { SequencerService } from './sequencerService.ts';

/** A wall clock the test moves by hand; scheduled ticks never run by themselves. */
class ManualClock implements PlayerClock {
  wall = 1_000;
  now = () => this.wall;
  schedule(): void {}
}

async function player() {
  const service = await SequencerService.create({
    seed: 1,
    placement: placementFor('in-process', 1),
    spawnHost: () => inProcessHost(),
  });
  const updates: RuntimeUpdate[] = [];
  const clock = new ManualClock();
  const p = new Player(service, (u) => updates.push(u), clock, { speed: 1 });
  await p.start();
  const frames = () => updates.flatMap((u) => (u.type === 'frame' ? [u.frame] : []));
  const run = async (command: RuntimeCommand): Promise<Frame> => {
    await p.handle(command);
    return frames().at(-1)!;
  };
  return { p, service, clock, frames, run, tick: () => p['tick']() };
}

const SERVICE = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web' },
  spec: { selector: { app: 'web' }, ports: [{ port: 80 }] },
};

describe('player frames', () => {
  it('carry the messages in flight and the components, the latter only when they changed', async () => {
    const { run } = await player();
    const booted = await run({ type: 'advance', ms: 3_000 });
    expect(booted.components?.find((c) => c.id === 'kube-apiserver')?.status).toBe('running');
    expect(booted.components?.filter((c) => c.node === 'node-3').map((c) => c.type)).toEqual([
      'kubelet',
      'kube-proxy',
      'containerd',
    ]);
    const sent = await run({
      type: 'request',
      requestId: 1,
      method: 'POST',
      path: '/api/v1/namespaces/default/services',
      options: { body: SERVICE },
      label: 'kubectl create service web',
    });
    const message = sent.inFlight.find((m) => m.from === 'kubectl');
    expect(message).toMatchObject({
      to: 'kube-apiserver',
      kind: 'api.request',
      summary: 'POST /api/v1/namespaces/default/services',
      object: { kind: 'Service', name: 'web' },
    });
    expect(message!.deliverAt).toBeGreaterThan(message!.sentAt);
    // Timers are not in flight: only messages between two components.
    expect(sent.inFlight.every((m) => m.from !== m.to)).toBe(true);
    // The learner's action is in the trace, and on the timeline.
    expect(sent.trace.at(-1)).toMatchObject({
      kind: 'user.action',
      summary: 'kubectl create service web',
    });
    expect(sent.timeline?.markers.map((m) => m.label)).toEqual(['kubectl create service web']);
    // Nothing changed about the components: the frame leaves them out.
    expect(sent.components).toBeUndefined();
    const stopped = await run({
      type: 'action',
      actionId: 2,
      action: { type: 'setComponentRunning', id: 'kube-scheduler', running: false },
    });
    expect(stopped.components?.find((c) => c.id === 'kube-scheduler')?.status).toBe('stopped');
    expect(stopped.timeline?.markers.map((m) => [m.label, m.kind])).toEqual([
      ['kubectl create service web', 'action'],
      ['stop kube-scheduler', 'fault'],
    ]);
  });

  it('after a jump back, say so and send etcd afresh', async () => {
    const { run } = await player();
    await run({ type: 'advance', ms: 3_000 });
    await run({ type: 'step' });
    await run({ type: 'step' });
    const back = await run({ type: 'stepBack' });
    expect(back.rewound).toBe(true);
    expect(back.inPast).toBe(true);
    expect(back.changes?.reset).toBe(true);
    const forward = await run({ type: 'step' });
    expect(forward.rewound).toBeUndefined();
    expect(forward.traceLength).toBe(back.traceLength + 1);
    expect(forward.inPast).toBe(false);
  });

  it('paces a tick: messages in flight slow virtual time down, fast-forward does not', async () => {
    const { run, clock, tick, frames } = await player();
    await run({ type: 'advance', ms: 3_000 });
    await run({
      type: 'request',
      requestId: 1,
      method: 'GET',
      path: '/api/v1/namespaces',
    });
    const before = frames().at(-1)!.now;
    await run({ type: 'play' });
    clock.wall += 100;
    await tick();
    const paced = frames().at(-1)!.now - before;
    expect(paced).toBeGreaterThan(0);
    // At 1x and 700 ms per hop, 100 ms moves a 2-3 ms hop well under 1 ms along.
    expect(paced).toBeLessThan(1);
    const fast = await run({ type: 'setFastForward', on: true });
    expect(fast.fastForward).toBe(true);
    clock.wall += 100;
    await tick();
    expect(frames().at(-1)!.now - fast.now).toBeGreaterThanOrEqual(100);
  });

  it('waits for the page to show a frame before computing the next, but not forever', async () => {
    const { run, clock, tick, frames, p } = await player();
    await run({ type: 'advance', ms: 3_000 });
    await run({ type: 'setFastForward', on: true });
    const shown = await run({ type: 'play' });
    clock.wall += 16;
    await tick();
    // The page has not said it drew the last frame: nothing moves.
    expect(frames().at(-1)!.now).toBe(shown.now);
    await p.handle({ type: 'frameShown' });
    clock.wall += 16;
    await tick();
    const moved = frames().at(-1)!.now;
    expect(moved).toBeGreaterThan(shown.now);
    // A page that never answers is waited for 100 ms at most.
    clock.wall += 50;
    await tick();
    expect(frames().at(-1)!.now).toBe(moved);
    clock.wall += 60;
    await tick();
    expect(frames().at(-1)!.now).toBeGreaterThan(moved);
  });
});
