/**
 * Plays a cluster for the UI: the play loop (virtual time paced against the wall clock, see
 * pacing.ts), the commands the UI sends, and the frames it gets back. Runs inside the sequencer
 * Web Worker, or on the page when Workers cannot start; either way it only sees an endpoint.
 */
import type { KubevizCluster } from '../engine/index.ts';
import { describeAction } from './applyAction.ts';
import { whyWritten } from './causalChain.ts';
import { askScheduler, NarrationFeed } from './narrationFeed.ts';
import { DEFAULT_HOP_WALL_MS, paceStep, type PacingState } from './pacing.ts';
import type { Frame, RuntimeCommand, RuntimeUpdate } from './runtimeProtocol.ts';
import type { SequencerService } from './sequencerService.ts';
import { TimeMachine } from './timeMachine.ts';
import { componentViews, InFlightViews, sameComponents, type ComponentView } from './view.ts';

/** Wall milliseconds between ticks (about a display frame). */
const TICK_MS = 16;
/** A tick stops delivering after this much wall time so frames keep coming. */
const TICK_BUDGET_MS = 12;
/**
 * The run waits for the page to show a frame before it computes the next one (the page says
 * so with `frameShown`), so it never runs ahead of what can be drawn and leaves the page's
 * thread a core to draw with. A page that does not answer is waited for this long at most.
 */
const FRAME_ACK_TIMEOUT_MS = 100;
const TRACE_PER_FRAME = 60;
const IN_FLIGHT_LIMIT = 200;
/** A beat longer than this many messages is stepped through in parts. */
const MAX_BEAT_STEPS = 400;

export interface PlayerClock {
  now(): number;
  schedule(callback: () => void, ms: number): void;
}

export class Player {
  private running = false;
  private speed: number;
  private fastForward = false;
  private lastWall = 0;
  /** When the last frame went out, while the page has not yet said it showed it. */
  private unshownSince: number | undefined;
  private ticking = false;
  private publishedRevision = 0;
  private publishedTrace = 0;
  private components: ComponentView[] = [];
  private readonly inFlight = new InFlightViews();
  private readonly waiting = new Map<string, number>();
  readonly machine: TimeMachine;
  /** Commands and ticks run one at a time: time travel is several steps that must not interleave. */
  private queue: Promise<unknown> = Promise.resolve();
  private publishedTimeline = -1;
  private rewound = false;
  private readonly narration = new NarrationFeed();

  constructor(
    private readonly service: SequencerService,
    private readonly send: (update: RuntimeUpdate) => void,
    private readonly clock: PlayerClock,
    options: { speed: number },
  ) {
    this.speed = options.speed;
    this.narration.listen(service.sequencer);
    this.machine = new TimeMachine(service);
    this.machine.onRewind(() => {
      // The UI's copy is of a future that is gone: it gets a fresh one.
      this.publishedRevision = 0;
      this.publishedTrace = this.cluster.sequencer.trace.length;
      this.components = [];
      this.rewound = true;
    });
  }

  /** Takes the first checkpoint (the earliest point the learner can go back to). */
  start(): Promise<void> {
    return this.serial(() => this.machine.start());
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private get cluster(): KubevizCluster {
    return this.service.cluster;
  }

  handle(command: RuntimeCommand): Promise<void> {
    if (command.type === 'frameShown') {
      this.unshownSince = undefined;
      return Promise.resolve();
    }
    return this.serial(() => this.run(command));
  }

  /** Whether the page is still drawing the last frame (and has not taken too long about it). */
  private pageBusy(): boolean {
    return (
      this.unshownSince !== undefined && this.clock.now() - this.unshownSince < FRAME_ACK_TIMEOUT_MS
    );
  }

  private async run(command: RuntimeCommand): Promise<void> {
    switch (command.type) {
      case 'boot':
        return;
      case 'play':
        if (!this.running) {
          this.running = true;
          this.lastWall = this.clock.now();
          this.clock.schedule(() => void this.tick(), TICK_MS);
        }
        break;
      case 'pause':
        this.running = false;
        break;
      case 'setSpeed':
        this.speed = command.speed;
        break;
      case 'setFastForward':
        this.fastForward = command.on;
        break;
      case 'advance':
        await this.machine.runTo(this.cluster.sequencer.now + command.ms);
        break;
      case 'step':
        this.running = false;
        await this.machine.step();
        break;
      case 'stepBeat': {
        // On to the end of the beat the next message belongs to: until none of its messages is
        // still in flight (other beats' messages due earlier are delivered on the way).
        this.running = false;
        let first = 0;
        await this.machine.stepUntil(() => {
          first ||= this.cluster.sequencer.trace.length;
          return this.narration.beatComplete(first) !== false;
        }, MAX_BEAT_STEPS);
        break;
      }
      case 'stepBack':
        this.running = false;
        await this.machine.stepBack();
        break;
      case 'seek':
        this.running = false;
        if (command.to === 'end') await this.machine.seekEnd();
        else if (command.to === 'start') await this.machine.seekIndex(0);
        else if (command.time !== undefined) await this.machine.seekTime(command.time);
        else if (command.index !== undefined) await this.machine.seekIndex(command.index);
        break;
      case 'request': {
        const id = await this.machine.perform(
          command.label ?? `${command.method} ${command.path}`,
          {
            type: 'request',
            method: command.method,
            path: command.path,
            ...(command.options ? { options: command.options } : {}),
          },
        );
        if (id) this.waiting.set(id, command.requestId);
        break;
      }
      case 'exportTrace':
        this.send({
          type: 'trace',
          requestId: command.requestId,
          json: JSON.stringify(this.cluster.sequencer.trace),
        });
        return;
      case 'inspect':
        this.send({
          type: 'inspected',
          requestId: command.requestId,
          state: await this.service.inspect(command.id),
        });
        return;
      case 'query':
        this.send({
          type: 'answer',
          requestId: command.requestId,
          answer: await this.service.query(command.id, command.query),
        });
        return;
      case 'why':
        this.send({
          type: 'because',
          requestId: command.requestId,
          chain: whyWritten(this.cluster.sequencer.trace, command.key, command.revision),
        });
        return;
      case 'action':
        try {
          await this.machine.perform(command.label ?? describeAction(command.action), {
            type: 'action',
            action: command.action,
          });
          this.send({ type: 'actionDone', actionId: command.actionId });
        } catch (err) {
          const error = err instanceof Error ? err.message : String(err);
          this.send({ type: 'actionDone', actionId: command.actionId, error });
        }
        break;
    }
    await this.publish();
  }

  /** Advances virtual time for the wall time since the last tick, then publishes a frame. */
  private async tick(): Promise<void> {
    if (!this.running) return;
    if (!this.ticking && !this.pageBusy()) {
      this.ticking = true;
      try {
        await this.serial(() => this.advanceTick());
      } finally {
        this.ticking = false;
      }
    }
    if (this.running) this.clock.schedule(() => void this.tick(), TICK_MS);
  }

  private async advanceTick(): Promise<void> {
    if (!this.running) return;
    try {
      const wall = this.clock.now();
      let budget = Math.min(wall - this.lastWall, 250);
      this.lastWall = wall;
      const deadline = wall + TICK_BUDGET_MS;
      const shouldYield = () => this.clock.now() > deadline;
      const options = {
        speed: this.speed,
        hopWallMs: DEFAULT_HOP_WALL_MS,
        fastForward: this.fastForward,
      };
      for (let i = 0; i < 10_000 && budget > 0 && !shouldYield(); i++) {
        const step = paceStep(this.pacingState(), budget, options);
        await this.machine.runTo(step.until, shouldYield);
        budget -= step.wallUsed;
      }
      await this.publish();
    } catch (err) {
      this.running = false;
      this.send({ type: 'failed', error: err instanceof Error ? err.message : String(err) });
    }
  }

  private pacingState(): PacingState {
    const s = this.cluster.sequencer;
    const first = s.inFlight(1)[0];
    return {
      now: s.now,
      nextAt: s.peekTime(),
      hopMs: first ? first.deliverAt - first.sentAt : undefined,
    };
  }

  /** Sends what changed since the last frame, and the replies kubectl received. */
  async publish(): Promise<void> {
    const s = this.cluster.sequencer;
    for (const [id, requestId] of this.waiting) {
      const response = this.cluster.response(id);
      if (response) {
        this.waiting.delete(id);
        this.send({ type: 'response', requestId, response });
      }
    }
    const changes = await this.service.storeChanges(this.publishedRevision);
    if (changes) this.publishedRevision = changes.revision;
    // A restore cut the trace back (replayed deliveries the feed notices by themselves).
    this.narration.truncate(s.trace.length);
    await this.narration.resolveDecisions(askScheduler(this.service));
    const trace = s.trace.slice(Math.max(this.publishedTrace, s.trace.length - TRACE_PER_FRAME));
    this.publishedTrace = s.trace.length;
    const frame: Frame = {
      now: s.now,
      delivered: s.delivered,
      running: this.running,
      speed: this.speed,
      fastForward: this.fastForward,
      placement: this.service.placement.mode,
      changes:
        changes && (changes.reset || changes.put.length || changes.deleted.length) ? changes : null,
      trace,
      traceLength: s.trace.length,
      inFlight: this.inFlight.update(this.cluster.sequencer.inFlight(IN_FLIGHT_LIMIT)),
    };
    const components = componentViews({
      nodeNames: this.cluster.nodeNames(),
      running: s.componentIds(),
      crashed: s.crashed,
    });
    if (!sameComponents(components, this.components)) {
      this.components = components;
      frame.components = components;
    }
    if (this.rewound) {
      frame.rewound = true;
      this.rewound = false;
    }
    const timeline = this.machine.timeline;
    frame.inPast = this.machine.inPast;
    if (timeline.version !== this.publishedTimeline) {
      this.publishedTimeline = timeline.version;
      frame.timeline = {
        start: timeline.first()?.now ?? 0,
        startIndex: timeline.first()?.index ?? 0,
        head: timeline.head,
        markers: timeline.markers(),
      };
    }
    const narration = this.narration.frame({ single: !this.running });
    if (narration) frame.narration = narration;
    this.unshownSince = this.clock.now();
    this.send({ type: 'frame', frame });
  }
}
