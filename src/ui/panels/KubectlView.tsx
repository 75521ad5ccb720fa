import { memo } from 'react';
import { printTable, type KubeObject } from '../../engine/display.ts';

interface Props {
  title: string;
  /** The command this view is the output of, shown above it. */
  command: string;
  resource: string;
  objects: readonly KubeObject[];
  /** Wall-clock seconds now (for AGE). */
  now: number;
  wide?: boolean;
  allNamespaces?: boolean;
  testId: string;
}

/** What kubectl would print for a resource, refreshed as the cluster changes. */
export const KubectlView = memo(function KubectlView({
  title,
  command,
  resource,
  objects,
  now,
  wide,
  allNamespaces,
  testId,
}: Props) {
  const text = printTable(resource, objects, {
    now,
    wide: wide ?? false,
    allNamespaces: allNamespaces ?? false,
    namespace: 'default',
  });
  const id = `${testId}-title`;
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <p className="command" aria-hidden="true">
        $ {command}
      </p>
      {/* Focusable so it scrolls from the keyboard; a region, so its name is announced. */}
      <pre
        className="kubectl-output"
        data-testid={testId}
        tabIndex={0}
        role="region"
        aria-label={`Output of ${command}`}
      >
        {text}
      </pre>
    </section>
  );
});
