/**
 * Plays a cluster for the UI: the play loop (virtual time paced against the wall clock, see
 * pacing.ts), the commands the UI sends, and the frames it gets back. Runs inside the sequencer
 * Web Worker, or on the page when Workers cannot start; either way it only sees an endpoint.
 */
import type { KubevizCluster } from '../engine/index.ts';
import { whyWritten } from './causalChain.ts';
import { DEFAULT_HOP_WALL_MS, paceStep, type PacingState } from './pacing.ts';
import type { ClusterAction, Frame, RuntimeCommand, RuntimeUpdate } from './runtimeProtocol.ts';
import type { SequencerService } from './sequencerService.ts';
import { componentViews, InFlightViews, sameComponents, type ComponentView } from './view.ts';

/** Wall milliseconds between ticks (about a display frame). */
const TICK_MS = 16;
/** A tick stops delivering after this much wall time so frames keep coming. */
const TICK_BUDGET_MS = 12;
const TRACE_PER_FRAME = 60;
const IN_FLIGHT_LIMIT = 200;

export interface PlayerClock {
  now(): number;
  schedule(callback: () => void, ms: number): void;
}

export class Player {
  private running = false;
  private speed: number;
  private fastForward = false;
  private lastWall = 0;
  private ticking = false;
  private publishedRevision = 0;
  private publishedTrace = 0;
  private components: ComponentView[] = [];
  private readonly inFlight = new InFlightViews();
  private readonly waiting = new Map<string, number>();

  constructor(
    private readonly service: SequencerService,
    private readonly send: (update: RuntimeUpdate) => void,
    private readonly clock: PlayerClock,
    options: { speed: number },
  ) {
    this.speed = options.speed;
  }

  private get cluster(): KubevizCluster {
    return this.service.cluster;
  }

  async handle(command: RuntimeCommand): Promise<void> {
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
        await this.service.advance(command.ms);
        break;
      case 'step':
        await this.service.step();
        break;
      case 'request': {
        const id = await this.service.act((c) =>
          c.request(command.method, command.path, command.options),
        );
        this.waiting.set(id, command.requestId);
        break;
      }
      case 'exportTrace':
        await this.service.advance(0);
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
          await this.service.act((c) => applyAction(c, command.action));
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
    if (!this.ticking) {
      this.ticking = true;
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
          await this.service.advanceTo(step.until, shouldYield);
          budget -= step.wallUsed;
        }
        await this.publish();
      } catch (err) {
        this.running = false;
        this.send({ type: 'failed', error: err instanceof Error ? err.message : String(err) });
      } finally {
        this.ticking = false;
      }
    }
    if (this.running) this.clock.schedule(() => void this.tick(), TICK_MS);
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
    this.send({ type: 'frame', frame });
  }
}

/** Carries out a learner's action on the cluster (errors are the cluster's own messages). */
export function applyAction(c: KubevizCluster, action: ClusterAction): void {
  switch (action.type) {
    case 'addNode':
      return c.addNode(action.spec);
    case 'removeNode':
      return c.removeNode(action.name);
    case 'stopNode':
      return c.stopNode(action.name);
    case 'startNode':
      return c.startNode(action.name);
    case 'partitionNode':
      return c.partitionNode(action.name, action.partitioned);
    case 'setComponentRunning':
      return c.setComponentRunning(
        action.id as Parameters<KubevizCluster['setComponentRunning']>[0],
        action.running,
      );
    case 'crashContainer':
      return c.crashContainer(action.namespace, action.pod, action.container, {
        ...(action.exitCode !== undefined ? { exitCode: action.exitCode } : {}),
        ...(action.oomKilled !== undefined ? { oomKilled: action.oomKilled } : {}),
      });
    case 'setLoad':
      return c.setLoad(action.namespace, action.selector, action.millicores);
  }
}
