/**
 * Runs a cluster in-process and advances its virtual time with the wall clock. This is the
 * placement the foundation ships with; the Web Worker placement (one worker per control-plane
 * component, a sequencer worker owning time) replaces it in the workers issue, behind the same
 * interface: the UI subscribes to snapshots and sends requests.
 */
import { DEFAULT_START_SECONDS } from '../shared/index.ts';
import {
  KubevizCluster,
  type ApiResponsePayload,
  type HttpMethod,
  type KubeObject,
  type RequestOptions,
  type TraceEvent,
} from '../engine/index.ts';
import type { FrameNarration } from './narrationFeed.ts';
import type { TimelineView } from './runtimeProtocol.ts';
import { snapshotObjects, type SnapshotObjects } from './snapshotObjects.ts';
import { DEFAULT_HOP_WALL_MS, paceStep, type PacingState } from './pacing.ts';
import {
  IN_FLIGHT_LIMIT,
  componentViews,
  InFlightViews,
  sameComponents,
  type ComponentView,
  type MessageView,
} from './view.ts';

export interface ClusterSnapshot {
  /** Virtual milliseconds since the cluster started. */
  now: number;
  revision: number;
  namespaces: KubeObject[];
  nodes: KubeObject[];
  pods: KubeObject[];
  deployments: KubeObject[];
  services: KubeObject[];
  replicaSets: KubeObject[];
  endpointSlices: KubeObject[];
  /** Every component the cluster knows, running or not. */
  components: ComponentView[];
  /** Messages between components sent and not yet delivered, soonest first (at most `inFlightLimit`). */
  inFlight: MessageView[];
  /** The most recent Events (kubectl events shows the newest last). */
  events: KubeObject[];
  /** Wall-clock seconds the cluster's timestamps count from (for AGE columns). */
  startSeconds: number;
  /** The most recent deliveries, newest last. */
  recentTrace: TraceEvent[];
  delivered: number;
  running: boolean;
  speed: number;
  /** Virtual time runs at `speed` throughout, without slowing down for messages in flight. */
  fastForward: boolean;
  /** The step the narration panel tells (the newest worth telling) and the current beat. */
  narration?: FrameNarration;
  /** How many trace events the run has: the position on the timeline. */
  traceLength?: number;
  /** Whether the learner went back and a recorded future lies ahead. */
  inPast?: boolean;
  timeline?: TimelineView;
}

export interface RuntimeOptions {
  seed?: number;
  /** Virtual milliseconds per wall millisecond. */
  speed?: number;
  /** How many recent trace events a snapshot carries. */
  traceWindow?: number;
  /** Wall milliseconds one message takes to cross its edge at 1x (see pacing.ts). */
  hopWallMs?: number;
  /** Start without pacing (virtual time at `speed`, messages or not). */
  fastForward?: boolean;
  /** How many in-flight messages a snapshot carries at most. */
  inFlightLimit?: number;
}

type Listener = (snapshot: ClusterSnapshot) => void;

export class LocalRuntime {
  readonly cluster: KubevizCluster;
  private speed: number;
  private running = false;
  private readonly traceWindow: number;
  private readonly hopWallMs: number;
  private fastForward: boolean;
  private readonly inFlightLimit: number;
  private components: ComponentView[] = [];
  private readonly inFlight = new InFlightViews();
  private readonly listeners = new Set<Listener>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private lastWall = 0;
  private cached: SnapshotObjects | undefined;
  private readonly waiting = new Map<string, (response: ApiResponsePayload) => void>();

  constructor(options: RuntimeOptions = {}) {
    this.cluster = new KubevizCluster({ seed: options.seed ?? 1 });
    this.speed = options.speed ?? 1;
    this.traceWindow = options.traceWindow ?? 40;
    this.hopWallMs = options.hopWallMs ?? DEFAULT_HOP_WALL_MS;
    this.fastForward = options.fastForward ?? false;
    this.inFlightLimit = options.inFlightLimit ?? IN_FLIGHT_LIMIT;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    listener(this.snapshot());
    return () => this.listeners.delete(listener);
  }

  play(): void {
    if (this.running) return;
    this.running = true;
    this.lastWall = performance.now();
    // One tick per display frame at most; the UI coalesces what it draws.
    this.timer = setInterval(() => this.tick(), 16);
    this.publish();
  }

  pause(): void {
    this.running = false;
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    this.publish();
  }

  setSpeed(speed: number): void {
    this.speed = speed;
    this.publish();
  }

  /** Runs without slowing down for messages in flight (or goes back to pacing). */
  setFastForward(on: boolean): void {
    this.fastForward = on;
    this.publish();
  }

  /**
   * Advances virtual time for the wall time elapsed since the last tick: at `speed`, slowed
   * while messages are in flight so each one is seen crossing its edge (pacing.ts).
   */
  tick(wall: number = performance.now()): void {
    const elapsed = Math.min(wall - this.lastWall, 250);
    this.lastWall = wall;
    const s = this.cluster.sequencer;
    const options = { speed: this.speed, hopWallMs: this.hopWallMs, fastForward: this.fastForward };
    let budget = elapsed;
    // Each step ends at a delivery, after which the picture of what is in flight changes; the
    // bound only matters when a burst of deliveries all fall due at once.
    for (let i = 0; i < 10_000 && budget > 0; i++) {
      const step = paceStep(this.pacingState(), budget, options);
      s.runUntil(step.until);
      budget -= step.wallUsed;
    }
    this.publish();
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

  /** Runs the cluster for a span of virtual time at once (used by tests and "skip ahead"). */
  advance(ms: number): void {
    this.cluster.sequencer.runFor(ms);
    this.publish();
  }

  /** Sends a request from kubectl; `onResponse` runs when its reply arrives in virtual time. */
  request(
    method: HttpMethod,
    path: string,
    options?: RequestOptions,
    onResponse?: (response: ApiResponsePayload) => void,
  ): string {
    const id = this.cluster.request(method, path, options);
    if (onResponse) this.waiting.set(id, onResponse);
    this.publish();
    return id;
  }

  snapshot(): ClusterSnapshot {
    const s = this.cluster.sequencer;
    return {
      now: s.now,
      ...this.objects(),
      startSeconds: DEFAULT_START_SECONDS,
      recentTrace: s.trace.slice(-this.traceWindow),
      delivered: s.delivered,
      components: this.componentList(),
      inFlight: this.inFlight.update(this.cluster.sequencer.inFlight(this.inFlightLimit)),
      running: this.running,
      speed: this.speed,
      fastForward: this.fastForward,
    };
  }

  /** The components' views, the same array while nothing about them changes. */
  private componentList(): ComponentView[] {
    const s = this.cluster.sequencer;
    const next = componentViews({
      nodeNames: this.cluster.nodeNames(),
      running: s.componentIds(),
      crashed: s.crashed,
    });
    if (!sameComponents(next, this.components)) this.components = next;
    return this.components;
  }

  /**
   * What etcd holds, read again only when its revision moves: a tick that wrote nothing keeps
   * the same lists (and the same identities, so memoized views do not re-render).
   */
  private objects(): SnapshotObjects {
    const revision = this.cluster.etcdRevision();
    if (this.cached?.revision !== revision) {
      this.cached = snapshotObjects({
        stored: (prefix) => this.cluster.stored(prefix),
        revision: () => revision,
      });
    }
    return this.cached;
  }

  private publish(): void {
    for (const [id, callback] of this.waiting) {
      const response = this.cluster.response(id);
      if (response) {
        this.waiting.delete(id);
        callback(response);
      }
    }
    if (this.listeners.size === 0) return;
    const snapshot = this.snapshot();
    for (const l of this.listeners) l(snapshot);
  }
}
