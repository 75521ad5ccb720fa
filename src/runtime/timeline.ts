/**
 * The run's history, as time travel needs it: the learner's actions (to replay them when the
 * run goes forward again over the same stretch), the faults worth a marker, the checkpoints to
 * go back to, and the head (the furthest point this branch of the run has reached). Pure
 * bookkeeping: the TimeMachine drives the cluster with it.
 *
 * A position is a trace length: the state after the first `index` trace events. An action
 * occupies [index, end): its user.action marker, then the lifecycle events it caused.
 */
import type { TraceEvent } from '../engine/index.ts';
import type { ClusterAction } from './runtimeProtocol.ts';
import type { RequestOptions, HttpMethod } from '../engine/index.ts';
import type { RunCheckpoint } from './sequencerService.ts';

export type RecordedCommand =
  | { type: 'request'; method: HttpMethod; path: string; options?: RequestOptions }
  | { type: 'action'; action: ClusterAction };

export interface RecordedAction {
  index: number;
  end: number;
  /** Virtual time when it was done (a replay sets the clock there first). */
  now: number;
  label: string;
  command: RecordedCommand;
}

export interface TimelineMarker {
  index: number;
  now: number;
  label: string;
  kind: 'action' | 'fault';
}

export interface Position {
  index: number;
  now: number;
}

interface CheckpointEntry extends Position {
  checkpoint: RunCheckpoint;
  /** Wall milliseconds taking it cost: copying state costs in proportion to its size. */
  cost: number;
}

/** Checkpoints kept at most; older ones are thinned out, the newest few kept dense. */
const MAX_CHECKPOINTS = 30;
const DENSE_RECENT = 10;
/**
 * What the kept checkpoints may have cost to take, in total: a bound on their memory. Copying
 * runs at roughly 0.3 MB per millisecond, so about 150 MB; a 3-node cluster keeps all 30, a
 * 20-node cluster with a hundred pods (16 MB a copy) about ten.
 */
const COST_BUDGET_MS = 500;
const MIN_CHECKPOINTS = 4;

/** Actions that break something (shown as faults on the timeline). */
const FAULT_ACTIONS = new Set<ClusterAction['type']>([
  'stopNode',
  'removeNode',
  'partitionNode',
  'crashContainer',
  'setComponentRunning',
]);

export class Timeline {
  private actions: RecordedAction[] = [];
  private faults: TimelineMarker[] = [];
  private checkpoints: CheckpointEntry[] = [];
  head: Position = { index: 0, now: 0 };
  /** Bumped whenever markers or the head's extent change, so frames resend them only then. */
  version = 0;

  /** The recorded actions at or after `index`, soonest first. */
  nextAction(index: number): RecordedAction | undefined {
    return this.actions.find((a) => a.index >= index);
  }

  /** The action whose span holds `index` strictly inside it, if any. */
  actionAround(index: number): RecordedAction | undefined {
    return this.actions.find((a) => a.index < index && index < a.end);
  }

  record(action: RecordedAction): void {
    this.actions.push(action);
    this.version++;
  }

  /** Notes a component crash seen in the trace. */
  noteEvent(event: TraceEvent, index: number): void {
    if (event.error === undefined) return;
    if (this.faults.some((f) => f.index === index)) return;
    this.faults.push({
      index,
      now: event.deliverAt,
      label: `${event.to} crashed: ${event.error}`,
      kind: 'fault',
    });
    this.version++;
  }

  /** Moves the head on when the run goes past it. */
  reach(position: Position): void {
    if (position.index <= this.head.index) return;
    // Resend the extent at most once per virtual second of growth (markers change rarely).
    if (Math.floor(position.now / 1000) !== Math.floor(this.head.now / 1000)) this.version++;
    this.head = { ...position };
  }

  /** Acting at a past point: the future after `position` is discarded. */
  fork(position: Position): void {
    this.actions = this.actions.filter((a) => a.index < position.index);
    this.faults = this.faults.filter((f) => f.index < position.index);
    this.checkpoints = this.checkpoints.filter((c) => c.index <= position.index);
    this.head = { ...position };
    this.version++;
  }

  markers(): TimelineMarker[] {
    const actions = this.actions.map((a): TimelineMarker => ({
      index: a.index,
      now: a.now,
      label: a.label,
      kind:
        a.command.type === 'action' && FAULT_ACTIONS.has(a.command.action.type)
          ? 'fault'
          : 'action',
    }));
    return [...actions, ...this.faults].sort((a, b) => a.index - b.index);
  }

  // Checkpoints.

  lastCheckpoint(): Position | undefined {
    return this.checkpoints.at(-1);
  }

  hasCheckpointAt(index: number): boolean {
    return this.checkpoints.some((c) => c.index === index);
  }

  addCheckpoint(position: Position, checkpoint: RunCheckpoint, cost = 0): void {
    const at = this.checkpoints.findIndex((c) => c.index >= position.index);
    if (at >= 0 && this.checkpoints[at]!.index === position.index) return;
    const entry = { ...position, checkpoint, cost };
    if (at < 0) this.checkpoints.push(entry);
    else this.checkpoints.splice(at, 0, entry);
    this.thin();
  }

  /** The latest checkpoint at or before a trace index, or at or before a virtual time. */
  checkpointBefore(target: { index: number } | { time: number }): CheckpointEntry | undefined {
    const fits = (c: CheckpointEntry) =>
      'index' in target ? c.index <= target.index : c.now <= target.time;
    for (let i = this.checkpoints.length - 1; i >= 0; i--)
      if (fits(this.checkpoints[i]!)) return this.checkpoints[i];
    return undefined;
  }

  /** The first checkpoint: where the run can be taken back to at the most. */
  first(): Position | undefined {
    return this.checkpoints[0];
  }

  /**
   * Keeps the first checkpoint and the newest few; drops every other one in between, so the
   * history stays covered with gaps that grow with age, and memory stays bounded both in count
   * and in what the copies cost.
   */
  private thin(): void {
    const over = () =>
      this.checkpoints.length > MAX_CHECKPOINTS ||
      this.checkpoints.reduce((sum, c) => sum + c.cost, 0) > COST_BUDGET_MS;
    while (over() && this.checkpoints.length > MIN_CHECKPOINTS) {
      const dense = Math.min(DENSE_RECENT, Math.floor((this.checkpoints.length - 1) / 2));
      const first = this.checkpoints[0]!;
      const middle = this.checkpoints.slice(1, -dense);
      const kept = middle.filter((_, i) => i % 2 === 1);
      // With nothing left to thin in the middle, the oldest of the recent ones goes.
      const recent = this.checkpoints.slice(-dense);
      this.checkpoints =
        kept.length < middle.length ? [first, ...kept, ...recent] : [first, ...recent.slice(1)];
    }
  }
}
