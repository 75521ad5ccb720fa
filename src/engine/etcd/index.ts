/** etcd: the MVCC store, its watches, and the component that serves them. */
export * from './protocol.ts';
export {
  ErrCompacted,
  ErrDuplicateKey,
  ErrEmptyKey,
  ErrFutureRev,
  ErrRequestTooLarge,
  ErrTooManyOps,
  type EtcdResult,
} from './errors.ts';
export { inRange, isSingleKey, keysInRange } from './keyRange.ts';
export { checkRequest, DEFAULT_LIMITS, requestBytes, type EtcdLimits } from './limits.ts';
export {
  createStore,
  deleteRange,
  kvAt,
  latestKv,
  put,
  range,
  rangeKeys,
  type KeyVersion,
  type MvccStore,
  type RevisionEvents,
} from './mvcc.ts';
export { compareHolds, describeCompare, txn } from './txn.ts';
export { compact } from './compact.ts';
export { createWatcher, eventsFor, notifyWatcher, type Watcher, type WatchStart } from './watch.ts';
export { etcd, type EtcdConfig, type EtcdState } from './etcdServer.ts';
