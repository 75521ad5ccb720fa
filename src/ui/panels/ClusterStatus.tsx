import { useView } from '../store.ts';

export function ClusterStatus() {
  const revision = useView((s) => s.snapshot?.revision ?? 0);
  const delivered = useView((s) => s.snapshot?.delivered ?? 0);
  return (
    <section className="card" aria-labelledby="cluster-status-title">
      <h2 id="cluster-status-title">Cluster</h2>
      <dl className="stats">
        <div>
          <dt>etcd revision</dt>
          <dd data-testid="etcd-revision">{revision}</dd>
        </div>
        <div>
          <dt>Messages delivered</dt>
          <dd data-testid="delivered">{delivered}</dd>
        </div>
      </dl>
      <p className="hint">
        Every write to the cluster moves etcd's revision on by one; each object's{' '}
        <code>resourceVersion</code> is the revision of its last change.
      </p>
    </section>
  );
}
