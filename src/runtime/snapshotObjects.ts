/** The object lists a ClusterSnapshot carries, read from etcd or from a mirror of it. */
import type { KubeObject, StoreReader } from '../engine/index.ts';
import type { ClusterSnapshot } from './snapshot.ts';

export type SnapshotObjects = Pick<
  ClusterSnapshot,
  | 'revision'
  | 'namespaces'
  | 'nodes'
  | 'pods'
  | 'deployments'
  | 'services'
  | 'replicaSets'
  | 'endpointSlices'
  | 'events'
>;

/** The newest `count` events by last occurrence (the event log shows a window, not history). */
export function recentEvents(events: KubeObject[], count: number): KubeObject[] {
  const time = (e: KubeObject) =>
    String(e.lastTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp ?? '');
  return events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => (time(a.e) < time(b.e) ? -1 : time(a.e) > time(b.e) ? 1 : a.i - b.i))
    .slice(-count)
    .map(({ e }) => e);
}

export function snapshotObjects(store: StoreReader): SnapshotObjects {
  return {
    revision: store.revision(),
    namespaces: store.stored('/registry/namespaces/'),
    nodes: store.stored('/registry/minions/'),
    pods: store.stored('/registry/pods/'),
    deployments: store.stored('/registry/deployments/'),
    services: store.stored('/registry/services/specs/'),
    replicaSets: store.stored('/registry/replicasets/'),
    endpointSlices: store.stored('/registry/endpointslices/'),
    events: recentEvents(store.stored('/registry/events/'), 40),
  };
}
