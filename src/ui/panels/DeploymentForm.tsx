import { useState, type FormEvent } from 'react';
import { formatKubectlError, type StatusObject } from '../../engine/index.ts';
import { useRuntime } from '../runtimeContext.ts';
import { ResultMessage, type Result } from './ResultMessage.tsx';

/** `kubectl create deployment NAME --image=IMAGE --replicas=N`, through the real API path. */
export function DeploymentForm() {
  const runtime = useRuntime();
  const [name, setName] = useState('web');
  const [image, setImage] = useState('nginx:1.27');
  const [replicas, setReplicas] = useState('3');
  const [message, setMessage] = useState<Result | undefined>();

  function submit(e: FormEvent) {
    e.preventDefault();
    setMessage(undefined);
    // kubectl create deployment builds this object; the apiserver validates what it gets, so a
    // bad name or replica count comes back as the real error.
    const count = replicas.trim() === '' ? 1 : Number(replicas);
    const body = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, labels: { app: name } },
      spec: {
        replicas: Number.isNaN(count) ? replicas : count,
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels: { app: name } },
          spec: { containers: [{ name: image.split(/[/:@]/).slice(-2, -1)[0] || 'app', image }] },
        },
      },
    };
    runtime.request(
      'POST',
      '/apis/apps/v1/namespaces/default/deployments',
      { body },
      (response) => {
        if (response.code < 300) setMessage({ ok: true, text: `deployment.apps/${name} created` });
        else
          setMessage({
            ok: false,
            text: formatKubectlError(response.body as StatusObject).trimEnd(),
          });
      },
    );
  }

  return (
    <section className="card" aria-labelledby="deploy-title">
      <h2 id="deploy-title">Create a Deployment</h2>
      <form className="stacked-form" onSubmit={submit}>
        <label>
          Name
          <input
            data-testid="deploy-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            autoComplete="off"
            spellCheck={false}
          />
        </label>
        <label>
          Image
          <input
            data-testid="deploy-image"
            value={image}
            onChange={(e) => setImage(e.target.value)}
            autoComplete="off"
            spellCheck={false}
          />
        </label>
        <label>
          Replicas
          <input
            data-testid="deploy-replicas"
            value={replicas}
            onChange={(e) => setReplicas(e.target.value)}
            inputMode="numeric"
            autoComplete="off"
          />
        </label>
        <button type="submit" className="button primary" data-testid="create-deployment">
          Create
        </button>
      </form>
      <ResultMessage result={message} testId="deploy-result" />
    </section>
  );
}
