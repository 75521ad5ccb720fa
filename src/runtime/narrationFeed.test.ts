import { describe, expect, it } from 'vitest';
import { KubevizCluster, latestDecisionFor, type SchedulerState } from '../engine/index.ts';
import { inProcessHost } from './hosts/inProcessHost.ts';
import {
  askScheduler,
  NarrationFeed,
  type DecisionSource,
  type StepNarration,
} from './narrationFeed.ts';
import { placementFor, type PlacementMode } from './placement.ts';
import { SequencerService } from './sequencerService.ts';
import { deployment } from '../engine/testing/objects.ts';

const DEPLOYMENT = deployment('web', 2);
const CREATE = ['POST', '/apis/apps/v1/namespaces/default/deployments'] as const;
const RUNNING = /^The kubelet on node-\d reports pod default\/web-\S+ Running$/;

/** Creates the Deployment and steps one message at a time until both pods run. */
async function stepThrough(mode: PlacementMode): Promise<StepNarration[]> {
  const service = await SequencerService.create({
    seed: 1,
    placement: placementFor(mode, 2),
    spawnHost: () => inProcessHost({ clone: true }),
  });
  const feed = new NarrationFeed();
  feed.listen(service.sequencer);
  await service.advance(10_000);
  feed.frame({ single: false });
  await service.act((c) => c.request(...CREATE, { body: DEPLOYMENT }));
  const steps: StepNarration[] = [];
  for (let i = 0; i < 2_000 && steps.filter((s) => RUNNING.test(s.title ?? '')).length < 2; i++) {
    await service.step();
    await feed.resolveDecisions(askScheduler(service));
    const frame = feed.frame({ single: true });
    expect(frame?.steps).toHaveLength(1);
    steps.push(frame!.steps[0]!);
  }
  service.close();
  return steps;
}

/** The index of the first step matching, asserting there is one. */
function first(steps: StepNarration[], test: (s: StepNarration) => boolean, what: string): number {
  const i = steps.findIndex(test);
  expect(i, what).toBeGreaterThanOrEqual(0);
  return i;
}

const headline = (re: RegExp) => (s: StepNarration) => re.test(s.headline);
const title = (re: RegExp) => (s: StepNarration) => re.test(s.title ?? '');

describe('NarrationFeed', () => {
  it('tells the pod-creation flow step by step, with the scheduler table, wherever the scheduler runs', async () => {
    const steps = await stepThrough('per-component');
    const order = [
      first(
        steps,
        headline(/^The apiserver checks kubectl's request to create Deployment default\/web/),
        'apiserver admits the Deployment',
      ),
      first(steps, headline(/^etcd writes \/registry\/deployments\/default\/web /), 'stored'),
      first(
        steps,
        title(/^The Deployment controller creates ReplicaSet default\/web-\w+ with 2 replicas$/),
        'ReplicaSet created',
      ),
      first(
        steps,
        title(/^The ReplicaSet controller creates a pod for ReplicaSet default\/web-/),
        'pod created',
      ),
      first(steps, (s) => s.table !== undefined, 'scheduled'),
      first(steps, headline(/checks the scheduler's request to bind pod default\/web-/), 'bind'),
      first(steps, title(/^The kubelet on node-\d starts pod default\/web-/), 'kubelet starts'),
      first(steps, headline(/\(StartContainer\)/), 'container started'),
      first(steps, title(RUNNING), 'Running'),
    ];
    expect([...order].sort((a, b) => a - b)).toEqual(order);

    const scheduled = steps.find((s) => s.table)!;
    expect(scheduled.actor).toBe('kube-scheduler');
    expect(scheduled.title).toMatch(/^The scheduler binds pod default\/web-\S+ to node-\d$/);
    expect(scheduled.table!.rows.map((r) => r.node).sort()).toEqual(['node-1', 'node-2', 'node-3']);
    const winners = scheduled.table!.rows.filter((r) => r.winner);
    expect(winners).toHaveLength(1);
    expect(scheduled.title).toContain(`to ${winners[0]!.node}`);
    expect(scheduled.details.join(' ')).toMatch(/It filtered 3 nodes/);
    // Every step of a beat names the same beat, and the scheduler's beat is named after it.
    expect(scheduled.beat).toMatchObject({ id: scheduled.seq, title: scheduled.title });
    const bindReply = steps.find(headline(/^The apiserver confirms the binding of pod/))!;
    expect(bindReply.beat?.id).toBe(scheduled.seq);
  });

  it('says the same in every placement', async () => {
    const hosted = await stepThrough('per-component');
    const local = await stepThrough('in-process');
    expect(local).toEqual(hosted);
  });

  it('remembers only a recent window, and says the same about it', () => {
    const c = new KubevizCluster({ seed: 2 });
    const big = new NarrationFeed();
    const small = new NarrationFeed(64);
    big.listen(c.sequencer);
    small.listen(c.sequencer);
    c.sequencer.runFor(5_000);
    c.request(...CREATE, { body: DEPLOYMENT });
    c.sequencer.runFor(5_000);
    const newest = c.sequencer.trace.at(-1)!.seq;
    expect(small.remembered).toBe(64);
    expect(small.narrationOf(newest - 64)).toBeUndefined();
    for (const seq of [newest, newest - 10, newest - 63]) {
      const { beat: _a, ...told } = small.narrationOf(seq)!;
      const { beat: _b, ...reference } = big.narrationOf(seq)!;
      expect(told).toEqual(reference);
    }
  });

  it('in play mode shows the newest titled step and the beat of the newest delivery', () => {
    const c = new KubevizCluster({ seed: 3 });
    const feed = new NarrationFeed();
    feed.listen(c.sequencer);
    c.sequencer.runFor(5_000);
    const frame = feed.frame({ single: false })!;
    const newest = c.sequencer.trace.at(-1)!.seq;
    expect(frame.steps).toHaveLength(1);
    expect(frame.steps[0]!.title).toBeTruthy();
    expect(frame.steps[0]).toEqual(feed.latestTitled());
    expect(frame.beat).toEqual(feed.beatView(newest));
    expect(feed.frame({ single: false })).toBeUndefined();
  });

  it('follows a rewind to a fork: it then says what a run that went straight there says', async () => {
    // Boots, creates the Deployment, and stops a few deliveries later: the point to fork from.
    const boot = (feeds: NarrationFeed[]) => {
      const c = new KubevizCluster({ seed: 1 });
      for (const f of feeds) f.listen(c.sequencer);
      c.sequencer.runFor(8_000);
      c.request(...CREATE, { body: DEPLOYMENT });
      c.sequencer.runFor(20);
      return c;
    };
    // Step by step, fetching decision records at their step, as the player does.
    const stepOn = async (c: KubevizCluster, feeds: NarrationFeed[]) => {
      const decisions: DecisionSource = (ns, name) => {
        const s = c.sequencer.stateOf<SchedulerState>('kube-scheduler');
        return Promise.resolve((s && latestDecisionFor(s, ns, name)) ?? null);
      };
      for (let i = 0; i < 400; i++) {
        c.sequencer.step();
        for (const f of feeds) await f.resolveDecisions(decisions);
      }
    };
    const fork = { ...DEPLOYMENT, metadata: { name: 'api' } };

    const reference = new NarrationFeed();
    const straight = boot([reference]);
    const cut = straight.sequencer.trace.length;
    straight.request(...CREATE, { body: fork });
    await stepOn(straight, [reference]);

    const told = new NarrationFeed();
    const unaware = new NarrationFeed();
    const c = boot([told, unaware]);
    const checkpoint = c.sequencer.checkpoint();
    await stepOn(c, [told, unaware]);
    told.frame({ single: true });
    c.sequencer.restore(checkpoint);
    expect(c.sequencer.trace.length).toBe(cut);
    told.truncate(cut);
    expect(told.narrationOf(cut + 1)).toBeUndefined();
    // The next frame shows the step the run was rewound to.
    expect(told.frame({ single: true })?.steps.map((s) => s.seq)).toEqual([cut]);
    c.request(...CREATE, { body: fork });
    await stepOn(c, [told, unaware]);

    const seqs = range(cut - 5, straight.sequencer.trace.length);
    const expected = seqs.map((seq) => reference.narrationOf(seq));
    expect(expected.some((s) => s?.table?.pod.startsWith('default/api-'))).toBe(true);
    expect(seqs.map((seq) => told.narrationOf(seq))).toEqual(expected);
    expect(seqs.map((seq) => unaware.narrationOf(seq))).toEqual(expected);
  });
});

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
