/** Cascading deletion through ownerReferences: background, foreground and orphan. */
export {
  MONITORED_RESOURCES,
  garbageCollector,
  type GarbageCollectorState,
} from './garbageCollector.ts';
export {
  FINALIZER_DELETE_DEPENDENTS,
  FINALIZER_ORPHAN,
  blockingDependents,
  forgetObject,
  newGraph,
  observeObject,
  type Graph,
  type GraphNode,
  type OwnerRef,
} from './graph.ts';
