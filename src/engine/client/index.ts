/**
 * The client library controllers, the scheduler and the kubelet use, shaped after client-go:
 * a typed REST client (requests, verbs, errors), informers (Reflector + Indexer + Lister) and
 * the rate-limited work queue. Everything is plain data plus functions over it; a component
 * keeps these states in its own state and passes each message it receives to them.
 *
 * Objects from an informer or a Lister are the cache's own and shared: never change them;
 * deepCopy first.
 */
export { resolveResource, type ResourceRef } from './resourceRef.ts';
export {
  APISERVER,
  DEFAULT_REQUEST_TIMEOUT_MS,
  buildRequest,
  clientHandle,
  clientTimerName,
  newClient,
  pendingCount,
  sendRequest,
  sweepTimeouts,
  takeResponse,
  type ClientConfig,
  type ClientResponse,
  type ClientState,
  type PendingRequest,
  type RequestOptions,
  type RequestSpec,
  type RequestVerb,
} from './requests.ts';
export {
  sendCreate,
  sendDelete,
  sendGet,
  sendList,
  sendPatch,
  sendUpdate,
  sendUpdateStatus,
  type DeleteOptions,
  type ListOptions,
  type PatchOptions,
} from './verbs.ts';
export {
  isAlreadyExists,
  isConflict,
  isForbidden,
  isInvalid,
  isNotFound,
  isResourceExpired,
  isSuccess,
  isTimeout,
  isTooManyRequests,
  messageOf,
  reasonOf,
  type Reply,
} from './errors.ts';
export {
  NAMESPACE_INDEX,
  indexValues,
  indexerByIndex,
  indexerGet,
  indexerIndexKeys,
  indexerIndexValues,
  indexerList,
  newIndexer,
  storeKey,
  type IndexSpec,
  type IndexerState,
} from './indexer.ts';
export { REFLECTOR_BACKOFF, type BackoffSpec } from './backoff.ts';
export {
  DEFAULT_REFLECTOR_OPTIONS,
  type ReflectorOptions,
  type ReflectorPhase,
  type ReflectorState,
} from './reflectorState.ts';
export {
  hasSynced,
  informerHandle,
  informersHandle,
  lastSyncResourceVersion,
  newInformer,
  startInformer,
  stopInformer,
  type Informer,
  type InformerConfig,
  type InformerEvent,
} from './informer.ts';
export { Lister, listerByIndex, listerGet, listerList, type ListerListOptions } from './lister.ts';
export {
  DEFAULT_CONTROLLER_RATE_LIMITER,
  type RateLimiterSpec,
  type RateLimiterState,
} from './rateLimiter.ts';
export {
  WorkQueue,
  newWorkQueue,
  queueAdd,
  queueAddAfter,
  queueAddRateLimited,
  queueDone,
  queueForget,
  queueGet,
  queueLen,
  queueNumRequeues,
  workQueueHandle,
  type WorkQueueConfig,
  type WorkQueueState,
} from './workqueue.ts';
export {
  newEventRecorder,
  recordEvent,
  involvedObjectOf,
  type EventRecorderState,
  type EventSource,
  type EventType,
} from './events.ts';
