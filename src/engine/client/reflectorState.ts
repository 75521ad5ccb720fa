/**
 * The Reflector's state: plain data (it lives inside a component's state), created by
 * newReflector and driven by the functions in reflector.ts.
 */
import type { Credentials, WatchEventType } from '../api/protocol.ts';
import type { KubeObject } from '../api/objects.ts';
import type { ResourceInfo } from '../api/resources.ts';
import type { ComponentId } from '../sim/envelope.ts';
import { newBackoff, REFLECTOR_BACKOFF, type BackoffSpec, type BackoffState } from './backoff.ts';
import { DEFAULT_REQUEST_TIMEOUT_MS } from './requests.ts';

/** What the Reflector tracks about its current watch. */
export interface WatchState {
  /** When the watch request was sent (client-go starts its clock before sending). */
  requestedAt: number;
  /** The timeoutSeconds the watch asked the server for. */
  timeoutSeconds: number;
  /** Events received on it, bookmarks included (a watch with none that ends within 1s is an error). */
  events: number;
}

export function newWatchState(): WatchState {
  return { requestedAt: 0, timeoutSeconds: 0, events: 0 };
}

export interface ReflectorOptions {
  /** How long a list page or a watch request may wait for its reply. */
  requestTimeoutMs: number;
  /** Watches ask for timeoutSeconds in [min, 2*min) (client-go: 5 minutes). */
  minWatchTimeoutMs: number;
  /** A watch silent past its timeout plus this margin is presumed dead (the server never ended it). */
  watchLivenessMarginMs: number;
  /** The pager's page size (client-go's pager: 500). */
  pageSize: number;
  backoff: BackoffSpec;
}

export const DEFAULT_REFLECTOR_OPTIONS: ReflectorOptions = {
  requestTimeoutMs: DEFAULT_REQUEST_TIMEOUT_MS,
  minWatchTimeoutMs: 5 * 60_000,
  watchLivenessMarginMs: 30_000,
  pageSize: 500,
  backoff: REFLECTOR_BACKOFF,
};

export type ReflectorPhase =
  'idle' | 'listing' | 'watchStarting' | 'watching' | 'backingOff' | 'stopped';

export interface ReflectorState {
  /** Names the reflector's timer; unique within the component. */
  name: string;
  apiserver: ComponentId;
  credentials?: Credentials;
  resource: ResourceInfo;
  namespace: string;
  labelSelector: string;
  fieldSelector: string;
  options: ReflectorOptions;
  phase: ReflectorPhase;
  /** The outstanding list page request, or the current watch (its request id is the watch id). */
  requestId: string | null;
  /** Pages of the list in progress. */
  listItems: KubeObject[];
  /** Whether a list came back in pages: later lists keep paging (client-go's paginatedResult). */
  paginatedResult: boolean;
  watch: WatchState;
  lastSyncResourceVersion: string;
  /** Set after a list from lastSyncResourceVersion got 410: list from etcd ("") instead. */
  lastSyncResourceVersionUnavailable: boolean;
  /** Timers carry the generation they were set in; a timer from an older one is stale. */
  timerGen: number;
  backoff: BackoffState;
  /** Recent request and watch ids this reflector abandoned: late messages for them are swallowed. */
  retired: string[];
  lastError: string;
  lists: number;
  watches: number;
}

export type ReflectorOutput =
  | { type: 'replace'; items: KubeObject[]; resourceVersion: string }
  | { type: 'event'; eventType: Exclude<WatchEventType, 'BOOKMARK' | 'ERROR'>; object: KubeObject };

export interface ReflectorConfig {
  name: string;
  resource: ResourceInfo;
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  credentials?: Credentials;
  apiserver?: ComponentId;
  options?: Partial<ReflectorOptions>;
}

export function newReflector(config: ReflectorConfig): ReflectorState {
  const options = { ...DEFAULT_REFLECTOR_OPTIONS, ...config.options };
  const r: ReflectorState = {
    name: config.name,
    apiserver: config.apiserver ?? 'kube-apiserver',
    resource: config.resource,
    namespace: config.resource.namespaced ? (config.namespace ?? '') : '',
    labelSelector: config.labelSelector ?? '',
    fieldSelector: config.fieldSelector ?? '',
    options,
    phase: 'idle',
    requestId: null,
    listItems: [],
    paginatedResult: false,
    watch: newWatchState(),
    lastSyncResourceVersion: '',
    lastSyncResourceVersionUnavailable: false,
    timerGen: 0,
    backoff: newBackoff(options.backoff),
    retired: [],
    lastError: '',
    lists: 0,
    watches: 0,
  };
  if (config.credentials) r.credentials = config.credentials;
  return r;
}

export function reflectorTimerName(r: ReflectorState): string {
  return `reflector/${r.name}`;
}
