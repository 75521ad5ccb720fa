/** Objects the ReplicaSet controller tests start from. */
import type { KubeObject } from '../../api/objects.ts';

export function replicaSet(
  name: string,
  replicas: number,
  extra: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, generation: 1 },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'web', image: 'nginx' }] },
      },
      ...extra,
    },
  };
}

export interface PodShape {
  node?: string;
  phase?: string;
  /** RFC 3339 time the pod became Ready; absent: not ready. */
  readySince?: string;
  created?: string;
  restarts?: number;
  owner?: KubeObject;
  labels?: Record<string, string>;
}

export function pod(name: string, shape: PodShape = {}): KubeObject {
  const owner = shape.owner;
  const conditions = shape.readySince
    ? [{ type: 'Ready', status: 'True', lastTransitionTime: shape.readySince }]
    : [{ type: 'Ready', status: 'False' }];
  const obj: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'default',
      uid: `uid-${name}`,
      labels: shape.labels ?? { app: owner?.metadata.name ?? 'web' },
      creationTimestamp: shape.created ?? '2026-01-01T00:00:00Z',
    },
    spec: {
      containers: [{ name: 'web', image: 'nginx' }],
      ...(shape.node ? { nodeName: shape.node } : {}),
    },
    status: {
      phase: shape.phase ?? 'Pending',
      conditions,
      containerStatuses: [{ name: 'web', restartCount: shape.restarts ?? 0 }],
    },
  };
  if (owner)
    obj.metadata.ownerReferences = [
      {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        name: owner.metadata.name ?? '',
        uid: owner.metadata.uid ?? '',
        controller: true,
        blockOwnerDeletion: true,
      },
    ];
  return obj;
}
