import { useState, type FormEvent } from 'react';
import type { KubeObject } from '../../../engine/index.ts';
import { done, failed, namespaceFlag, serverError, succeeded, type Outcome } from '../kubectl.ts';
import { parseIntFlag } from '../validate.ts';
import { Command, Output, attempt, useObjectChoice, useKubectl, TextField } from '../parts.tsx';
import { DeploymentSelect } from '../ObjectSelect.tsx';

/** `kubectl scale deployment NAME --replicas=N`: a merge patch on the scale subresource. */
export function ScaleDeployment({ deployments }: { deployments: readonly KubeObject[] }) {
  const call = useKubectl();
  const { choices, target, setTarget, chosen } = useObjectChoice(deployments);
  const [replicas, setReplicas] = useState('5');
  const [outcome, report] = useState<Outcome | undefined>();

  function submit(e: FormEvent) {
    e.preventDefault();
    void attempt(report, async () => {
      if (!chosen) return failed('error: you must specify the name of the resource to scale');
      // pflag parses --replicas as an int; kubectl then refuses anything below 0.
      const count =
        replicas.trim() === ''
          ? { ok: true as const, value: -1 }
          : parseIntFlag(replicas.trim(), '--replicas', 64);
      if (!count.ok) return failed(count.error);
      if (count.value < 0)
        return failed(
          'error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0',
        );
      const path = `/apis/apps/v1/namespaces/${chosen.namespace}/deployments/${chosen.name}`;
      // kubectl reads the object first (its resource builder), then patches the scale.
      const got = await call('GET', path);
      if (!succeeded(got)) return failed(serverError(got));
      const patched = await call('PATCH', `${path}/scale`, {
        body: { spec: { replicas: count.value } },
        contentType: 'application/merge-patch+json',
      });
      if (!succeeded(patched)) return failed(serverError(patched));
      return done(`deployment.apps/${chosen.name} scaled`);
    });
  }

  return (
    <form className="action-form" onSubmit={submit} aria-label="Scale a Deployment">
      <DeploymentSelect
        choices={choices}
        value={target}
        onChange={setTarget}
        testId="scale-target"
      />
      <TextField
        label="Replicas"
        testId="scale-replicas"
        value={replicas}
        onChange={setReplicas}
        numeric
      />
      <Command>{`kubectl scale deployment ${chosen?.name ?? 'NAME'} --replicas=${replicas}${namespaceFlag(chosen?.namespace ?? 'default')}`}</Command>
      <button type="submit" className="button primary" data-testid="scale-submit">
        Scale
      </button>
      <Output outcome={outcome} testId="scale-result" />
    </form>
  );
}
