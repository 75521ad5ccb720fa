import { useState } from 'react';
import type { TraceEvent } from '../../engine/index.ts';
import { formatVirtualTime } from '../format.ts';
import { select, useView } from '../store.ts';
import { describeLink } from './whyChain.ts';

const NO_TRACE: TraceEvent[] = [];

function objectText(e: TraceEvent): string | undefined {
  const o = e.object;
  if (!o?.name) return undefined;
  const name = o.namespace ? `${o.namespace}/${o.name}` : o.name;
  const rv = o.resourceVersion ? ` (resourceVersion ${o.resourceVersion})` : '';
  return `${o.kind ? `${o.kind} ` : ''}${name}${rv}`;
}

/**
 * One delivered message: who sent it to whom and when, what the receiver noted while handling
 * it, and the delivery that caused it to be sent, which can be inspected in turn.
 */
export function MessageInspector({ seq }: { seq: number }) {
  const trace = useView((s) => s.snapshot?.recentTrace ?? NO_TRACE);
  // The log keeps only the latest deliveries; hold on to this one once it scrolls out.
  const [kept, setKept] = useState<TraceEvent>();
  const found = trace.find((e) => e.seq === seq);
  if (found && found !== kept) setKept(found);
  const e = found ?? kept;
  if (!e) return <p className="hint">Message #{seq} is no longer in the recent trace.</p>;
  const cause = e.cause === null ? undefined : trace.find((c) => c.seq === e.cause);
  const object = objectText(e);

  return (
    <>
      <dl className="facts" data-testid="inspector-message">
        <dt>from</dt>
        <dd>{e.from}</dd>
        <dt>to</dt>
        <dd>{e.to}</dd>
        <dt>kind</dt>
        <dd>
          <code>{e.kind}</code>
        </dd>
        <dt>summary</dt>
        <dd>{e.summary}</dd>
        {object && (
          <>
            <dt>about</dt>
            <dd>{object}</dd>
          </>
        )}
        <dt>sent at</dt>
        <dd>{formatVirtualTime(e.sentAt)}</dd>
        <dt>delivered at</dt>
        <dd>
          {formatVirtualTime(e.deliverAt)} ({(e.deliverAt - e.sentAt).toFixed(3)} ms on the wire)
        </dd>
        {e.id && (
          <>
            <dt>message id</dt>
            <dd>
              <code>{e.id}</code>
            </dd>
          </>
        )}
        {e.dropped && (
          <>
            <dt>not delivered</dt>
            <dd className="status-error">{e.dropped}</dd>
          </>
        )}
        {e.error && (
          <>
            <dt>receiver crashed</dt>
            <dd className="status-error">{e.error}</dd>
          </>
        )}
      </dl>
      <h3>What {e.to} noted</h3>
      {e.notes?.length ? (
        <ul className="notes-list">
          {e.notes.map((n, i) => (
            <li key={i}>{n}</li>
          ))}
        </ul>
      ) : (
        <p className="hint">Nothing.</p>
      )}
      <h3>Cause</h3>
      {e.cause === null ? (
        <p className="hint">None: a user action, or a component starting or stopping.</p>
      ) : cause ? (
        <p data-testid="inspector-cause">
          #{cause.seq} at {formatVirtualTime(cause.deliverAt)}: {describeLink(cause)}{' '}
          <button
            type="button"
            className="link-button"
            onClick={() => select({ kind: 'message', id: String(cause.seq) })}
          >
            Inspect #{cause.seq}
          </button>
        </p>
      ) : (
        <p className="hint" data-testid="inspector-cause">
          Delivery #{e.cause}, no longer in the recent trace.
        </p>
      )}
    </>
  );
}
