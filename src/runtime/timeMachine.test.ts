import { describe, expect, it } from 'vitest';
import { inProcessHost } from './hosts/inProcessHost.ts';
import { placementFor, type PlacementMode } from './placement.ts';
import { SequencerService } from './sequencerService.ts';
import { TimeMachine } from './timeMachine.ts';
import { deployment } from '../engine/testing/objects.ts';

const DEPLOYMENT = deployment('web', 2);

const scale = (replicas: number) =>
  ({
    type: 'request',
    method: 'PATCH',
    path: '/apis/apps/v1/namespaces/default/deployments/web/scale',
    options: {
      body: { spec: { replicas } },
      contentType: 'application/merge-patch+json',
    },
  }) as const;

async function boot(mode: PlacementMode) {
  const service = await SequencerService.create({
    seed: 9,
    placement: placementFor(mode, 2),
    spawnHost: () => inProcessHost({ clone: true }),
  });
  const machine = new TimeMachine(service);
  await machine.runTo(3_000);
  await machine.start();
  return { service, machine, s: service.sequencer };
}

/** A run with three actions; returns the machine at its end. */
async function script(mode: PlacementMode) {
  const run = await boot(mode);
  const { machine, s } = run;
  await machine.perform('kubectl create deployment web', {
    type: 'request',
    method: 'POST',
    path: '/apis/apps/v1/namespaces/default/deployments',
    options: { body: DEPLOYMENT },
  });
  await machine.runTo(s.now + 6_000);
  await machine.perform('kubectl scale deployment web --replicas=4', scale(4));
  await machine.runTo(s.now + 4_000);
  await machine.perform('stop node node-2', {
    type: 'action',
    action: { type: 'stopNode', name: 'node-2' },
  });
  await machine.runTo(s.now + 2_000);
  return run;
}

const pods = (service: SequencerService) =>
  JSON.stringify(service.cluster.stored('/registry/pods/'));

describe('time travel', () => {
  for (const mode of ['in-process', 'per-component'] as const) {
    it(`goes back to any point and forward again to the same run (${mode})`, async () => {
      const { service, machine, s } = await script(mode);
      const full = JSON.stringify(s.trace);
      const end = s.trace.length;
      const finalPods = pods(service);
      const markers = machine.timeline.markers();
      expect(markers.map((m) => [m.label, m.kind])).toEqual([
        ['kubectl create deployment web', 'action'],
        ['kubectl scale deployment web --replicas=4', 'action'],
        ['stop node node-2', 'fault'],
      ]);
      // Back to just before the scale: the trace is the run's prefix, the scale not yet done.
      const scaleAt = markers[1]!.index;
      await machine.seekIndex(scaleAt);
      expect(s.trace.length).toBe(scaleAt);
      expect(JSON.stringify(s.trace)).toBe(JSON.stringify(JSON.parse(full).slice(0, scaleAt)));
      expect(machine.inPast).toBe(true);
      // Forward again: the recorded actions replay at their points, byte for byte.
      await machine.seekEnd();
      expect(s.trace.length).toBe(end);
      expect(JSON.stringify(s.trace)).toBe(full);
      expect(pods(service)).toBe(finalPods);
      expect(machine.inPast).toBe(false);
      service.close();
    });
  }

  it('steps back one delivery at a time, and over a whole action at once', async () => {
    const { service, machine, s } = await script('in-process');
    const stop = machine.timeline.markers()[2]!;
    await machine.seekIndex(stop.index + 5);
    const before = JSON.stringify(s.trace);
    await machine.stepBack();
    expect(s.trace.length).toBe(stop.index + 4);
    expect(JSON.stringify(s.trace)).toBe(JSON.stringify(JSON.parse(before).slice(0, -1)));
    // The stop's marker and its three component.stop events go back as one step.
    await machine.seekIndex(stop.index + 4);
    expect(s.trace[stop.index]!.kind).toBe('user.action');
    await machine.stepBack();
    expect(s.trace.length).toBe(stop.index);
    // And stepping forward does the action again.
    await machine.step();
    expect(s.trace.length).toBe(stop.index + 4);
    expect(s.trace[stop.index]!.summary).toBe('stop node node-2');
    service.close();
  });

  it('forks when the learner acts in the past: the recorded future is discarded', async () => {
    const { service, machine, s } = await script('in-process');
    const scaleAt = machine.timeline.markers()[1]!;
    await machine.seekTime(scaleAt.now);
    await machine.stepBack();
    await machine.perform('kubectl scale deployment web --replicas=1', scale(1));
    expect(machine.inPast).toBe(false);
    expect(machine.timeline.markers().map((m) => m.label)).toEqual([
      'kubectl create deployment web',
      'kubectl scale deployment web --replicas=1',
    ]);
    await machine.runTo(s.now + 8_000);
    const deployment = service.cluster.stored('/registry/deployments/default/')[0]!;
    expect((deployment.spec as { replicas: number }).replicas).toBe(1);
    expect(s.trace.some((e) => e.summary === 'stop node node-2')).toBe(false);
    service.close();
  });

  it('seeks by virtual time: everything due by then is delivered, nothing after', async () => {
    const { service, machine, s } = await script('in-process');
    const full = s.trace.slice();
    const t = 5_500;
    await machine.seekTime(t);
    expect(s.now).toBe(t);
    const expected = full.filter((e) => e.deliverAt <= t).length;
    expect(s.trace.length).toBe(expected);
    service.close();
  });
});

describe('checkpoint overhead', () => {
  it('skips periodic checkpoints while copying the state costs more than a tenth of the run', async () => {
    const run = async (copyCostMs: number) => {
      const service = await SequencerService.create({
        seed: 9,
        placement: placementFor('in-process', 2),
        spawnHost: () => inProcessHost({ clone: true }),
      });
      let wall = 0;
      const checkpoint = service.checkpoint.bind(service);
      service.checkpoint = async () => {
        wall += copyCostMs;
        return checkpoint();
      };
      const machine = new TimeMachine(service, () => wall);
      await machine.start();
      // Thirty ticks of a second of wall time each, 5 s of virtual time apiece.
      for (let i = 1; i <= 30; i++) {
        wall += 1_000;
        await machine.runTo(i * 5_000);
      }
      let count = 0;
      for (let p = machine.timeline.lastCheckpoint(); p; count++)
        p = machine.timeline.checkpointBefore({ index: p.index - 1 });
      service.close();
      return count;
    };
    const cheap = await run(5);
    const costly = await run(2_000);
    expect(cheap).toBeGreaterThan(3);
    // Each copy costs two seconds: one every 20 s of wall time at the most.
    expect(costly).toBeLessThanOrEqual(2);
  });
});
