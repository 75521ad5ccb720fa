import { useState, type FormEvent } from 'react';
import type { KubeObject } from '../../../engine/index.ts';
import {
  asObject,
  done,
  failed,
  namespaceFlag,
  serverError,
  statusMessage,
  succeeded,
  type Outcome,
} from '../kubectl.ts';
import { containersOf } from '../choices.ts';
import {
  Command,
  Output,
  attempt,
  useChoice,
  useKubectl,
  useObjectChoice,
  TextField,
} from '../parts.tsx';
import { DeploymentSelect, ObjectSelect } from '../ObjectSelect.tsx';

/**
 * `kubectl set image deployment/NAME CONTAINER=IMAGE`: a new pod template, so the Deployment
 * controller starts a rolling update.
 */
export function SetImage({ deployments }: { deployments: readonly KubeObject[] }) {
  const call = useKubectl();
  const { choices, target, setTarget, chosen, object } = useObjectChoice(deployments);
  const containers = containersOf(object);
  const [container, setContainer] = useChoice(containers.map((c) => c.name ?? ''));
  const [image, setImage] = useState('nginx:alpine');
  const [outcome, report] = useState<Outcome | undefined>();

  function submit(e: FormEvent) {
    e.preventDefault();
    void attempt(report, async () => {
      if (!chosen)
        return failed(
          'error: one or more resources must be specified as <resource> <name> or <resource>/<name>',
        );
      const path = `/apis/apps/v1/namespaces/${chosen.namespace}/deployments/${chosen.name}`;
      // kubectl reads the latest object, changes the image and sends the difference as a
      // strategic merge patch; a patch with nothing in it is not sent at all.
      const got = await call('GET', path);
      if (!succeeded(got)) return failed(serverError(got));
      const current = containersOf(asObject(got));
      const found = current.find((c) => c.name === container);
      if (!found)
        return failed(`error: unable to find container named ${JSON.stringify(container)}`);
      if (found.image === image)
        return done(`(no change: ${container} already runs ${image}, so kubectl sends nothing)`);
      const patched = await call('PATCH', path, {
        body: {
          spec: {
            template: {
              spec: {
                '$setElementOrder/containers': current.map((c) => ({ name: c.name })),
                containers: [{ image, name: container }],
              },
            },
          },
        },
        contentType: 'application/strategic-merge-patch+json',
      });
      if (!succeeded(patched))
        return failed(
          `error: failed to patch image update to pod template: ${statusMessage(patched)}`,
        );
      return done(`deployment.apps/${chosen.name} image updated`);
    });
  }

  return (
    <form className="action-form" onSubmit={submit} aria-label="Set a Deployment's image">
      <DeploymentSelect
        choices={choices}
        value={target}
        onChange={setTarget}
        testId="image-target"
      />
      <ObjectSelect
        label="Container"
        empty="(no containers)"
        choices={containers.map((c) => ({ value: c.name ?? '', label: `${c.name} (${c.image})` }))}
        value={container}
        onChange={setContainer}
        testId="image-container"
      />
      <TextField
        label="New image"
        testId="image-value"
        value={image}
        onChange={setImage}
        spellCheck={false}
      />
      <Command>{`kubectl set image deployment/${chosen?.name ?? 'NAME'} ${container || 'CONTAINER'}=${image}${namespaceFlag(chosen?.namespace ?? 'default')}`}</Command>
      <button type="submit" className="button primary" data-testid="image-submit">
        Set image
      </button>
      <Output outcome={outcome} testId="image-result" />
    </form>
  );
}
