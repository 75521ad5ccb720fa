/**
 * The narration of a run as it happens, beside the sequencer: it listens to the trace, keeps what
 * the narration needs for a recent window of deliveries (payloads, what each delivery sent, the
 * scheduler's decision records), follows story beats, and says what a step did and why.
 *
 * Trace events carry neither payloads nor sent messages; the sequencer's trace listener gets both
 * with each delivery, and only the feed keeps them, for the last `window` deliveries, so memory
 * stays bounded however long the run. The scheduler's decision record may live in a Web Worker
 * and is replaced by the next attempt for the same pod, so the feed asks for it soon after the
 * step (`resolveDecisions`) and keeps it by seq; the narration itself checks the record belongs
 * to that very attempt.
 *
 * A rewind (restore a checkpoint, truncate the trace, replay) is followed by `truncate`, or
 * noticed when a seq arrives again: everything after the cut is dropped and rebuilt as the
 * replay re-delivers it.
 */
import {
  BeatTracker,
  beatTitle,
  narrate,
  type ComponentAnswer,
  type ComponentQuery,
  type DecisionRecord,
  type Envelope,
  type Narration,
  type NarrationContext,
  type Payload,
  type SchedulingTable,
  type TraceEvent,
} from '../engine/index.ts';

/** How many recent deliveries the feed remembers by default. */
export const NARRATION_WINDOW = 4096;
/** A play frame looks this far back among its new deliveries for one worth naming. */
const TITLE_SCAN = 400;
/** Scheduling steps whose decision records one publish asks for, newest first. */
const DECISIONS_PER_RESOLVE = 16;
/**
 * The beat tracker remembers every delivery it saw; past this many windows it is rebuilt from
 * the remembered deliveries, so it stays bounded too (beats are short: virtual milliseconds).
 */
const TRACKER_WINDOWS = 4;

/** The beat a step belongs to, as the panel names it. */
export interface BeatView {
  /** The seq of the delivery that started the beat. */
  id: number;
  title: string;
  /** Nothing the beat sent is still in flight. */
  complete: boolean;
}

/** One delivery told in plain English, ready for the narration panel. */
export interface StepNarration {
  seq: number;
  /** Virtual time of the delivery. */
  at: number;
  from: string;
  /** The component that acted: the receiver. */
  actor: string;
  /** The trace's one-line summary of the message. */
  summary: string;
  headline: string;
  /** The why: what the component checked and decided, how real Kubernetes does it. */
  details: string[];
  /** Set when the step is worth naming on a timeline. */
  title?: string;
  /** The scheduler's filter and score table, with a scheduling step. */
  table?: SchedulingTable;
  beat: BeatView | null;
}

/** What a frame carries about the narration. */
export interface FrameNarration {
  /**
   * The steps to show: the step the run stands at after stepping one message or going back,
   * else the newest new step with a title (none when no new step had one: keep the last).
   */
  steps: StepNarration[];
  /** The beat of the newest delivery. */
  beat: BeatView | null;
}

/** A delivery as the sequencer's trace listener gets it. */
export interface DeliverySeen {
  envelope: Envelope;
  sent: readonly Envelope[];
}

/** Asks the scheduler, wherever it runs, for its latest decision record about a pod. */
export type DecisionSource = (namespace: string, name: string) => Promise<DecisionRecord | null>;

interface Entry {
  event: TraceEvent;
  payload: Payload | undefined;
  sent: readonly Envelope[] | undefined;
  /** Decision records by pod (namespace/name), for a scheduling step. */
  decisions?: Map<string, DecisionRecord>;
  narration?: Narration;
}

interface TraceSource {
  onTrace(listener: (event: TraceEvent, delivery?: DeliverySeen) => void): () => void;
}

export class NarrationFeed {
  private readonly entries = new Map<number, Entry>();
  /** Delivered message id -> the seq that delivered it (replies look up their request). */
  private readonly delivered = new Map<string, number>();
  private tracker = new BeatTracker();
  /** The first seq the tracker holds. */
  private trackerBase = 0;
  /** Scheduling steps whose decision records have not been asked for yet. */
  private pending: { seq: number; pods: string[] }[] = [];
  private newest = 0;
  private published = 0;
  private rewound = false;
  private readonly context: NarrationContext;

  constructor(private readonly window = NARRATION_WINDOW) {
    const bySeq = (seq: number) => this.entries.get(seq);
    this.context = {
      sent: (seq) => bySeq(seq)?.sent,
      message: (id) => {
        const seq = this.delivered.get(id);
        return seq === undefined ? undefined : bySeq(seq)?.payload;
      },
      event: (seq) => bySeq(seq)?.event,
      payload: (seq) => bySeq(seq)?.payload,
    };
  }

  /** How many deliveries it remembers now (at most `window`). */
  get remembered(): number {
    return this.entries.size;
  }

  /** Starts listening to a sequencer's trace; returns the way to stop. */
  listen(sequencer: TraceSource): () => void {
    return sequencer.onTrace((event, delivery) => this.add(event, delivery));
  }

  /** Takes one trace event, in trace order, with its delivery when it was one. */
  add(event: TraceEvent, delivery?: DeliverySeen): void {
    // The same seq again: the run was rewound and is being replayed.
    if (event.seq <= this.newest) this.truncate(event.seq - 1);
    const sent = delivery?.sent;
    this.entries.set(event.seq, { event, payload: delivery?.envelope.payload, sent });
    if (event.id) this.delivered.set(event.id, event.seq);
    if (!this.trackerBase) this.trackerBase = event.seq;
    this.tracker.add(event, sent);
    this.newest = event.seq;
    const pods = attemptedPods(event);
    if (pods.length) this.pending.push({ seq: event.seq, pods });
    while (this.entries.size > this.window) this.evictOldest();
    if (this.newest - this.trackerBase > TRACKER_WINDOWS * this.window) this.rebuildTracker();
  }

  /**
   * Forgets every step after the first `traceLength` (the trace was cut back to that length by
   * a restore); the replay's deliveries then come in again.
   */
  truncate(traceLength: number): void {
    if (traceLength >= this.newest) return;
    for (let seq = this.newest; seq > traceLength && this.entries.size > 0; seq--) {
      const entry = this.entries.get(seq);
      if (!entry) continue;
      this.entries.delete(seq);
      if (this.delivered.get(entry.event.id) === seq) this.delivered.delete(entry.event.id);
    }
    if (traceLength < this.trackerBase) this.rebuildTracker();
    else this.tracker.truncate(traceLength);
    this.pending = this.pending.filter((p) => p.seq <= traceLength);
    this.newest = traceLength;
    this.published = Math.min(this.published, traceLength);
    this.rewound = true;
  }

  /**
   * Asks for the decision records of the scheduling steps since the last call (the newest few,
   * when there were many): a later attempt for the same pod would replace them.
   */
  async resolveDecisions(ask: DecisionSource): Promise<void> {
    const wanted = this.pending.splice(0).slice(-DECISIONS_PER_RESOLVE);
    for (const { seq, pods } of wanted) {
      for (const pod of pods) {
        const entry = this.entries.get(seq);
        if (!entry) break;
        const slash = pod.indexOf('/');
        const record = await ask(pod.slice(0, slash), pod.slice(slash + 1));
        // A rewind while waiting may have replaced this step with another.
        if (this.entries.get(seq) !== entry) break;
        if (!record || record.pod !== pod || record.at !== entry.event.deliverAt) continue;
        (entry.decisions ??= new Map()).set(pod, record);
        delete entry.narration;
      }
    }
  }

  /** The narration of one step, while it is within the window. */
  narrationOf(seq: number): StepNarration | undefined {
    const entry = this.entries.get(seq);
    if (!entry) return undefined;
    const n = this.narrated(entry);
    const step: StepNarration = {
      seq,
      at: entry.event.deliverAt,
      from: entry.event.from,
      actor: n.actor,
      summary: entry.event.summary,
      headline: n.headline,
      details: n.details ?? [],
      beat: this.beatView(seq),
    };
    if (n.title) step.title = n.title;
    if (n.table) step.table = n.table;
    return step;
  }

  /** Whether nothing the beat of step `seq` sent is still in flight (undefined: no such beat). */
  beatComplete(seq: number): boolean | undefined {
    const beat = this.tracker.beatOf(seq);
    return beat ? this.tracker.isComplete(beat.id) : undefined;
  }

  /** The beat a step belongs to, titled after its first named step. */
  beatView(seq: number): BeatView | null {
    const beat = this.tracker.beatOf(seq);
    if (!beat) return null;
    const events = beat.seqs
      .map((s) => this.entries.get(s)?.event)
      .filter((e): e is TraceEvent => e !== undefined);
    return {
      id: beat.id,
      title: beatTitle(events, this.contextFor(undefined)),
      complete: this.tracker.isComplete(beat.id),
    };
  }

  /** The newest step at or before `seq` (and after `after`) whose narration has a title. */
  latestTitled(seq = this.newest, after = 0): StepNarration | undefined {
    const stop = Math.max(after, seq - TITLE_SCAN);
    for (let s = seq; s > stop; s--) {
      const entry = this.entries.get(s);
      if (entry && this.narrated(entry).title) return this.narrationOf(s);
    }
    return undefined;
  }

  /**
   * What the next frame says, or undefined when nothing was delivered since the last one.
   * `single` (paused: stepping or seeking): after one new step or a rewind, show the step the run
   * stands at whatever it is; otherwise the newest step with a title.
   */
  frame(options: { single: boolean }): FrameNarration | undefined {
    const since = this.published;
    const rewound = this.rewound;
    if (this.newest === since && !rewound) return undefined;
    this.published = this.newest;
    this.rewound = false;
    const beat = this.newest ? this.beatView(this.newest) : null;
    // Stepped one message, or moved back in time: the step the run now stands at.
    const one = options.single && (rewound || this.newest === since + 1);
    const step = one
      ? this.narrationOf(this.newest)
      : this.latestTitled(this.newest, rewound ? 0 : since);
    return { steps: step ? [step] : [], beat };
  }

  private narrated(entry: Entry): Narration {
    entry.narration ??= narrate(entry.event, entry.payload, this.contextFor(entry));
    return entry.narration;
  }

  /** The lookups, with the decision records kept for this step. */
  private contextFor(entry: Entry | undefined): NarrationContext {
    const decisions = entry?.decisions;
    if (!decisions) return this.context;
    return {
      ...this.context,
      schedulingDecision: (namespace, name) => decisions.get(`${namespace}/${name}`),
    };
  }

  /** A tracker over the remembered deliveries only. */
  private rebuildTracker(): void {
    this.tracker = new BeatTracker();
    this.trackerBase = 0;
    for (const { event, sent } of this.entries.values()) {
      if (!this.trackerBase) this.trackerBase = event.seq;
      this.tracker.add(event, sent);
    }
  }

  private evictOldest(): void {
    const [seq, entry] = this.entries.entries().next().value!;
    this.entries.delete(seq);
    if (this.delivered.get(entry.event.id) === seq) this.delivered.delete(entry.event.id);
  }
}

/** The pods a scheduler delivery ran scheduleOne for, from its notes. */
function attemptedPods(event: TraceEvent): string[] {
  if (event.to !== 'kube-scheduler' || !event.notes) return [];
  const pods: string[] = [];
  for (const note of event.notes) {
    if (!note.startsWith('scheduleOne ')) continue;
    const rest = note.slice('scheduleOne '.length);
    const colon = rest.indexOf(': ');
    if (colon > 0) pods.push(rest.slice(0, colon));
  }
  return pods;
}

/** A DecisionSource that asks the scheduler through the runtime, wherever it runs. */
export function askScheduler(service: {
  query(id: string, query: ComponentQuery): Promise<ComponentAnswer>;
}): DecisionSource {
  return async (namespace, name) => {
    const answer = await service.query('kube-scheduler', {
      kind: 'schedulingDecision',
      namespace,
      name,
    });
    return answer.kind === 'schedulingDecision' ? answer.decision : null;
  };
}
