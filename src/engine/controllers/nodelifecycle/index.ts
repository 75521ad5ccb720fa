/**
 * Node health: the node lifecycle controller (heartbeats, Unknown conditions, NoExecute and
 * NoSchedule taints, zone-rate-limited tainting) and the taint eviction controller that deletes
 * the pods those taints evict.
 */
export { nodeLifecycleController, type NodeLifecycleState } from './nodeLifecycleController.ts';
export { taintEvictionController, type TaintEvictionState } from './taintEvictionController.ts';
export {
  NOT_READY_TAINT_TEMPLATE,
  UNREACHABLE_TAINT_TEMPLATE,
  TAINT_NODE_NOT_READY,
  TAINT_NODE_UNREACHABLE,
  type Taint,
} from './taints.ts';
export { matchingTolerations, toleratesTaint, type Toleration } from './tolerations.ts';
