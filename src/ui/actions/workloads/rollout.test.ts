import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../engine/index.ts';
import { kubectlCluster } from '../kubectlCluster.testdata.ts';
import { rolloutHistory, rolloutPause, rolloutUndo } from './rollout.ts';

const labels = { app: 'web' };
const web = { namespace: 'default', name: 'web' };
const PATH = '/apis/apps/v1/namespaces/default/deployments/web';

function withDeployment() {
  const k = kubectlCluster();
  k.c.call('POST', '/apis/apps/v1/namespaces/default/deployments', {
    body: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        replicas: 2,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] },
        },
      },
    },
  });
  const deployment = () => k.c.stored('/registry/deployments/default/web')[0]!;
  const imageOf = (o: KubeObject) =>
    (o.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec
      .containers[0]!.image;
  const replicaSets = () => k.c.stored('/registry/replicasets/default/');
  const revisionOf = (image: string) =>
    replicaSets().find((rs) => imageOf(rs) === image)?.metadata.annotations?.[
      'deployment.kubernetes.io/revision'
    ];
  /** Runs until every pod of the Deployment runs this image and no other pod is left. */
  const rolledOutTo = (image: string) =>
    k.until(() => {
      const pods = k.c.stored('/registry/pods/default/');
      const running = k.running('web-');
      return (
        pods.length === 2 &&
        running.length === 2 &&
        running.every(
          (p) => (p.spec as { containers: { image: string }[] }).containers[0]!.image === image,
        )
      );
    }, 120_000);
  const setImage = (image: string) =>
    k.c.call('PATCH', PATH, {
      body: { spec: { template: { spec: { containers: [{ name: 'nginx', image }] } } } },
      contentType: 'application/strategic-merge-patch+json',
    });
  rolledOutTo('nginx:1.27');
  return { ...k, deployment, imageOf, revisionOf, rolledOutTo, setImage };
}

describe('kubectl rollout undo, pause, resume and history', () => {
  it('rolls back to the previous revision, whose ReplicaSet takes the next revision number', async () => {
    const k = withDeployment();
    expect(await rolloutUndo(k.call, web)).toEqual({
      ok: false,
      lines: ['error: no rollout history found for deployment "web"'],
    });

    expect(k.setImage('nginx:1.26').code).toBe(200);
    k.rolledOutTo('nginx:1.26');
    expect(await rolloutHistory(k.call, web)).toEqual({
      ok: true,
      lines: [
        'deployment.apps/web ',
        'REVISION   CHANGE-CAUSE',
        '1          <none>',
        '2          <none>',
      ],
    });

    const mark = k.c.sequencer.trace.length;
    expect(await rolloutUndo(k.call, web)).toEqual({
      ok: true,
      lines: ['deployment.apps/web rolled back'],
    });
    // kubectl's requests: the builder's GET, the rollbacker's GET, the ReplicaSet list, one patch.
    const sent = k.c.sequencer.trace
      .slice(mark)
      .filter((e) => e.from === 'kubectl' && e.to === 'kube-apiserver')
      .map((e) => e.summary);
    expect(sent).toEqual([
      `GET ${PATH}`,
      `GET ${PATH}`,
      'GET /apis/apps/v1/namespaces/default/replicasets?labelSelector=app=web',
      `PATCH ${PATH}`,
    ]);
    expect(k.imageOf(k.deployment())).toBe('nginx:1.27');
    k.rolledOutTo('nginx:1.27');
    // The controller reuses revision 1's ReplicaSet and gives it revision 3.
    expect(k.revisionOf('nginx:1.27')).toBe('3');
    expect(k.revisionOf('nginx:1.26')).toBe('2');
    expect(k.deployment().metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
    expect(
      (k.deployment().spec as { template: { metadata: { labels: object } } }).template.metadata
        .labels,
    ).toEqual(labels);
    expect((await rolloutHistory(k.call, web)).lines.slice(2)).toEqual([
      '2          <none>',
      '3          <none>',
    ]);

    // To a named revision; and to one that is already the template.
    expect(await rolloutUndo(k.call, web, 9)).toEqual({
      ok: false,
      lines: ['error: unable to find specified revision 9 in history'],
    });
    expect(await rolloutUndo(k.call, web, 3)).toEqual({
      ok: true,
      lines: ['deployment.apps/web skipped rollback (current template already matches revision 3)'],
    });
    expect((await rolloutUndo(k.call, web, 2)).lines).toEqual(['deployment.apps/web rolled back']);
    k.rolledOutTo('nginx:1.26');
    expect(k.revisionOf('nginx:1.26')).toBe('4');
  });

  it('pauses and resumes once each, and refuses to roll back a paused Deployment', async () => {
    const k = withDeployment();
    expect(await rolloutPause(k.call, web, true)).toEqual({
      ok: true,
      lines: ['deployment.apps/web paused'],
    });
    expect(await rolloutPause(k.call, web, true)).toEqual({
      ok: false,
      lines: ['error: deployments.apps "web" is already paused'],
    });
    expect((k.deployment().spec as { paused?: boolean }).paused).toBe(true);

    // A template change while paused starts no rollout.
    k.setImage('nginx:1.26');
    k.c.sequencer.runFor(20_000);
    expect(k.revisionOf('nginx:1.26')).toBeUndefined();
    expect(await rolloutUndo(k.call, web)).toEqual({
      ok: false,
      lines: ['error: no rollout history found for deployment "web"'],
    });

    expect(await rolloutPause(k.call, web, false)).toEqual({
      ok: true,
      lines: ['deployment.apps/web resumed'],
    });
    expect((k.deployment().spec as { paused?: boolean }).paused).toBeUndefined();
    expect(await rolloutPause(k.call, web, false)).toEqual({
      ok: false,
      lines: ['error: deployments.apps "web" is not paused'],
    });
    k.rolledOutTo('nginx:1.26');
    expect(k.revisionOf('nginx:1.26')).toBe('2');

    await rolloutPause(k.call, web, true);
    expect(await rolloutUndo(k.call, web)).toEqual({
      ok: false,
      lines: [
        "error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume deployment/web' and try again",
      ],
    });
  });

  it('prints the API error for a Deployment that does not exist', async () => {
    const k = kubectlCluster();
    const missing = { namespace: 'default', name: 'nope' };
    const notFound = ['Error from server (NotFound): deployments.apps "nope" not found'];
    expect((await rolloutUndo(k.call, missing)).lines).toEqual(notFound);
    expect((await rolloutPause(k.call, missing, true)).lines).toEqual(notFound);
    expect((await rolloutHistory(k.call, missing)).lines).toEqual(notFound);
  });
});
