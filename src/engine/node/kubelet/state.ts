/**
 * The kubelet's memory, all plain data: its API client and informers, its view of the runtime
 * (the PLEG cache), one PodWorker per pod, the back-off records, the serial image puller, the
 * status manager's last known statuses, and the node status and lease bookkeeping. A restarted
 * kubelet starts from nothing and rebuilds it from the apiserver and the runtime.
 */
import type { JsonValue } from '../../../shared/index.ts';
import type { KubeObject } from '../../api/objects.ts';
import type { ClientState, EventRecorderState, Informer } from '../../client/index.ts';
import type { ContainerState, Image } from '../cri/protocol.ts';
import type { ResolvedConfig } from './config.ts';

/** One container instance as the runtime reported it (kubecontainer.Status). */
export interface RuntimeContainer {
  id: string;
  name: string;
  /** The restart count this instance was created with. */
  attempt: number;
  state: ContainerState;
  createdAt: number;
  startedAt: number;
  finishedAt: number;
  exitCode: number;
  reason: string;
  /** docker.io/library/nginx:1.27 */
  image: string;
  /** docker.io/library/nginx@sha256:... */
  imageRef: string;
  /**
   * Killed for a failed liveness or startup probe. SyncPod restarts such a container in the same
   * sync, judging the back-off by the instance before it ('pending'); later syncs by this one.
   */
  probeKill?: 'pending' | 'checked';
}

export interface RuntimeSandbox {
  id: string;
  ip: string;
  ready: boolean;
  attempt: number;
}

/** kubelet's reasonCache: why the last attempt to start a container failed. */
export interface SyncReason {
  reason: string;
  message: string;
}

/** A multi-call step of syncPod in flight (the kubelet's goroutine, as data). */
export type PodOperation =
  | { kind: 'sandbox'; step: 'run' | 'status' }
  | {
      kind: 'start';
      container: string;
      init: boolean;
      step: 'imageStatus' | 'pullQueued' | 'pulling' | 'create' | 'start' | 'inspect';
      pullingSince?: number;
      containerId?: string;
    }
  | {
      /**
       * killPod and what SyncTerminatingPod does after it: stop the containers (each StopContainer
       * answers once the process has exited), then the sandbox, then read the stopped containers'
       * status back from the runtime (GetPodStatus).
       */
      kind: 'kill';
      step: 'containers' | 'sandbox' | 'status';
      /** Calls of the current step still unanswered (container ids). */
      remaining: string[];
      /** The containers this kill stopped, whose final status is read back at the end. */
      stopped: string[];
      /** killPod (then the sandbox), or one container killed for SyncPod to restart. */
      pod: boolean;
      /** preStop hooks running, by container id: when each began and the grace it had. */
      hooks: Record<string, { since: number; grace: number }>;
    };

export type ProbeType = 'liveness' | 'readiness' | 'startup';
export type ProbeResult = 'Success' | 'Failure' | 'Unknown';

/** One probe worker (prober/worker.go) and the result it last published for its container. */
export interface ProbeWorker {
  type: ProbeType;
  container: string;
  /** The container instance the worker is probing; '' before the first. */
  containerId: string;
  /** What the results manager holds for containerId. */
  result?: ProbeResult;
  lastResult: ProbeResult;
  resultRun: number;
  /** After a liveness or startup failure: no probing until a new container appears. */
  onHold: boolean;
  stopped: boolean;
  /** The probe in flight, so a reply to an older one is ignored. */
  inFlight?: { seq: number; sentAt: number; containerId: string };
  seq: number;
  /**
   * The message id of the worker's next tick. Ids are unique across restarts, so the ticks a
   * restarted kubelet inherits from its predecessor's workers are told apart from this one's.
   */
  timer: string;
  /** A tick came while the probe ran (Go's ticker keeps one): probe again as soon as it answers. */
  tickQueued?: boolean;
}

export interface PodWorker {
  uid: string;
  namespace: string;
  name: string;
  /** The latest pod from the informer (shared, read-only), or the last seen after it vanished. */
  pod: KubeObject;
  /** SyncPod, then SyncTerminatingPod, then SyncTerminatedPod, as the real pod workers. */
  phase: 'syncing' | 'terminating' | 'terminated';
  /** Gone from the apiserver: kill, then forget. */
  removed: boolean;
  /** Already finished when this kubelet first saw it: its status is left as the API has it. */
  frozen?: boolean;
  /** Set by admission: the pod was rejected with this reason and message. */
  rejected?: SyncReason;
  op?: PodOperation;
  /** Something changed while an operation was in flight: sync again when it ends. */
  pendingSync: boolean;
  sandbox?: RuntimeSandbox;
  /** Container instances by container name, oldest first. */
  containers: Record<string, RuntimeContainer[]>;
  reasons: Record<string, SyncReason>;
  /** After a failed start, the pod worker retries a container no sooner than this. */
  retryAt: Record<string, number>;
  /** When the kubelet first saw the pod: the status's startTime until one is published. */
  addedAt: number;
  /** The probe workers, by `<container>/<type>`; absent until the first sync that adds them. */
  probes?: Record<string, ProbeWorker>;
  /** Wake-ups armed for this pod (back-off expiry, sync retries), by virtual time. */
  wakes: number[];
  /** The terminal phase has been decided (all containers done and won't restart). */
  terminal: boolean;
  finalDeleteSent: boolean;
}

export interface BackoffEntry {
  backoffMs: number;
  lastUpdate: number;
}

export interface PendingCri {
  tag: string;
  uid?: string;
  data?: JsonValue;
  sentAt: number;
}

export interface PodStatusCache {
  /** The status last generated for the pod. */
  generated?: Record<string, unknown>;
  /** The status as the apiserver last returned it to us (the base of our patches). */
  api?: Record<string, unknown>;
  apiResourceVersion: number;
  inFlight: boolean;
  dirty: boolean;
  /**
   * The apiserver status and generated status last found to need no patch: while both are the
   * same objects, a sync has nothing to compare (they never change in place).
   */
  settledApi?: Record<string, unknown>;
  settledGenerated?: Record<string, unknown>;
}

export interface KubeletState {
  config: ResolvedConfig;
  client: ClientState;
  recorder: EventRecorderState;
  pods: Informer;
  node: Informer;
  /** CRI calls awaiting their reply, by request id (a Map: every call adds and removes a key). */
  cri: Map<string, PendingCri>;
  runtimeVersion: string;
  runtimeReady: boolean;
  networkReady: boolean;
  networkMessage: string;
  /** The pod CIDR handed to the runtime. */
  podCidr: string;
  startedAt: number;
  /** Startup relist of the runtime: sandboxes and containers adopted once the pods informer syncs. */
  relist: {
    done: boolean;
    sandboxes?: { id: string; uid: string; ready: boolean; attempt: number }[];
    /** Containers by pod uid, once every ContainerStatus call has answered. */
    containers?: Record<string, RuntimeContainer[]>;
    inspecting: number;
  };
  registered: boolean;
  registering: boolean;
  nodeUid: string;
  nodeStatus: {
    /** Status last reported, without heartbeat times, for change detection. */
    lastReported: string;
    lastReportAt: number;
    inFlight: boolean;
    transitions: Record<string, { status: string; at: string }>;
    readyReported: boolean;
  };
  lease: { current?: KubeObject; inFlight: boolean };
  images: Image[];
  workers: Map<string, PodWorker>;
  crashBackoff: Record<string, BackoffEntry>;
  imageBackoff: Record<string, BackoffEntry>;
  /** The serial image puller: pods waiting to pull, in order, and the pull in flight. */
  pullQueue: { uid: string; container: string; image: string }[];
  pulling: boolean;
  statuses: Map<string, PodStatusCache>;
  /** The kubelet's own connections to pod IPs (HTTP and TCP probes, httpGet hooks). */
  dials: Map<string, Dial>;
  dialSeq: number;
  /** Last CPU demand per pod uid (millicores), from the load generator. */
  load: Record<string, number>;
}

/** What a connection the kubelet opened is for. */
export type Dial =
  | { uid: string; for: 'probe'; key: string; seq: number }
  | { uid: string; for: 'preStop'; containerId: string };
