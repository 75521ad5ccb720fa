import { useState, type FormEvent } from 'react';
import { failed, type Outcome } from './kubectl.ts';
import { parseSeed } from './validate.ts';
import { Output, TextField } from './parts.tsx';

/** The page's URL with another seed, every other boot option kept. */
export function urlWithSeed(href: string, seed: number): string {
  const url = new URL(href);
  url.searchParams.set('seed', String(seed));
  return url.toString();
}

/** Starts the cluster over from a seed: same seed and same actions, same run. */
export function RunActions() {
  // As main.tsx reads it: a missing or unreadable seed boots with 1.
  const current = String(Number(new URLSearchParams(location.search).get('seed') ?? 1) || 1);
  const [seed, setSeed] = useState(current);
  const [outcome, report] = useState<Outcome | undefined>();

  function submit(e: FormEvent) {
    e.preventDefault();
    const parsed = parseSeed(seed);
    if (!parsed.ok) return report(failed(parsed.error));
    location.assign(urlWithSeed(location.href, parsed.value));
  }

  return (
    <form className="action-form" onSubmit={submit} aria-label="Reset the cluster">
      <TextField label="Seed" testId="seed-input" value={seed} onChange={setSeed} numeric />
      <p className="hint">
        A new cluster from this seed (now {current}). The same seed and the same actions at the same
        virtual times give the same run, message for message.
      </p>
      <button type="submit" className="button primary" data-testid="seed-reset">
        Reset
      </button>
      <Output outcome={outcome} testId="seed-result" />
    </form>
  );
}
