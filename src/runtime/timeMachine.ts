/**
 * Time travel over a running cluster. Going back restores the nearest checkpoint before the
 * target and replays forward to it: the engine is deterministic, so the replay is the same run.
 * Going forward over a stretch already lived replays the learner's actions at the exact points
 * they happened. Acting at a past point forks: the recorded future is discarded and the run
 * goes on from there.
 */
import type { KubevizCluster } from '../engine/index.ts';
import { applyAction } from './applyAction.ts';
import type { SequencerService } from './sequencerService.ts';
import { Timeline, type Position, type RecordedAction, type RecordedCommand } from './timeline.ts';

/** A periodic checkpoint at most every this many trace events... */
const CHECKPOINT_EVERY = 400;
/** ...and only once the run has spent this many times what the last one cost (at most 10%). */
const CHECKPOINT_OVERHEAD = 10;
/** A step is preceded by a checkpoint (so stepping back is a restore) when one is this cheap. */
const CHEAP_CHECKPOINT_MS = 30;

export class TimeMachine {
  readonly timeline = new Timeline();
  private lastCheckpointWall = Number.NEGATIVE_INFINITY;
  private lastCheckpointCost = 0;
  private readonly rewindListeners = new Set<(traceLength: number) => void>();

  constructor(
    private readonly service: SequencerService,
    /** A wall clock, to weigh what each checkpoint costs (not the run's virtual time). */
    private readonly wallClock: () => number = () => performance.now(),
  ) {}

  private get cluster(): KubevizCluster {
    return this.service.cluster;
  }

  get position(): Position {
    const s = this.cluster.sequencer;
    return { index: s.trace.length, now: s.now };
  }

  /** Whether the run is behind the furthest point it reached (a recorded future lies ahead). */
  get inPast(): boolean {
    return this.position.index < this.timeline.head.index;
  }

  /** Called after every jump back, with the trace length the run now has. */
  onRewind(listener: (traceLength: number) => void): () => void {
    this.rewindListeners.add(listener);
    return () => this.rewindListeners.delete(listener);
  }

  /** Takes the first checkpoint: the earliest point the run can go back to. */
  async start(): Promise<void> {
    await this.checkpoint();
    this.timeline.reach(this.position);
  }

  /**
   * Runs forward to virtual time `time` (or until `shouldYield`), replaying recorded actions
   * on the way. Returns the number of messages delivered.
   */
  async runTo(time: number, shouldYield: () => boolean = () => false): Promise<number> {
    let delivered = 0;
    for (;;) {
      const next = this.pendingAction();
      if (next && next.index === this.position.index) {
        if (next.now > time) break;
        await this.replay(next);
        continue;
      }
      const until = next ? Math.min(time, next.now) : time;
      delivered += await this.service.advanceTo(until, shouldYield, next?.index);
      if (shouldYield() || !next || this.position.index !== next.index) break;
      if (next.now > time) {
        // Nothing may be delivered before the action, and it comes later: only the clock moves.
        this.cluster.sequencer.now = Math.max(this.position.now, time);
        break;
      }
    }
    this.after();
    await this.maybeCheckpoint();
    return delivered;
  }

  /** One step forward: the next message, or the learner's action if that came next. */
  async step(): Promise<void> {
    await this.checkpointIfCheap();
    await this.stepOnce();
    this.after();
  }

  /**
   * Steps forward until `done()` says so (after each step), at most `max` steps: a story beat
   * is many messages. One checkpoint before them, so stepping back lands in the beat.
   */
  async stepUntil(done: () => boolean, max: number): Promise<void> {
    await this.checkpointIfCheap();
    for (let i = 0; i < max; i++) {
      const before = this.position.index;
      await this.stepOnce();
      if (this.position.index === before || done()) break;
    }
    this.after();
  }

  private async stepOnce(): Promise<void> {
    const next = this.pendingAction();
    if (next && next.index === this.position.index) await this.replay(next);
    else await this.service.step();
  }

  /** Goes back one step (a whole action counts as one). */
  async stepBack(): Promise<void> {
    const index = this.position.index - 1;
    const first = this.timeline.first()?.index ?? 0;
    if (index < first) return;
    await this.seekIndex(this.timeline.actionAround(index)?.index ?? index);
  }

  /** Goes to the state after the first `index` trace events. */
  async seekIndex(index: number): Promise<void> {
    const target = Math.max(this.timeline.first()?.index ?? 0, index);
    if (target < this.position.index) await this.restoreBefore({ index: target });
    for (;;) {
      const next = this.pendingAction();
      if (next && next.index === this.position.index && next.index < target) {
        await this.replay(next);
        continue;
      }
      const stop = Math.min(target, next?.index ?? Number.POSITIVE_INFINITY);
      if (this.position.index >= stop) break;
      const before = this.position.index;
      await this.service.advanceTo(Number.POSITIVE_INFINITY, () => false, stop);
      if (this.position.index === before) break;
    }
    this.after();
  }

  /** Goes to virtual time `time` (the timeline's scrubber). */
  async seekTime(time: number): Promise<void> {
    const first = this.timeline.first();
    const target = Math.max(first?.now ?? 0, time);
    if (target < this.position.now) await this.restoreBefore({ time: target });
    await this.runTo(target);
  }

  /** Goes to the furthest point this run reached. */
  seekEnd(): Promise<void> {
    return this.seekIndex(this.timeline.head.index);
  }

  /**
   * Carries out a learner's action now. In the past, the recorded future is discarded first.
   * Throws the cluster's error when the action is refused (nothing changes then).
   */
  async perform(label: string, command: RecordedCommand): Promise<string | undefined> {
    if (this.inPast) this.timeline.fork(this.position);
    await this.checkpoint();
    let result: string | undefined;
    const now = this.position.now;
    const index = this.position.index;
    await this.service.act((c) => {
      const marker = c.sequencer.userAction(label, () => {
        result = runCommand(c, command);
      });
      if (marker)
        this.timeline.record({ index, end: c.sequencer.trace.length, now, label, command });
    });
    this.after();
    return result;
  }

  /** The recorded action still ahead of the run, if it is in the past. */
  private pendingAction(): RecordedAction | undefined {
    return this.inPast ? this.timeline.nextAction(this.position.index) : undefined;
  }

  private async replay(action: RecordedAction): Promise<void> {
    await this.service.act((c) => {
      c.sequencer.now = action.now;
      c.sequencer.userAction(action.label, () => runCommand(c, action.command));
    });
  }

  private async restoreBefore(target: { index: number } | { time: number }): Promise<void> {
    const entry = this.timeline.checkpointBefore(target);
    if (!entry) return;
    await this.service.restore(entry.checkpoint);
    for (const listener of this.rewindListeners) listener(this.position.index);
  }

  private after(): void {
    const s = this.cluster.sequencer;
    const from = Math.max(0, this.timeline.head.index);
    for (let i = from; i < s.trace.length; i++) this.timeline.noteEvent(s.trace[i]!, i);
    this.timeline.reach(this.position);
  }

  /**
   * A periodic checkpoint, when enough happened since the last one and copying the state would
   * not cost more than a tenth of the run's time (a large cluster's copy takes a while).
   */
  private async maybeCheckpoint(): Promise<void> {
    const last = this.timeline.lastCheckpoint();
    if (last && this.position.index - last.index < CHECKPOINT_EVERY) return;
    const spent = this.wallClock() - this.lastCheckpointWall;
    if (spent < CHECKPOINT_OVERHEAD * this.lastCheckpointCost) return;
    await this.checkpoint();
  }

  private async checkpointIfCheap(): Promise<void> {
    if (this.lastCheckpointCost <= CHEAP_CHECKPOINT_MS) await this.checkpoint();
    else await this.maybeCheckpoint();
  }

  private async checkpoint(): Promise<void> {
    const position = this.position;
    if (this.timeline.hasCheckpointAt(position.index)) return;
    const started = this.wallClock();
    const checkpoint = await this.service.checkpoint();
    this.lastCheckpointWall = this.wallClock();
    this.lastCheckpointCost = this.lastCheckpointWall - started;
    this.timeline.addCheckpoint(position, checkpoint, this.lastCheckpointCost);
  }
}

/** Runs a recorded command on the cluster; returns a request's message id. */
function runCommand(c: KubevizCluster, command: RecordedCommand): string | undefined {
  if (command.type === 'request') return c.request(command.method, command.path, command.options);
  applyAction(c, command.action);
  return undefined;
}
