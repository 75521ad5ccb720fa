/**
 * What the UI sees of the cluster at one moment: the objects in etcd (as lists kubectl would
 * print), the components, the messages in flight, the newest trace events, the narration and
 * the timeline. RuntimeClient rebuilds one from each frame.
 */
import type { KubeObject, TraceEvent } from '../engine/index.ts';
import type { FrameNarration } from './narrationFeed.ts';
import type { TimelineView } from './runtimeProtocol.ts';
import type { ComponentView, MessageView } from './view.ts';

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
