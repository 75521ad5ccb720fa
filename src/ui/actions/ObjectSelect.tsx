import type { Choice } from './choices.ts';
import { Field } from './parts.tsx';

/**
 * A labelled select of choices from the live snapshot (objects, or a pod's containers), saying so
 * when there are none yet.
 */
export function ObjectSelect({
  label,
  choices,
  value,
  onChange,
  testId,
  empty,
}: {
  label: string;
  choices: readonly Pick<Choice, 'value' | 'label'>[];
  value: string;
  onChange: (value: string) => void;
  testId: string;
  empty: string;
}) {
  return (
    <Field label={label}>
      <select data-testid={testId} value={value} onChange={(e) => onChange(e.target.value)}>
        {choices.length === 0 && <option value="">{empty}</option>}
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

export function DeploymentSelect(props: {
  choices: readonly Choice[];
  value: string;
  onChange: (value: string) => void;
  testId: string;
}) {
  return <ObjectSelect label="Deployment" empty="(no Deployments yet)" {...props} />;
}
