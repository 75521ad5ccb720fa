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

export interface ClusterSnapshot {
  /** Virtual milliseconds since the cluster started. */
  now: number;
  revision: number;
  namespaces: KubeObject[];
  nodes: KubeObject[];
  pods: KubeObject[];
  deployments: KubeObject[];
  /** The most recent Events (kubectl events shows the newest last). */
  events: KubeObject[];
  /** Wall-clock seconds the cluster's timestamps count from (for AGE columns). */
  startSeconds: number;
  /** The most recent deliveries, newest last. */
  recentTrace: TraceEvent[];
  delivered: number;
  running: boolean;
  speed: number;
}

export interface RuntimeOptions {
  seed?: number;
  /** Virtual milliseconds per wall millisecond. */
  speed?: number;
  /** How many recent trace events a snapshot carries. */
  traceWindow?: number;
}

type Listener = (snapshot: ClusterSnapshot) => void;

/** The newest `count` events by last occurrence (the event log shows a window, not history). */
function recentEvents(events: KubeObject[], count: number): KubeObject[] {
  const time = (e: KubeObject) =>
    String(e.lastTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp ?? '');
  return events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => (time(a.e) < time(b.e) ? -1 : time(a.e) > time(b.e) ? 1 : a.i - b.i))
    .slice(-count)
    .map(({ e }) => e);
}

export class LocalRuntime {
  readonly cluster: KubevizCluster;
  private speed: number;
  private running = false;
  private readonly traceWindow: number;
  private readonly listeners = new Set<Listener>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private lastWall = 0;
  private cached: ReturnType<LocalRuntime['objects']> | undefined;
  private readonly waiting = new Map<string, (response: ApiResponsePayload) => void>();

  constructor(options: RuntimeOptions = {}) {
    this.cluster = new KubevizCluster({ seed: options.seed ?? 1 });
    this.speed = options.speed ?? 1;
    this.traceWindow = options.traceWindow ?? 40;
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

  /** Advances virtual time by the wall time elapsed since the last tick, times the speed. */
  tick(): void {
    const wall = performance.now();
    const elapsed = Math.min(wall - this.lastWall, 250);
    this.lastWall = wall;
    this.cluster.sequencer.runFor(elapsed * this.speed);
    this.publish();
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
      running: this.running,
      speed: this.speed,
    };
  }

  /**
   * What etcd holds, read again only when its revision moves: a tick that wrote nothing keeps
   * the same lists (and the same identities, so memoized views do not re-render).
   */
  private objects(): Pick<
    ClusterSnapshot,
    'revision' | 'namespaces' | 'nodes' | 'pods' | 'deployments' | 'events'
  > {
    const revision = this.cluster.etcdRevision();
    if (this.cached?.revision !== revision) {
      this.cached = {
        revision,
        namespaces: this.cluster.stored('/registry/namespaces/'),
        nodes: this.cluster.stored('/registry/minions/'),
        pods: this.cluster.stored('/registry/pods/'),
        deployments: this.cluster.stored('/registry/deployments/'),
        events: recentEvents(this.cluster.stored('/registry/events/'), 40),
      };
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
