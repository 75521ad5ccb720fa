/**
 * What the Deployment controller and kubectl both know about a Deployment's pod templates: the
 * label that tells one ReplicaSet's pods from another's, and template equality ignoring it.
 * kubectl's `rollout undo` compares templates exactly as the controller does.
 */
import { deepEqual } from '../../shared/index.ts';

/** apps/v1 DefaultDeploymentUniqueLabelKey. */
export const DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY = 'pod-template-hash';

/**
 * EqualIgnoreHash: pod templates equal apart from the pod-template-hash label (an empty label
 * map and a missing one are the same, as Semantic.DeepEqual treats them after the delete).
 */
export function equalIgnoreHash(t1: unknown, t2: unknown): boolean {
  const strip = (t: unknown) => {
    const copy = structuredClone((t ?? {}) as { metadata?: { labels?: Record<string, string> } });
    if (copy.metadata?.labels) {
      delete copy.metadata.labels[DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY];
      if (Object.keys(copy.metadata.labels).length === 0) delete copy.metadata.labels;
    }
    if (copy.metadata && Object.keys(copy.metadata).length === 0) delete copy.metadata;
    return copy;
  };
  return deepEqual(strip(t1), strip(t2));
}
