/**
 * Story beats over a real run: they partition the trace, the scheduler's beat holds its binding
 * and the etcd write, and "deliver until the beat is complete" leaves none of its messages in
 * flight.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { beatTitle, startsBeat } from '../narration/index.ts';
import { bootStory, deploymentStory, type Story } from '../narration/testing/deploymentStory.ts';
import { deployment } from '../testing/objects.ts';
import { pods } from './helpers.ts';

let story: Story;
beforeAll(() => {
  story = deploymentStory();
});

const events = (seqs: readonly number[]) => seqs.map((s) => story.context.event!(s)!);

describe('story beats of a Deployment creation', () => {
  it('partition the trace: every delivery in exactly one beat, each beat starting at its id', () => {
    const seen = new Map<number, number>();
    for (const beat of story.tracker.all()) {
      expect(beat.seqs[0]).toBe(beat.id);
      expect([...beat.seqs].sort((a, b) => a - b)).toEqual(beat.seqs);
      for (const seq of beat.seqs) {
        expect(seen.has(seq), `seq ${seq} in two beats`).toBe(false);
        seen.set(seq, beat.id);
      }
    }
    for (const { event } of story.told)
      expect(seen.get(event.seq)).toBe(story.tracker.beatOf(event.seq)!.id);
  });

  it("keeps the user's create and its etcd write together, and hands the rest to new beats", () => {
    const post = story.told.find((t) => t.event.from === 'kubectl' && t.event.cause === null)!;
    const beat = story.tracker.beatOf(post.event.seq)!;
    expect(beat.id).toBe(post.event.seq);
    const summaries = events(beat.seqs).map((e) => e.summary);
    expect(
      summaries.some((s) =>
        s.startsWith('txn if create_revision(/registry/deployments/default/web) = 0'),
      ),
    ).toBe(true);
    expect(summaries.some((s) => s.startsWith('201 deployment default/web'))).toBe(true);
    expect(summaries).not.toContain('POST /apis/apps/v1/namespaces/default/replicasets');
    expect(beatTitle(events(beat.seqs), story.context)).toBe(
      'kubectl asks to create Deployment default/web',
    );
    expect(story.tracker.isComplete(beat.id)).toBe(true);
  });

  it('hold the scheduler binding a pod: its step, the binding request, the etcd write and the reply', () => {
    for (const pod of pods(story.recording.cluster, { app: 'web' })) {
      const step = story.told.find(
        (t) => t.narration.title === `The scheduler binds pod default/${pod.name} to ${pod.node}`,
      )!;
      const beat = story.tracker.beatOf(step.event.seq)!;
      expect(beat.id).toBe(step.event.seq);
      const inBeat = events(beat.seqs);
      const binding = inBeat.find(
        (e) =>
          e.from === 'kube-scheduler' &&
          e.summary === `POST /api/v1/namespaces/default/pods/${pod.name}/binding`,
      );
      expect(binding, 'the binding request').toBeDefined();
      const write = inBeat.find(
        (e) =>
          e.to === 'etcd' &&
          e.summary.startsWith(`txn if mod_revision(/registry/pods/default/${pod.name})`) &&
          e.cause === binding!.seq,
      );
      expect(write, 'its etcd write').toBeDefined();
      expect(inBeat.some((e) => e.to === 'kube-scheduler' && e.kind === 'api.response')).toBe(true);
      // The kubelet hearing of the bound pod is the next story, not this one.
      expect(inBeat.some((e) => e.to.startsWith('kubelet/'))).toBe(false);
      expect(beatTitle(inBeat, story.context)).toBe(
        `The scheduler binds pod default/${pod.name} to ${pod.node}`,
      );
      expect(story.tracker.isComplete(beat.id)).toBe(true);
    }
  });

  it('name the controller work a watch event sets off', () => {
    const rsWatch = story.told.find(
      (t) =>
        t.event.to === 'kube-controller-manager' &&
        /^watch ADDED deployment default\/web$/.test(t.event.summary),
    )!;
    const beat = story.tracker.beatOf(rsWatch.event.seq)!;
    expect(beatTitle(events(beat.seqs), story.context)).toMatch(
      /^The Deployment controller creates ReplicaSet default\/web-[0-9a-z]+ with 3 replicas$/,
    );
  });
});

describe('stepping one beat at a time', () => {
  it('delivers until nothing the beat sent is still in flight', () => {
    const { recording, tracker } = bootStory();
    const s = recording.cluster.sequencer;
    recording.cluster.request('POST', '/apis/apps/v1/namespaces/default/deployments', {
      body: deployment('api', 2),
    });
    let delivered = 0;
    for (let i = 0; i < 60; i++) {
      const first = s.step()!;
      const beat = tracker.beatOf(first.seq)!;
      let steps = 0;
      while (!tracker.isComplete(beat.id)) {
        expect(s.step(), 'a beat waits only for messages that will arrive').toBeDefined();
        expect(++steps).toBeLessThan(500);
      }
      const mine = new Set(beat.seqs);
      for (const env of s.inFlight(Number.POSITIVE_INFINITY)) {
        if (env.cause === null || !mine.has(env.cause)) continue;
        expect(startsBeat({ ...env, kind: env.payload.kind }), `${env.id} still in flight`).toBe(
          true,
        );
      }
      delivered += steps + 1;
    }
    // The beats covered the Deployment's control-plane story, not only a few timers.
    expect(delivered).toBeGreaterThan(150);
    expect(recording.cluster.stored('/registry/pods/default/').length).toBe(2);
  });
});
