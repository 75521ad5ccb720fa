/** The kube-scheduler component's configuration and state (plain data). */
import type { ClientState, EventRecorderState, Informer } from '../client/index.ts';
import type { SchedulerCache } from './cache.ts';
import type { DecisionRecord } from './decisions.ts';
import type { QueuedPodInfo, SchedulingQueue } from './queue.ts';

export interface SchedulerConfig {
  /** 0 (the default) means adaptive: 50% - nodes/125, at least 5%. */
  percentageOfNodesToScore?: number;
  podInitialBackoffMs?: number;
  podMaxBackoffMs?: number;
  /** Wall-clock seconds at virtual time 0 (event and condition timestamps). */
  startSeconds?: number;
  /** Rows kept per decision record for rejected and for scored nodes (default 100). */
  maxDecisionRows?: number;
}

export interface SchedulerInformers {
  pods: Informer;
  nodes: Informer;
  namespaces: Informer;
  services: Informer;
  replicasets: Informer;
  /** Not served by this apiserver yet; read when present. */
  statefulsets?: Informer;
  [name: string]: Informer | undefined;
}

export interface BindingInFlight {
  queued: QueuedPodInfo;
  node: string;
  cycle: number;
}

export interface SchedulerStats {
  attempts: number;
  scheduled: number;
  unschedulable: number;
  errors: number;
  bindFailures: number;
}

export interface SchedulerState {
  percentageOfNodesToScore: number;
  startSeconds: number;
  maxDecisionRows: number;
  startedAt: number;
  informers: SchedulerInformers;
  client: ClientState;
  recorder: EventRecorderState;
  /** Records only Scheduled events (see handleBindResponse). */
  scheduledRecorder: EventRecorderState;
  cache: SchedulerCache;
  queue: SchedulingQueue;
  /** namespace -> labels (for affinity terms with a namespaceSelector). */
  namespaceLabels: Map<string, Record<string, string>>;
  nextStartNodeIndex: number;
  binding: Map<string, BindingInFlight>;
  decisions: DecisionRecord[];
  /** When the armed flush timers fire (null: none armed). */
  backoffFlushAt: number | null;
  unschedulableFlushAt: number | null;
  stats: SchedulerStats;
}
