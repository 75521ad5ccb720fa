import { useState, type FormEvent } from 'react';
import type { KubeObject } from '../../../engine/index.ts';
import { failed, namespaceFlag, type Outcome } from '../kubectl.ts';
import { DeploymentSelect } from '../ObjectSelect.tsx';
import {
  Command,
  Field,
  Output,
  TextField,
  attempt,
  useKubectl,
  useObjectChoice,
} from '../parts.tsx';
import { parseIntFlag } from '../validate.ts';
import { rolloutHistory, rolloutPause, rolloutUndo } from './rollout.ts';

const VERBS = {
  history: 'history',
  undo: 'undo (roll back)',
  pause: 'pause',
  resume: 'resume',
} as const;

type Verb = keyof typeof VERBS;

/**
 * `kubectl rollout history | undo | pause | resume`: a rollback writes an old ReplicaSet's pod
 * template back into the Deployment; a paused Deployment takes template changes without rolling
 * them out until it is resumed.
 */
export function Rollout({ deployments }: { deployments: readonly KubeObject[] }) {
  const call = useKubectl();
  const { choices, target, setTarget, chosen } = useObjectChoice(deployments);
  const [verb, setVerb] = useState<Verb>('history');
  const [revision, setRevision] = useState('');
  const [outcome, report] = useState<Outcome | undefined>();
  const toRevision = revision.trim();

  function submit(e: FormEvent) {
    e.preventDefault();
    void attempt(report, async () => {
      if (!chosen) return failed('error: required resource not specified');
      switch (verb) {
        case 'history':
          return rolloutHistory(call, chosen);
        case 'undo': {
          const parsed =
            toRevision === ''
              ? { ok: true as const, value: 0 }
              : parseIntFlag(toRevision, '--to-revision', 64);
          if (!parsed.ok) return failed(parsed.error);
          return rolloutUndo(call, chosen, parsed.value);
        }
        case 'pause':
        case 'resume':
          return rolloutPause(call, chosen, verb === 'pause');
      }
    });
  }

  const flag = verb === 'undo' && toRevision !== '' ? ` --to-revision=${toRevision}` : '';
  return (
    <form className="action-form" onSubmit={submit} aria-label="Roll out a Deployment">
      <DeploymentSelect
        choices={choices}
        value={target}
        onChange={setTarget}
        testId="rollout-target"
      />
      <Field label="Command">
        <select
          data-testid="rollout-verb"
          value={verb}
          onChange={(e) => setVerb(e.target.value as Verb)}
        >
          {Object.entries(VERBS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </Field>
      {verb === 'undo' && (
        <TextField
          label="To revision"
          placeholder="the previous one"
          testId="rollout-revision"
          value={revision}
          onChange={setRevision}
          numeric
        />
      )}
      <Command>{`kubectl rollout ${verb} deployment/${chosen?.name ?? 'NAME'}${flag}${namespaceFlag(chosen?.namespace ?? 'default')}`}</Command>
      <button type="submit" className="button primary" data-testid="rollout-submit">
        Run
      </button>
      <Output outcome={outcome} testId="rollout-result" />
    </form>
  );
}
