import type { TraceEvent } from '../../engine/index.ts';
import { select, useView } from '../store.ts';
import { formatVirtualTime } from '../format.ts';
import './messageLog.css';

/**
 * The latest messages between components: the trace, newest first. Each message is a button
 * that opens it in the inspector (its notes, timing and cause).
 */
export function MessageLog({ trace }: { trace: readonly TraceEvent[] }) {
  const selected = useView((s) => (s.selection?.kind === 'message' ? s.selection.id : undefined));
  const events = [...trace].reverse();
  return (
    <section className="card log" aria-labelledby="log-title">
      <h2 id="log-title">Messages</h2>
      <p className="hint">
        Each line is one message delivered between two components, in virtual time. Components talk
        only through these. Choose one to inspect it.
      </p>
      {/* Scrolls on its own, so it takes focus to be scrolled from the keyboard. */}
      <ol className="trace" data-testid="trace" tabIndex={0} aria-label="Messages, newest first">
        {events.map((e) => {
          const classes = [e.dropped ? 'dropped' : '', String(e.seq) === selected ? 'selected' : '']
            .filter(Boolean)
            .join(' ');
          return (
            <li
              key={e.seq}
              className={classes || undefined}
              aria-current={String(e.seq) === selected ? 'true' : undefined}
            >
              <button
                type="button"
                className="trace-row"
                data-testid="trace-row"
                data-seq={e.seq}
                onClick={() => select({ kind: 'message', id: String(e.seq) })}
              >
                <span className="seq">#{e.seq}</span>
                <span className="time">{formatVirtualTime(e.deliverAt)}</span>
                <span className="route">
                  {e.from} → {e.to}
                </span>
                <span className="summary">{e.summary}</span>
              </button>
              {e.notes && (
                <ul className="notes">
                  {e.notes.map((n, i) => (
                    <li key={i}>{n}</li>
                  ))}
                </ul>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
