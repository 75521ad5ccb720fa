/**
 * How a controller plugs into kube-controller-manager. The manager owns the shared informers
 * (one per resource, like a SharedInformerFactory), one API client and one event recorder; each
 * controller owns its state and its work queue and implements a level-based `sync(key)` that
 * reads the world from listers and sends the requests that close the gap.
 *
 * Definitions hold code; all state they create is plain data kept in the manager's state.
 */
import type { JsonValue } from '../../shared/index.ts';
import type { KubeObject } from '../api/objects.ts';
import type {
  ClientResponse,
  ClientState,
  EventRecorderState,
  EventType,
  IndexSpec,
  Informer,
  InformerEvent,
  WorkQueueState,
} from '../client/index.ts';
import type { StepContext } from '../sim/component.ts';

/** A shared informer a controller needs: the resource and any indexes it relies on. */
export interface InformerSpec {
  /** 'pods', 'replicasets.apps', 'nodes', 'leases.coordination.k8s.io' ... */
  resource: string;
  indexers?: IndexSpec[];
}

/** Timing and behaviour knobs of the controller manager (kube-controller-manager flags). */
export interface ControllerManagerSettings {
  /** --node-monitor-grace-period (v1.30: 40 s). */
  nodeMonitorGracePeriodMs: number;
  /** --node-monitor-period (5 s). */
  nodeMonitorPeriodMs: number;
  /** --node-startup-grace-period (60 s). */
  nodeStartupGracePeriodMs: number;
  /** --node-eviction-rate: nodes tainted NoExecute per second in a healthy zone (0.1). */
  nodeEvictionRate: number;
  /** --secondary-node-eviction-rate: the same in a partially disrupted large zone (0.01). */
  secondaryNodeEvictionRate: number;
  /** --large-cluster-size-threshold (50). */
  largeClusterSizeThreshold: number;
  /** --unhealthy-zone-threshold (0.55). */
  unhealthyZoneThreshold: number;
  /** --horizontal-pod-autoscaler-sync-period (15 s). */
  hpaSyncPeriodMs: number;
  /** --horizontal-pod-autoscaler-downscale-stabilization (5 min). */
  hpaDownscaleStabilizationMs: number;
  /** --horizontal-pod-autoscaler-tolerance (0.1). */
  hpaTolerance: number;
  /** --cluster-cidr, from which node pod CIDRs are carved (/24 each). */
  clusterCidr: string;
  /** Wall-clock seconds at virtual time 0 (for timestamps). */
  startSeconds: number;
}

/** What a controller can use while it handles something. */
export interface ControllerKit {
  readonly ctx: StepContext;
  readonly settings: ControllerManagerSettings;
  /** The controller's own work queue. */
  readonly queue: WorkQueueState;
  /** The shared informer for a resource the controller declared. */
  informer(resource: string): Informer;
  /** The manager's API client; replies come back to `handleResponse` with the tag given here. */
  readonly client: ClientState;
  /** Tags are namespaced per controller; use this to build one. */
  tag(tag: string): string;
  /** Records an Event with this controller as its source. */
  event(obj: KubeObject, type: EventType, reason: string, message: string): void;
  /** A timer routed back to this controller's `handleTimer`. */
  setTimer(delayMs: number, name: string, data?: JsonValue): void;
}

export interface ControllerDefinition<S = unknown> {
  /** The controller's name as kube-controller-manager's --controllers flag spells it: 'replicaset'. */
  name: string;
  /** The component name its events carry: 'replicaset-controller'. */
  eventSource: string;
  informers: readonly InformerSpec[];
  init(kit: ControllerKit): S;
  /** An informer event for one of its resources: usually enqueue the keys it affects. */
  handleEvent?(state: S, resource: string, event: InformerEvent, kit: ControllerKit): void;
  /** The reply to a request this controller sent; `response.tag` is the controller's own tag. */
  handleResponse?(state: S, response: ClientResponse, kit: ControllerKit): void;
  handleTimer?(state: S, name: string, data: JsonValue | undefined, kit: ControllerKit): void;
  /** Reconcile one key. Called only once every informer it uses has synced. */
  sync(state: S, key: string, kit: ControllerKit): void;
}

// Definitions are stored heterogeneously; each one's state type is private to it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyControllerDefinition = ControllerDefinition<any>;

export const DEFAULT_CONTROLLER_MANAGER_SETTINGS: ControllerManagerSettings = {
  nodeMonitorGracePeriodMs: 40_000,
  nodeMonitorPeriodMs: 5_000,
  nodeStartupGracePeriodMs: 60_000,
  nodeEvictionRate: 0.1,
  secondaryNodeEvictionRate: 0.01,
  largeClusterSizeThreshold: 50,
  unhealthyZoneThreshold: 0.55,
  hpaSyncPeriodMs: 15_000,
  hpaDownscaleStabilizationMs: 5 * 60_000,
  hpaTolerance: 0.1,
  clusterCidr: '10.244.0.0/16',
  startSeconds: 1767225600,
};

export type { EventRecorderState };
