/**
 * The messages between the UI thread and the sequencer (a Web Worker, or the page itself when
 * Workers cannot start). The UI sends commands; the sequencer answers with frames: compact
 * diffs (etcd changes, new trace events, what is in flight), at most one per animation frame,
 * never the whole store of a large cluster.
 */
import type {
  ApiResponsePayload,
  ComponentAnswer,
  ComponentQuery,
  HttpMethod,
  MachineSpec,
  RequestOptions,
  StoreChanges,
  TraceEvent,
} from '../engine/index.ts';
import type { FrameNarration } from './narrationFeed.ts';
import type { PlacementMode } from './placement.ts';
import type { Position, TimelineMarker } from './timeline.ts';
import type { ComponentView, MessageView } from './view.ts';

/** What a learner does to the cluster that is not an API request. */
export type ClusterAction =
  | { type: 'addNode'; spec: MachineSpec }
  | { type: 'removeNode'; name: string }
  | { type: 'stopNode'; name: string }
  | { type: 'startNode'; name: string }
  | { type: 'partitionNode'; name: string; partitioned: boolean }
  | { type: 'setComponentRunning'; id: string; running: boolean }
  | {
      type: 'crashContainer';
      namespace: string;
      pod: string;
      container: string;
      exitCode?: number;
      oomKilled?: boolean;
    }
  | { type: 'setLoad'; namespace: string; selector: string; millicores: number }
  /** curl to an address, entering at `via` (a node's kube-proxy, or the cloud's load balancer). */
  | { type: 'sendRequest'; via: string; destination: string; requestId: string };

export type RuntimeCommand =
  | {
      type: 'boot';
      seed: number;
      placement: PlacementMode;
      pool: number;
      speed: number;
      /** Virtual time to run before the first frame, so the page opens on a booted cluster. */
      warmUpMs?: number;
      /** How many worker nodes the cluster boots with (default 3). */
      nodes?: number;
    }
  | { type: 'play' }
  /** The page has drawn the last frame it got (the run waits for this before computing more). */
  | { type: 'frameShown' }
  | { type: 'pause' }
  | { type: 'setSpeed'; speed: number }
  | { type: 'setFastForward'; on: boolean }
  | { type: 'advance'; ms: number }
  | { type: 'step' }
  /** Forward to the end of the story beat the next message belongs to. */
  | { type: 'stepBeat' }
  /** Back one step (a whole action counts as one); instant, from the nearest checkpoint. */
  | { type: 'stepBack' }
  /** Jump to a trace position, a virtual time, or either end of the run. */
  | { type: 'seek'; index?: number; time?: number; to?: 'start' | 'end' }
  | {
      type: 'request';
      requestId: number;
      method: HttpMethod;
      path: string;
      options?: RequestOptions;
      /** What the learner did, in words (the kubectl command); the trace and timeline show it. */
      label?: string;
    }
  | { type: 'action'; actionId: number; action: ClusterAction; label?: string }
  /** The whole trace as JSON (tests compare runs byte for byte). */
  | { type: 'exportTrace'; requestId: number }
  /** A copy of one component's state: what its informers believe, its work queues. */
  | { type: 'inspect'; requestId: number; id: string }
  /** A read-only question about one component's state (an etcd key's history...). */
  | { type: 'query'; requestId: number; id: string; query: ComponentQuery }
  /** The chain of causes that led to `key` being written at `revision` (see causalChain.ts). */
  | { type: 'why'; requestId: number; key: string; revision: number };

/** What the timeline shows: the run's extent, and a marker per action and fault. */
export interface TimelineView {
  /** The earliest point the run can go back to (virtual ms, and trace position). */
  start: number;
  startIndex: number;
  /** The furthest point this run reached. */
  head: Position;
  markers: TimelineMarker[];
}

export interface Frame {
  now: number;
  delivered: number;
  running: boolean;
  speed: number;
  fastForward: boolean;
  placement: PlacementMode;
  /** etcd's changes since the previous frame (null: none, or etcd is down). */
  changes: StoreChanges | null;
  /** Trace events recorded since the previous frame (the newest, if there were many). */
  trace: TraceEvent[];
  traceLength: number;
  inFlight: MessageView[];
  /** Set when the run jumped back: drop what came after `traceLength`; `changes` is a reset. */
  rewound?: true;
  /** Whether a recorded future lies ahead (the learner went back and has not acted since). */
  inPast?: boolean;
  /** Omitted when unchanged since the previous frame. */
  timeline?: TimelineView;
  /** Every component's view; omitted when unchanged since the previous frame. */
  components?: ComponentView[];
  /** What the new steps did and why (see narrationFeed.ts); omitted when nothing was delivered. */
  narration?: FrameNarration;
}

export type RuntimeUpdate =
  | { type: 'frame'; frame: Frame }
  | { type: 'response'; requestId: number; response: ApiResponsePayload }
  | { type: 'actionDone'; actionId: number; error?: string }
  | { type: 'trace'; requestId: number; json: string }
  | { type: 'inspected'; requestId: number; state: unknown }
  | { type: 'answer'; requestId: number; answer: ComponentAnswer }
  | { type: 'because'; requestId: number; chain: TraceEvent[] }
  | { type: 'failed'; error: string };
