/**
 * Story beats: the groups of deliveries that belong together ("the scheduler binds the pod": its
 * scheduling step, the binding request, the apiserver's etcd write, etcd's answer and the reply).
 *
 * A beat starts at a delivery that begins a new piece of work: a user action or lifecycle event
 * (no cause), a watch event reaching a client (an informer hears of a change), or a timer that
 * fires after a real wait (a heartbeat, a back-off, a periodic check). Every other delivery
 * belongs to the beat of the delivery that caused it. Beats follow cause links, not time: other
 * beats' deliveries interleave with a beat's own.
 *
 * A beat is complete when none of the messages its deliveries sent, other than those that start
 * beats of their own, is still in flight. The tracker counts them: pass each delivery's sent
 * messages to `add` (the envelopes its handling produced) and read `isComplete`.
 */
import type { Envelope } from '../sim/envelope.ts';
import type { TraceEvent } from '../sim/trace.ts';

/**
 * A timer due sooner than this is the component deferring its own work a moment (the controller
 * manager's workers pick keys up 1 ms later; rate-limited retries start at 5 ms), not a new moment
 * in the story.
 */
export const DEFERRAL_MS = 100;

/** What decides whether a message starts a beat: known when it is sent and when it is delivered. */
export interface BeatMessage {
  from: string;
  to: string;
  kind: string;
  sentAt: number;
  deliverAt: number;
  cause: number | null;
}

/** Whether a delivery of this message begins a new piece of work. */
export function startsBeat(m: BeatMessage): boolean {
  if (m.cause === null) return true;
  if (m.kind === 'timer') return m.deliverAt - m.sentAt >= DEFERRAL_MS;
  return m.kind === 'api.watch' && m.to !== 'kube-apiserver';
}

/** A message a delivery sent, as the tracker needs it. An `Envelope` is one. */
export type BeatSent = Pick<Envelope, 'id' | 'from' | 'to' | 'sentAt' | 'deliverAt'> & {
  payload: { kind: string };
};

export interface Beat {
  /** The seq of the delivery that started it. */
  id: number;
  /** Its deliveries, in trace order. */
  seqs: number[];
  /** Messages the beat sent that belong to it and are not delivered yet. */
  outstanding: number;
}

interface Added {
  seq: number;
  beat: number;
  /** The message id this delivery took off the beat's outstanding count. */
  consumed?: string;
  /** The ids of the messages it added to the count. */
  counted: string[];
}

/**
 * Assigns each trace event to a beat as the trace grows, and counts each beat's messages in
 * flight. Plain maps and arrays; `truncate` follows a rewind of the trace.
 */
export class BeatTracker {
  private readonly beats = new Map<number, Beat>();
  private readonly bySeq = new Map<number, number>();
  /** Messages in flight that will join a beat when delivered: message id -> beat id. */
  private readonly pending = new Map<string, number>();
  private readonly log: Added[] = [];

  /**
   * Adds a trace event (in trace order) with the messages its delivery sent. Without `sent` the
   * event is still placed, but its beat cannot know what it still waits for.
   */
  add(event: TraceEvent, sent?: readonly BeatSent[]): Beat {
    const known = this.bySeq.get(event.seq);
    if (known !== undefined) return this.beats.get(known)!;
    const record: Added = { seq: event.seq, beat: event.seq, counted: [] };
    const waiting = event.id ? this.pending.get(event.id) : undefined;
    const causeBeat = event.cause === null ? undefined : this.bySeq.get(event.cause);
    if (waiting !== undefined) {
      record.beat = waiting;
      record.consumed = event.id;
      this.pending.delete(event.id);
      this.beats.get(waiting)!.outstanding--;
    } else if (causeBeat !== undefined && !startsBeat(event)) {
      record.beat = causeBeat;
    } else {
      this.beats.set(event.seq, { id: event.seq, seqs: [], outstanding: 0 });
    }
    const beat = this.beats.get(record.beat)!;
    beat.seqs.push(event.seq);
    this.bySeq.set(event.seq, beat.id);
    for (const m of sent ?? []) {
      if (startsBeat({ ...m, kind: m.payload.kind, cause: event.seq })) continue;
      this.pending.set(m.id, beat.id);
      beat.outstanding++;
      record.counted.push(m.id);
    }
    this.log.push(record);
    return beat;
  }

  /** The beat a delivery belongs to. */
  beatOf(seq: number): Beat | undefined {
    const id = this.bySeq.get(seq);
    return id === undefined ? undefined : this.beats.get(id);
  }

  beat(id: number): Beat | undefined {
    return this.beats.get(id);
  }

  /** True when nothing the beat is waiting for is still in flight. */
  isComplete(id: number): boolean {
    return (this.beats.get(id)?.outstanding ?? 0) === 0;
  }

  /** Every beat, in the order they started. */
  all(): Beat[] {
    return [...this.beats.values()];
  }

  /** Forgets every event after `lastSeq` (the trace was rewound to a checkpoint). */
  truncate(lastSeq: number): void {
    while (this.log.length && this.log.at(-1)!.seq > lastSeq) {
      const r = this.log.pop()!;
      const beat = this.beats.get(r.beat)!;
      for (const id of r.counted) {
        this.pending.delete(id);
        beat.outstanding--;
      }
      if (r.consumed !== undefined) {
        this.pending.set(r.consumed, beat.id);
        beat.outstanding++;
      }
      beat.seqs.pop();
      this.bySeq.delete(r.seq);
      if (beat.id === r.seq) this.beats.delete(r.seq);
    }
  }
}

/** The beats of a whole trace; `sentOf` gives each delivery's sent messages when known. */
export function beatsOf(
  trace: readonly TraceEvent[],
  sentOf?: (seq: number) => readonly BeatSent[] | undefined,
): Beat[] {
  const tracker = new BeatTracker();
  for (const e of trace) tracker.add(e, sentOf?.(e.seq));
  return tracker.all();
}
