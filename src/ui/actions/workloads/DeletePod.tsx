import { useState, type FormEvent } from 'react';
import type { KubeObject } from '../../../engine/index.ts';
import { done, failed, namespaceFlag, serverError, succeeded, type Outcome } from '../kubectl.ts';
import { Command, Output, attempt, useObjectChoice, useKubectl } from '../parts.tsx';
import { ObjectSelect } from '../ObjectSelect.tsx';

/** `kubectl delete pod NAME`: its ReplicaSet, if it has one, makes a new pod to replace it. */
export function DeletePod({ pods }: { pods: readonly KubeObject[] }) {
  const call = useKubectl();
  const { choices, target, setTarget, chosen } = useObjectChoice(pods);
  const [outcome, report] = useState<Outcome | undefined>();

  function submit(e: FormEvent) {
    e.preventDefault();
    void attempt(report, async () => {
      if (!chosen) return failed('error: resource(s) were provided, but no name was specified');
      // kubectl deletes without reading first, cascading in the background by default.
      const response = await call(
        'DELETE',
        `/api/v1/namespaces/${chosen.namespace}/pods/${chosen.name}`,
        {
          body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' },
        },
      );
      if (!succeeded(response)) return failed(serverError(response));
      return done(`pod "${chosen.name}" deleted`);
    });
  }

  return (
    <form className="action-form" onSubmit={submit} aria-label="Delete a pod">
      <ObjectSelect
        label="Pod"
        empty="(no pods yet)"
        choices={choices}
        value={target}
        onChange={setTarget}
        testId="delete-pod-target"
      />
      <Command>{`kubectl delete pod ${chosen?.name ?? 'NAME'}${namespaceFlag(chosen?.namespace ?? 'default')}`}</Command>
      <button type="submit" className="button primary" data-testid="delete-pod-submit">
        Delete pod
      </button>
      <Output outcome={outcome} testId="delete-pod-result" />
    </form>
  );
}
