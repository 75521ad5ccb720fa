import { useView } from '../store.ts';
import { formatVirtualTime } from '../format.ts';

/** The latest messages between components: the trace, newest first. */
export function MessageLog() {
  const trace = useView((s) => s.snapshot?.recentTrace);
  const events = [...(trace ?? [])].reverse();
  return (
    <section className="card log" aria-labelledby="log-title">
      <h2 id="log-title">Messages</h2>
      <p className="hint">
        Each line is one message delivered between two components, in virtual time. Components talk
        only through these.
      </p>
      <ol className="trace" data-testid="trace">
        {events.map((e) => (
          <li key={e.seq} className={e.dropped ? 'dropped' : undefined}>
            <span className="seq">#{e.seq}</span>
            <span className="time">{formatVirtualTime(e.deliverAt)}</span>
            <span className="route">
              {e.from} → {e.to}
            </span>
            <span className="summary">{e.summary}</span>
            {e.notes && (
              <ul className="notes">
                {e.notes.map((n, i) => (
                  <li key={i}>{n}</li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
