import { describe, expect, it } from 'vitest';
import { BeatTracker, beatsOf, startsBeat, type BeatSent } from './beats.ts';
import type { TraceEvent } from '../sim/trace.ts';

function ev(
  seq: number,
  id: string,
  from: string,
  to: string,
  kind: TraceEvent['kind'],
  cause: number | null,
  delay = 2,
): TraceEvent {
  return {
    seq,
    id,
    from,
    to,
    kind,
    cause,
    sentAt: seq * 10,
    deliverAt: seq * 10 + delay,
    summary: kind,
  };
}

function sent(id: string, from: string, to: string, kind: string, delay = 2): BeatSent {
  return { id, from, to, sentAt: 0, deliverAt: delay, payload: { kind } };
}

const API = 'kube-apiserver';
const KCM = 'kube-controller-manager';

/** A user's create, its etcd write, the reply, and the watch event that starts the next beat. */
const story: [TraceEvent, BeatSent[]][] = [
  [
    ev(1, 'kubectl#0', 'kubectl', API, 'api.request', null),
    [sent('api#0', API, 'etcd', 'etcd.request')],
  ],
  [
    ev(2, 'api#0', API, 'etcd', 'etcd.request', 1),
    [sent('etcd#0', 'etcd', API, 'etcd.response'), sent('etcd#1', 'etcd', API, 'etcd.watch')],
  ],
  [
    ev(3, 'etcd#0', 'etcd', API, 'etcd.response', 2),
    [sent('api#1', API, 'kubectl', 'api.response')],
  ],
  [ev(4, 'etcd#1', 'etcd', API, 'etcd.watch', 2), [sent('api#2', API, KCM, 'api.watch')]],
  [ev(5, 'api#1', API, 'kubectl', 'api.response', 3), []],
  [ev(6, 'api#2', API, KCM, 'api.watch', 4), [sent('kcm#0', KCM, KCM, 'timer', 1)]],
  [ev(7, 'kcm#0', KCM, KCM, 'timer', 6, 1), [sent('kcm#1', KCM, KCM, 'timer', 10_000)]],
];

describe('what starts a beat', () => {
  it('is a user action, a watch event reaching a client, or a timer after a real wait', () => {
    expect(startsBeat(ev(1, 'a', 'kubectl', API, 'api.request', null))).toBe(true);
    expect(startsBeat(ev(2, 'b', API, KCM, 'api.watch', 1))).toBe(true);
    expect(startsBeat(ev(2, 'c', 'etcd', API, 'etcd.watch', 1))).toBe(false);
    expect(startsBeat(ev(2, 'd', API, KCM, 'api.response', 1))).toBe(false);
    expect(startsBeat(ev(2, 'e', KCM, KCM, 'timer', 1, 1))).toBe(false);
    expect(startsBeat(ev(2, 'f', KCM, KCM, 'timer', 1, 5000))).toBe(true);
  });
});

describe('BeatTracker', () => {
  it('groups deliveries by cause and counts what each beat still waits for', () => {
    const t = new BeatTracker();
    const outstanding: number[] = [];
    for (const [e, s] of story) outstanding.push(t.add(e, s).outstanding);
    expect(t.all().map((b) => [b.id, b.seqs])).toEqual([
      [1, [1, 2, 3, 4, 5]],
      [6, [6, 7]],
    ]);
    // Beat 1 waits for the etcd write, then etcd's two messages, then the reply; the watch event
    // to the controller manager starts beat 6 and is not counted.
    expect(outstanding).toEqual([1, 2, 2, 1, 0, 1, 0]);
    expect(t.isComplete(1)).toBe(true);
    expect(t.isComplete(6)).toBe(true);
    expect(t.beatOf(4)!.id).toBe(1);
    expect(t.beatOf(99)).toBeUndefined();
  });

  it('knows a beat is incomplete while one of its messages is in flight', () => {
    const t = new BeatTracker();
    for (const [e, s] of story.slice(0, 4)) t.add(e, s);
    expect(t.isComplete(1)).toBe(false);
    expect(t.beat(1)!.outstanding).toBe(1);
  });

  it('forgets what comes after a rewind and counts again from there', () => {
    const t = new BeatTracker();
    for (const [e, s] of story) t.add(e, s);
    t.truncate(4);
    expect(t.all().map((b) => [b.id, b.seqs])).toEqual([[1, [1, 2, 3, 4]]]);
    expect(t.beat(1)!.outstanding).toBe(1);
    expect(t.beatOf(6)).toBeUndefined();
    // The future forks: the reply arrives again and completes the beat.
    t.add(...story[4]!);
    expect(t.isComplete(1)).toBe(true);
    t.truncate(0);
    expect(t.all()).toEqual([]);
  });

  it('still places events when nobody says what they sent', () => {
    const beats = beatsOf(story.map(([e]) => e));
    expect(beats.map((b) => b.seqs)).toEqual([
      [1, 2, 3, 4, 5],
      [6, 7],
    ]);
    expect(beats.every((b) => b.outstanding === 0)).toBe(true);
  });

  it('starts a beat for an event whose cause it never saw', () => {
    const t = new BeatTracker();
    expect(t.add(ev(50, 'x#1', API, 'kubectl', 'api.response', 49)).id).toBe(50);
  });

  it('counts a lost message as arrived', () => {
    const t = new BeatTracker();
    t.add(ev(1, 'kubectl#0', 'kubectl', API, 'api.request', null), [
      sent('api#0', API, 'etcd', 'etcd.request'),
    ]);
    const lost = {
      ...ev(2, 'api#0', API, 'etcd', 'etcd.request', 1),
      dropped: 'receiver down' as const,
    };
    expect(t.add(lost).outstanding).toBe(0);
  });
});
