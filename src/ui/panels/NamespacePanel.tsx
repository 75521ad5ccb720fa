import { useState, type FormEvent } from 'react';
import { humanDuration } from '../../shared/index.ts';
import { useRuntime } from '../runtimeContext.ts';
import { Output } from '../actions/parts.tsx';
import { done, failed, type Outcome } from '../actions/kubectl.ts';
import { useView } from '../store.ts';
import { ageMs } from '../format.ts';
import { formatKubectlError, type StatusObject } from '../../engine/display.ts';

/** `kubectl get namespaces`, and a form to create one through the real API path. */
export function NamespacePanel() {
  const runtime = useRuntime();
  const namespaces = useView((s) => s.snapshot?.namespaces);
  const now = useView((s) => s.snapshot?.now ?? 0);
  const [name, setName] = useState('');
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | undefined>();

  function submit(e: FormEvent) {
    e.preventDefault();
    setOutcome(undefined);
    setPending(true);
    const body = { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
    runtime.request('POST', '/api/v1/namespaces', { body }, (response) => {
      setPending(false);
      const reply = response.body as { metadata?: { name?: string } };
      if (response.code < 300) {
        // kubectl's wording for a successful create.
        setOutcome(done(`namespace/${reply.metadata?.name ?? name} created`));
        setName('');
      } else {
        setOutcome(failed(formatKubectlError(response.body as StatusObject).trimEnd()));
      }
    });
  }

  return (
    <section className="card" aria-labelledby="ns-title">
      <h2 id="ns-title">Namespaces</h2>
      <p className="command" aria-hidden="true">
        $ kubectl get namespaces
      </p>
      <table className="kubectl" data-testid="namespaces">
        <thead>
          <tr>
            <th scope="col">NAME</th>
            <th scope="col">STATUS</th>
            <th scope="col">AGE</th>
          </tr>
        </thead>
        <tbody>
          {(namespaces ?? []).map((ns) => (
            <tr key={ns.metadata.name}>
              <td>{ns.metadata.name}</td>
              <td>{(ns.status as { phase?: string } | undefined)?.phase ?? ''}</td>
              <td>{humanDuration(ageMs(ns.metadata.creationTimestamp, now))}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {!namespaces?.length && (
        <p className="hint">The apiserver is starting and creating the system namespaces…</p>
      )}
      <form className="inline-form" onSubmit={submit}>
        <label htmlFor="ns-name">Create a namespace</label>
        <input
          id="ns-name"
          data-testid="namespace-name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="team-a"
          autoComplete="off"
          spellCheck={false}
        />
        <button type="submit" className="button" data-testid="create-namespace" disabled={pending}>
          Create
        </button>
      </form>
      <Output outcome={outcome} testId="namespace-result" />
    </section>
  );
}
