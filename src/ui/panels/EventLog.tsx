import { memo } from 'react';
import { printTable, type KubeObject } from '../../engine/display.ts';

interface Props {
  /** The most recent Events (the snapshot keeps a window of them, not all history). */
  events: readonly KubeObject[];
  /** Wall-clock seconds now (for LAST SEEN). */
  now: number;
}

const COMMAND = 'kubectl get events -A';

/**
 * The order `kubectl get events` prints in: the order the apiserver lists them, which is etcd's
 * key order (/registry/events/<namespace>/<name>). kubectl sorts only when given --sort-by, so
 * Events come grouped by namespace and object (an Event's name starts with its object's name),
 * not by time: a long-standing surprise (kubernetes/kubernetes#29838).
 */
function inListOrder(events: readonly KubeObject[]): KubeObject[] {
  const key = (e: KubeObject) => `${e.metadata.namespace ?? ''}/${e.metadata.name ?? ''}`;
  return [...events].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** `kubectl get events -A`: what the components reported, in kubectl's table. */
export const EventLog = memo(function EventLog({ events, now }: Props) {
  const text = printTable('events', inListOrder(events), { now, allNamespaces: true });
  return (
    <section className="card" aria-labelledby="events-title">
      <h2 id="events-title">Events</h2>
      <p className="command" aria-hidden="true">
        $ {COMMAND}
      </p>
      <pre
        className="kubectl-output"
        data-testid="events"
        tabIndex={0}
        aria-label={`Output of ${COMMAND}`}
      >
        {text}
      </pre>
      <p className="hint">
        The latest {events.length} Events, in the order kubectl prints them: by namespace and name,
        not by time (add <code>--sort-by=.lastTimestamp</code> to a real kubectl for that).
      </p>
    </section>
  );
});
