import type { CacheComparison, CacheDifference, QueueView } from './componentState.ts';

/** Depth first: that is what says whether the component is behind on its work. */
export function QueueTable({ queues }: { queues: readonly QueueView[] }) {
  if (queues.length === 0) return <p className="hint">This component keeps no work queue.</p>;
  const counted = queues.some((q) => q.adds !== undefined);
  return (
    <table className="memory" data-testid="inspector-queues">
      <thead>
        <tr>
          <th scope="col">Queue</th>
          <th scope="col">Depth</th>
          {counted && (
            <>
              <th scope="col">Busy</th>
              <th scope="col">Delayed</th>
              <th scope="col">Adds / retries</th>
            </>
          )}
        </tr>
      </thead>
      <tbody>
        {queues.map((q) => (
          <tr key={q.name} data-testid={`queue-${q.name}`}>
            <th scope="row">{q.name}</th>
            <td data-testid="queue-depth">{q.depth}</td>
            {counted && (
              <>
                <td>{q.processing ?? '–'}</td>
                <td>{q.waiting ?? '–'}</td>
                <td>{q.adds === undefined ? '–' : `${q.adds} / ${q.retries ?? 0}`}</td>
              </>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function scope(c: CacheComparison): string {
  const i = c.informer;
  const parts = [
    i.namespaced ? (i.namespace ? `namespace ${i.namespace}` : 'all namespaces') : '',
    i.labelSelector ? `-l ${i.labelSelector}` : '',
    i.fieldSelector ? `--field-selector ${i.fieldSelector}` : '',
  ];
  return parts.filter(Boolean).join(', ');
}

function describeDifference(d: CacheDifference): string {
  if (d.cached === undefined) return `not cached yet; etcd has it at ${d.stored}`;
  if (d.stored === undefined) return `cached at ${d.cached}; gone from etcd`;
  return `cached at ${d.cached}; etcd has ${d.stored}`;
}

function Informer({ c }: { c: CacheComparison }) {
  const i = c.informer;
  const compared = c.etcdCount !== undefined;
  return (
    <li data-testid={`informer-${i.resource}`}>
      <div className="informer-head">
        <strong>{i.resource}</strong>
        <span className="informer-state">{i.synced ? i.phase : `${i.phase}, not synced`}</span>
      </div>
      {scope(c) && <div className="scope">{scope(c)}</div>}
      <div className="informer-counts">
        believes <b data-testid="cache-count">{i.objects.size}</b> at resourceVersion{' '}
        {i.resourceVersion || '–'}; etcd holds{' '}
        <b data-testid="etcd-count">{compared ? c.etcdCount : '?'}</b>
        {compared ? (
          c.differences.length === 0 ? (
            ', all at the same resourceVersion.'
          ) : (
            <>
              ; <span className="differ">{c.differences.length} differ:</span>
            </>
          )
        ) : (
          ' (its selector is beyond this comparison).'
        )}
      </div>
      {c.differences.length > 0 && (
        <ul className="differences" aria-label={`${i.resource} that differ`}>
          {c.differences.map((d) => (
            <li key={d.key}>
              <code>{d.key}</code>: {describeDifference(d)}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

/** Each informer: what it believes next to what etcd holds, and the objects they differ on. */
export function InformerTable({ comparisons }: { comparisons: readonly CacheComparison[] }) {
  if (comparisons.length === 0)
    return <p className="hint">This component keeps no informer cache.</p>;
  return (
    <>
      <p className="hint">
        An informer&apos;s resourceVersion is the last list or watch event it saw. It lags etcd by a
        watch&apos;s latency, so an object in flight differs for a moment.
      </p>
      <ul className="informers" data-testid="inspector-informers">
        {comparisons.map((c) => (
          <Informer key={c.informer.path} c={c} />
        ))}
      </ul>
    </>
  );
}
