import type { KubeObject } from '../api/objects.ts';
import type { ApiQuery, ApiRequestPayload, PatchContentType } from '../api/protocol.ts';
import type { RequestInfo } from '../api/requestInfo.ts';
import type { UserInfo } from './auth/authn.ts';
import type { WatchCacheState } from './watchCache.ts';
import type { Reservations } from './registry/serviceAllocator.ts';
import type { Filter } from './filter.ts';

export interface ApiServerConfig {
  /** Cluster wall-clock start, seconds since the Unix epoch (creationTimestamps count from it). */
  startSeconds?: number;
  /** Events each resource's watch cache keeps for watches that resume from a resourceVersion. */
  watchCacheCapacity?: number;
  /** How often the apiserver asks etcd to compact (--etcd-compaction-interval, 5 min by default). */
  compactionIntervalMs?: number;
  /** Largest request body accepted, in bytes (the real limit is 3 MiB). */
  maxRequestBytes?: number;
  /** The etcd component to talk to. */
  etcd?: string;
}

/** What a write does to the object it finds; kept as data so a conflicting write can be retried. */
export type Mutation =
  | { type: 'update'; body: KubeObject }
  | { type: 'patch'; contentType: PatchContentType; patch: unknown }
  | { type: 'binding'; nodeName: string }
  | { type: 'scale'; scale: KubeObject; patch?: { contentType: PatchContentType; patch: unknown } }
  | {
      type: 'delete';
      gracePeriodSeconds?: number;
      propagationPolicy?: string;
      preconditions?: { uid?: string; resourceVersion?: string };
    };

/** A request the apiserver is working on while it waits for etcd. */
export interface Operation {
  /** The id of the API request message. */
  id: string;
  client: string;
  info: RequestInfo;
  /** group/resource of the ResourceInfo. */
  resourceKey: string;
  user: UserInfo;
  query: ApiQuery;
  /** The etcd key the operation reads or writes. */
  key: string;
  stage:
    'read' | 'list' | 'nsLookup' | 'create' | 'write' | 'refresh' | 'watchList' | 'collectionList';
  /** An etcd-backed watch waiting for its initial list (stage watchList). */
  watcher?: Watcher;
  /** A deletecollection waiting for its list from etcd: its selectors, and the request the per-item deletes copy. */
  collection?: { filter: Filter; request: ApiRequestPayload };
  object?: KubeObject;
  mutation?: Mutation;
  /** modRevision of the object the mutation was computed from. */
  basedOn?: number;
  /** Whether `basedOn` came from etcd (fresh) rather than the watch cache. */
  fresh?: boolean;
  attempts: number;
  /** How a successful write answers: the object, a Scale, a binding Status, or a delete result. */
  respondAs?: 'object' | 'scale' | 'binding' | 'deleted';
  successCode?: number;
  /** After this write lands, delete the object (a pod's grace-0 deletion, recorded first). */
  thenDelete?: boolean;
}

export interface Watcher {
  id: string;
  client: string;
  resourceKey: string;
  namespace: string;
  labelSelector: string;
  fieldSelector: string;
  /** Events at or before this resourceVersion are not for this watcher. */
  startAfter: number;
  /** The parsed namespace and selectors (plain data), evaluated for every event. */
  filter: Filter;
  /**
   * The exact-match field this watch is indexed by (`spec.nodeName` or `metadata.name`) and its
   * value: the cacher's trigger for pods by spec.nodeName, and metadata.name for single-object
   * watches (kube-proxy watching its Node), so an event is offered only to the watchers it can
   * concern.
   */
  index?: { field: string; value: string };
  /** The watch's own etcd watch, for a resource without a watch cache. */
  etcdWatchId?: string;
}

export interface ApiServerState {
  config: Required<ApiServerConfig>;
  cache: WatchCacheState;
  /** The etcd watches on /registry/ that feed the cache (see cachedRanges). */
  etcdWatchIds: string[];
  /** etcd watch id -> the API watch it serves, for resources without a watch cache. */
  etcdWatchers: Map<string, string>;
  /** In-flight requests by id (a Map: one comes and goes per request). */
  operations: Map<string, Operation>;
  /** etcd request id -> operation id (a Map: one entry comes and goes per etcd request). */
  etcdRequests: Map<string, string>;
  watchers: Map<string, Watcher>;
  /** Watcher ids by group/resource, for watchers without an index key. */
  watchersByResource: Map<string, Set<string>>;
  /**
   * Watcher ids by group/resource, index field and value: nested rather than keyed by one joined
   * string, so an event looks its watchers up without building and hashing new keys.
   */
  watchersByIndex: Map<string, Map<string, Map<string, Set<string>>>>;
  /** Requests that arrived before the cache was ready (the real apiserver is not ready yet either). */
  deferred: { from: string; id: string; payload: ApiRequestPayload }[];
  /** The revision to compact to at the next compaction tick (the one seen one interval ago). */
  compactTo: number;
  /** The highest etcd revision the headers of etcd's answers have shown. */
  etcdRevision: number;
  /** The revision of the last compaction this apiserver asked for (nothing to do if unchanged). */
  compacted: number;
  /** Requests proxied to an aggregated API server: forwarded message id -> the original. */
  proxied: Record<string, { client: string; id: string }>;
  /** DELETE collection requests in progress: the per-item deletes they sent. */
  collections: Record<
    string,
    {
      client: string;
      pending: string[];
      items: unknown[];
      listKind: string;
      apiVersion: string;
      /** The revision of the list the deletes came from: the answer's resourceVersion. */
      revision: number;
    }
  >;
  /** Per-item delete id -> the collection request it belongs to. */
  collectionItems: Record<string, string>;
  /** Service cluster IPs and node ports handed out but not yet in the watch cache. */
  reservations: Reservations;
  /** Objects created by the apiserver itself at start (default namespaces). */
  bootstrapped: boolean;
}
