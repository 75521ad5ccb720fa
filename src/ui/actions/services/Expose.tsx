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
import { expose, SERVICE_TYPES, type ServiceType } from './expose.ts';

/** `kubectl expose deployment NAME --port=P --type=TYPE`: a Service in front of its pods. */
export function Expose({ deployments }: { deployments: readonly KubeObject[] }) {
  const call = useKubectl();
  const { choices, target, setTarget, chosen } = useObjectChoice(deployments);
  const [port, setPort] = useState('80');
  const [targetPort, setTargetPort] = useState('');
  const [type, setType] = useState<ServiceType>('ClusterIP');
  const [outcome, report] = useState<Outcome | undefined>();

  function submit(e: FormEvent) {
    e.preventDefault();
    void attempt(report, async () => {
      if (!chosen)
        return failed('error: You must provide one or more resources by argument or filename.');
      return expose(call, {
        namespace: chosen.namespace,
        name: chosen.name,
        port,
        targetPort,
        type,
      });
    });
  }

  const flags =
    (port.trim() ? ` --port=${port.trim()}` : '') +
    (targetPort.trim() ? ` --target-port=${targetPort.trim()}` : '') +
    (type !== 'ClusterIP' ? ` --type=${type}` : '');
  return (
    <form className="action-form" onSubmit={submit} aria-label="Expose a Deployment as a Service">
      <DeploymentSelect
        choices={choices}
        value={target}
        onChange={setTarget}
        testId="expose-target"
      />
      <TextField label="Port" testId="expose-port" value={port} onChange={setPort} numeric />
      <TextField
        label="Target port"
        placeholder="the same"
        testId="expose-target-port"
        value={targetPort}
        onChange={setTargetPort}
        spellCheck={false}
      />
      <Field label="Type">
        <select
          data-testid="expose-type"
          value={type}
          onChange={(e) => setType(e.target.value as ServiceType)}
        >
          {SERVICE_TYPES.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </Field>
      <Command>{`kubectl expose deployment ${chosen?.name ?? 'NAME'}${flags}${namespaceFlag(chosen?.namespace ?? 'default')}`}</Command>
      <button type="submit" className="button primary" data-testid="expose-submit">
        Expose
      </button>
      <Output outcome={outcome} testId="expose-result" />
    </form>
  );
}
