import { useState, type FormEvent } from 'react';
import { asObject, done, failed, serverError, succeeded } from '../kubectl.ts';
import { parseIntFlag } from '../validate.ts';
import { Command, Output, attempt, useKubectl, TextField } from '../parts.tsx';
import type { Outcome } from '../kubectl.ts';

/** kubectl create deployment names the container after the image: its last path part, no tag. */
export function containerNameFor(image: string): string {
  const last = image.split('/').pop() ?? '';
  return (last.split(':')[0] ?? '').split('@')[0]!.replace(/_/g, '-');
}

/** `kubectl create deployment NAME --image=IMAGE --replicas=N`, through the real API path. */
export function CreateDeployment() {
  const call = useKubectl();
  const [name, setName] = useState('web');
  const [image, setImage] = useState('nginx:1.27');
  const [replicas, setReplicas] = useState('3');
  const [outcome, report] = useState<Outcome | undefined>();

  function submit(e: FormEvent) {
    e.preventDefault();
    void attempt(report, async () => {
      // kubectl's own checks come first; the apiserver validates the rest (a bad name, a
      // negative count) and its error is the one a real cluster prints.
      if (name.trim() === '') return failed('error: exactly one NAME is required, got 0');
      if (image.trim() === '') return failed('error: required flag(s) "image" not set');
      const count =
        replicas.trim() === ''
          ? { ok: true as const, value: 1 }
          : parseIntFlag(replicas.trim(), '-r, --replicas', 32);
      if (!count.ok) return failed(count.error);
      const labels = { app: name };
      const body = {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name, labels },
        spec: {
          replicas: count.value,
          selector: { matchLabels: labels },
          template: {
            metadata: { labels },
            spec: { containers: [{ name: containerNameFor(image), image }] },
          },
        },
      };
      const response = await call('POST', '/apis/apps/v1/namespaces/default/deployments', { body });
      if (!succeeded(response)) return failed(serverError(response));
      return done(`deployment.apps/${asObject(response).metadata.name ?? name} created`);
    });
  }

  return (
    <form className="action-form" onSubmit={submit} aria-label="Create a Deployment">
      <TextField
        label="Name"
        testId="deploy-name"
        value={name}
        onChange={setName}
        spellCheck={false}
      />
      <TextField
        label="Image"
        testId="deploy-image"
        value={image}
        onChange={setImage}
        spellCheck={false}
      />
      <TextField
        label="Replicas"
        testId="deploy-replicas"
        value={replicas}
        onChange={setReplicas}
        numeric
      />
      <Command>{`kubectl create deployment ${name} --image=${image} --replicas=${replicas}`}</Command>
      <button type="submit" className="button primary" data-testid="create-deployment">
        Create
      </button>
      <Output outcome={outcome} testId="deploy-result" />
    </form>
  );
}
