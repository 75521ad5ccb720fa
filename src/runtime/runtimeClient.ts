/**
 * The UI thread's handle on the running cluster. It sends commands to the sequencer (in its Web
 * Worker, or on the page as a fallback) and rebuilds a ClusterSnapshot from the frames it gets
 * back: etcd diffs applied to a local mirror, the newest trace events, what is in flight.
 */
import { DEFAULT_START_SECONDS } from '../shared/index.ts';
import type {
  ApiResponsePayload,
  ComponentAnswer,
  ComponentQuery,
  HttpMethod,
  RequestOptions,
  TraceEvent,
} from '../engine/index.ts';
import type { ClusterSnapshot } from './snapshot.ts';
import type { FrameNarration } from './narrationFeed.ts';
import type { PlacementMode } from './placement.ts';
import type {
  ClusterAction,
  Frame,
  RuntimeCommand,
  RuntimeUpdate,
  TimelineView,
} from './runtimeProtocol.ts';
import { snapshotObjects, type SnapshotObjects } from './snapshotObjects.ts';
import { StoreMirror } from './storeMirror.ts';
import type { Endpoint } from './transport.ts';
import type { ComponentView } from './view.ts';

/** How many recent trace events the snapshot keeps. */
const TRACE_WINDOW = 40;

export interface RuntimeStatus {
  placement: PlacementMode;
  /** Why the runtime runs on the page instead of in Workers, when it does. */
  fallbackReason?: string;
  /** The error that stopped the run, if one did. */
  failure?: string;
}

export class RuntimeClient {
  private readonly mirror = new StoreMirror();
  private objects: SnapshotObjects = snapshotObjects(this.mirror);
  private frame: Frame | undefined;
  private components: ComponentView[] = [];
  private recentTrace: TraceEvent[] = [];
  private traceLength = 0;
  private narration: FrameNarration | undefined;
  private timeline: TimelineView | undefined;
  private readonly listeners = new Set<(snapshot: ClusterSnapshot) => void>();
  private nextRequest = 1;
  private readonly responses = new Map<number, (response: ApiResponsePayload) => void>();
  /** Questions asked of the run, by request id, waiting for their answer. */
  private readonly replies = new Map<number, (value: never) => void>();
  private readonly actions = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  private current: ClusterSnapshot;
  readonly status: RuntimeStatus;

  constructor(
    private readonly endpoint: Endpoint<RuntimeUpdate, RuntimeCommand>,
    status: RuntimeStatus,
  ) {
    this.status = { ...status };
    this.current = this.build();
    endpoint.listen((update) => this.receive(update));
  }

  subscribe(listener: (snapshot: ClusterSnapshot) => void): () => void {
    this.listeners.add(listener);
    listener(this.current);
    return () => this.listeners.delete(listener);
  }

  snapshot(): ClusterSnapshot {
    return this.current;
  }

  /** How many trace events the run has recorded. */
  traceCount(): number {
    return this.traceLength;
  }

  play(): void {
    this.endpoint.post({ type: 'play' });
  }

  /** Tells the run the page has drawn the latest frame, so it may compute the next. */
  frameShown(): void {
    this.endpoint.post({ type: 'frameShown' });
  }

  pause(): void {
    this.endpoint.post({ type: 'pause' });
  }

  setSpeed(speed: number): void {
    this.endpoint.post({ type: 'setSpeed', speed });
  }

  setFastForward(on: boolean): void {
    this.endpoint.post({ type: 'setFastForward', on });
  }

  advance(ms: number): void {
    this.endpoint.post({ type: 'advance', ms });
  }

  step(): void {
    this.endpoint.post({ type: 'step' });
  }

  /** Forward to the end of the story beat the next message belongs to. */
  stepBeat(): void {
    this.endpoint.post({ type: 'stepBeat' });
  }

  /** Back one step; instant (from the nearest checkpoint). */
  stepBack(): void {
    this.endpoint.post({ type: 'stepBack' });
  }

  /** Jumps to a virtual time, a trace position, or either end of the run. */
  seek(target: { time: number } | { index: number } | { to: 'start' | 'end' }): void {
    this.endpoint.post({ type: 'seek', ...target });
  }

  /** Sends a request as kubectl; `onResponse` runs when its reply arrives in virtual time. */
  request(
    method: HttpMethod,
    path: string,
    options?: RequestOptions,
    onResponse?: (response: ApiResponsePayload) => void,
  ): void {
    const requestId = this.nextRequest++;
    if (onResponse) this.responses.set(requestId, onResponse);
    this.endpoint.post({
      type: 'request',
      requestId,
      method,
      path,
      ...(options ? { options } : {}),
    });
  }

  /** Performs a learner's action; rejects with the cluster's error message if it cannot. */
  act(action: ClusterAction): Promise<void> {
    const actionId = this.nextRequest++;
    return new Promise((resolve, reject) => {
      this.actions.set(actionId, { resolve, reject });
      this.endpoint.post({ type: 'action', actionId, action });
    });
  }

  /** The run's whole trace as JSON, once everything sent before has been handled. */
  exportTrace(): Promise<string> {
    return this.ask((requestId) => ({ type: 'exportTrace', requestId }));
  }

  /** A copy of one component's state (its informer caches, work queues), wherever it runs. */
  inspect(id: string): Promise<unknown> {
    return this.ask((requestId) => ({ type: 'inspect', requestId, id }));
  }

  /** Asks one component a read-only question (an etcd key's history, a scheduling decision). */
  query(id: string, query: ComponentQuery): Promise<ComponentAnswer> {
    return this.ask((requestId) => ({ type: 'query', requestId, id, query }));
  }

  /** Why `key` was written at `revision`: the trace events from the first cause to the write. */
  why(key: string, revision: number): Promise<TraceEvent[]> {
    return this.ask((requestId) => ({ type: 'why', requestId, key, revision }));
  }

  /** Sends a command that the run answers with one update carrying the same request id. */
  private ask<T>(command: (requestId: number) => RuntimeCommand): Promise<T> {
    const requestId = this.nextRequest++;
    return new Promise<T>((resolve) => {
      this.replies.set(requestId, resolve as (value: never) => void);
      this.endpoint.post(command(requestId));
    });
  }

  private answer(requestId: number, value: unknown): void {
    this.replies.get(requestId)?.(value as never);
    this.replies.delete(requestId);
  }

  private receive(update: RuntimeUpdate): void {
    switch (update.type) {
      case 'because':
        return this.answer(update.requestId, update.chain);
      case 'inspected':
        return this.answer(update.requestId, update.state);
      case 'answer':
        return this.answer(update.requestId, update.answer);
      case 'trace':
        return this.answer(update.requestId, update.json);
      case 'frame':
        this.applyFrame(update.frame);
        break;
      case 'response':
        this.responses.get(update.requestId)?.(update.response);
        this.responses.delete(update.requestId);
        return;
      case 'actionDone': {
        const waiter = this.actions.get(update.actionId);
        this.actions.delete(update.actionId);
        if (update.error !== undefined) waiter?.reject(new Error(update.error));
        else waiter?.resolve();
        return;
      }
      case 'failed':
        this.status.failure = update.error;
        break;
    }
    this.current = this.build();
    for (const listener of this.listeners) listener(this.current);
  }

  private applyFrame(frame: Frame): void {
    this.frame = frame;
    if (frame.changes && this.mirror.apply(frame.changes))
      this.objects = snapshotObjects(this.mirror);
    if (frame.components) this.components = frame.components;
    // After a jump back, what came later never happened (and `changes` rebuilt the mirror).
    if (frame.rewound) {
      const cut = frame.trace[0] ? frame.trace[0].seq - 1 : frame.traceLength;
      this.recentTrace = this.recentTrace.filter((e) => e.seq <= cut);
    }
    if (frame.timeline) this.timeline = frame.timeline;
    if (frame.trace.length > 0)
      this.recentTrace = [...this.recentTrace, ...frame.trace].slice(-TRACE_WINDOW);
    this.traceLength = frame.traceLength;
    // A frame with no step worth telling keeps the last one told, with the newest beat.
    const told = frame.narration;
    if (told)
      this.narration =
        told.steps.length || !this.narration
          ? told
          : { steps: this.narration.steps, beat: told.beat };
  }

  private build(): ClusterSnapshot {
    const f = this.frame;
    return {
      now: f?.now ?? 0,
      ...this.objects,
      startSeconds: DEFAULT_START_SECONDS,
      recentTrace: this.recentTrace,
      delivered: f?.delivered ?? 0,
      components: this.components,
      inFlight: f?.inFlight ?? [],
      running: f?.running ?? false,
      speed: f?.speed ?? 1,
      fastForward: f?.fastForward ?? false,
      ...(this.narration ? { narration: this.narration } : {}),
      traceLength: this.traceLength,
      inPast: f?.inPast ?? false,
      ...(this.timeline ? { timeline: this.timeline } : {}),
    };
  }
}
