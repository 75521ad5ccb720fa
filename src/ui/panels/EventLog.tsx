import { memo } from 'react';
import { kubectlEvents, type KubeObject } from '../../engine/index.ts';

interface Props {
  events: readonly KubeObject[];
  /** Wall-clock seconds now (for LAST SEEN). */
  now: number;
}

/** `kubectl events -A`: what the components reported, newest last. */
export const EventLog = memo(function EventLog({ events, now }: Props) {
  const out = kubectlEvents(events, { now, allNamespaces: true });
  return (
    <section className="card" aria-labelledby="events-title">
      <h2 id="events-title">Events</h2>
      <p className="command" aria-hidden="true">
        $ kubectl events -A
      </p>
      <pre
        className="kubectl-output"
        data-testid="events"
        tabIndex={0}
        aria-label="Output of kubectl events -A"
      >
        {out.stdout || out.stderr}
      </pre>
    </section>
  );
});
