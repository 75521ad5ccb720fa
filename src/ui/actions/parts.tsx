/** The small pieces every action form is built from. */
import { useMemo, useState, type ReactNode } from 'react';
import type { KubeObject } from '../../engine/index.ts';
import { useRuntime } from '../runtimeContext.ts';
import { objectChoices, type Choice } from './choices.ts';
import { caller, type Call, type Outcome } from './kubectl.ts';
import './actions.css';

/** How a form hands its result to its output (undefined clears it). */
export type Report = (outcome: Outcome | undefined) => void;

export function useKubectl(): Call {
  const runtime = useRuntime();
  return useMemo(() => caller(runtime), [runtime]);
}

/**
 * A select's value that follows the live list: the learner's pick while it exists, else the
 * first entry (a deleted pod leaves the list, and the select must not point at nothing).
 */
export function useChoice(values: readonly string[]): [string, (value: string) => void] {
  const [chosen, setChosen] = useState('');
  return [values.includes(chosen) ? chosen : (values[0] ?? ''), setChosen];
}

/** A select of live objects: their choices, the one picked (useChoice) and the object itself. */
export function useObjectChoice(objects: readonly KubeObject[]): {
  choices: Choice[];
  target: string;
  setTarget: (value: string) => void;
  chosen: Choice | undefined;
  object: KubeObject | undefined;
} {
  const choices = objectChoices(objects);
  const [target, setTarget] = useChoice(choices.map((c) => c.value));
  const index = choices.findIndex((c) => c.value === target);
  return {
    choices,
    target,
    setTarget,
    chosen: choices[index],
    object: index < 0 ? undefined : objects[index],
  };
}

export function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      {children}
    </label>
  );
}

/**
 * A labelled text box as kubectl's flags take them: never autocompleted, and for names and
 * images never spell-checked (`numeric` brings up a number pad on touch screens).
 */
export function TextField(props: {
  label: string;
  testId: string;
  value: string;
  onChange: (value: string) => void;
  numeric?: boolean;
  spellCheck?: boolean;
  /** What an empty box means, e.g. the flag's default. */
  placeholder?: string;
}) {
  return (
    <Field label={props.label}>
      <input
        data-testid={props.testId}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        {...(props.numeric ? { inputMode: 'numeric' as const } : {})}
        {...(props.placeholder ? { placeholder: props.placeholder } : {})}
        autoComplete="off"
        {...(props.spellCheck === false ? { spellCheck: false } : {})}
      />
    </Field>
  );
}

/** The command the form stands for, so a learner can type it against a real cluster. */
export function Command({ children }: { children: string }) {
  return (
    <p className="action-command">
      {/* Lines break between words only, never inside a flag such as --image=nginx. */}
      <code>
        {`$ ${children}`.split(' ').map((word, i) => (
          <span key={i}>
            {i > 0 && ' '}
            <span className="word">{word}</span>
          </span>
        ))}
      </code>
    </p>
  );
}

/** What the last command printed: kubectl's stdout in green, its stderr in red. */
export function Output({ outcome, testId }: { outcome: Outcome | undefined; testId: string }) {
  // The live region stays in the page so screen readers announce each new result.
  return (
    <div
      role="status"
      aria-live="polite"
      className={`action-output${outcome ? (outcome.ok ? ' ok' : ' error') : ''}`}
      data-testid={testId}
    >
      {outcome?.lines.join('\n')}
    </div>
  );
}

/**
 * Runs a command: clears the last output, then shows what the command printed, turning a thrown
 * error (a cluster action refused) into stderr.
 */
export async function attempt(report: Report, run: () => Promise<Outcome>): Promise<void> {
  report(undefined);
  try {
    report(await run());
  } catch (err) {
    report({ ok: false, lines: [`error: ${err instanceof Error ? err.message : String(err)}`] });
  }
}
