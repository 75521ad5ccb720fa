import { memo } from 'react';
import type { BeatView, StepNarration } from '../../runtime/narrationFeed.ts';
import { formatVirtualTime } from '../format.ts';
import { useView } from '../store.ts';
import { SchedulingTable } from './SchedulingTable.tsx';
import './narration.css';

function BeatLine({ label, beat }: { label: string; beat: BeatView }) {
  return (
    <p className="narration-beat" data-testid="narration-beat">
      <span className="narration-label">{label}</span> {beat.title}{' '}
      <span className={beat.complete ? 'beat-state done' : 'beat-state'}>
        {beat.complete ? '(done)' : '(messages still in flight)'}
      </span>
    </p>
  );
}

const Step = memo(function Step({ step }: { step: StepNarration }) {
  return (
    <article className="narration-step" data-testid="narration-step" data-seq={step.seq}>
      <p className="narration-meta">
        <span>#{step.seq}</span> <span>{formatVirtualTime(step.at)}</span>{' '}
        <span className="narration-route">
          {step.from} → {step.actor}
        </span>
      </p>
      <p className="narration-headline" data-testid="narration-headline">
        {step.headline}
      </p>
      {step.table && <SchedulingTable table={step.table} />}
      {step.details.length > 0 && (
        // Open at first; a presenter who closes it keeps it closed from step to step.
        <details className="narration-why" open>
          <summary className="narration-label">Why</summary>
          <ul className="narration-details">
            {step.details.map((d, i) => (
              <li key={i}>{d}</li>
            ))}
          </ul>
        </details>
      )}
      {step.beat && <BeatLine label="Part of:" beat={step.beat} />}
    </article>
  );
});

/**
 * The current step in plain English and why: what arrived, what the component did about it, and
 * with a scheduling step the filter and score table. Stepping shows every message; playing shows
 * the newest step worth naming and what the cluster is busy with now.
 */
export function NarrationPanel() {
  const narration = useView((s) => s.snapshot?.narration);
  const running = useView((s) => s.snapshot?.running ?? false);
  const step = narration?.steps.at(-1);
  const now = narration?.beat;
  return (
    <section className="card narration" aria-labelledby="narration-title" data-testid="narration">
      <h2 id="narration-title">What just happened</h2>
      {/* Read out each step while stepping; while playing it would talk over itself. */}
      <div aria-live={running ? 'off' : 'polite'}>
        {step ? (
          <Step step={step} />
        ) : (
          <p className="hint">
            Press Play, or Step to deliver one message at a time: each step is told here in plain
            English, with the why.
          </p>
        )}
      </div>
      {now && step?.beat?.id !== now.id && <BeatLine label="Now:" beat={now} />}
    </section>
  );
}
