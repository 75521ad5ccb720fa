/** Emptying and finalizing terminating namespaces. */
export {
  FINALIZER_KUBERNETES,
  NAMESPACED_RESOURCES,
  namespaceController,
  type NamespaceState,
} from './namespaceController.ts';
export { failureConditions, updateConditions, type NamespaceCondition } from './conditions.ts';
