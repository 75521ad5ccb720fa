import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster/cluster.ts';
import type { KubeList, KubeObject } from '../api/objects.ts';
import type { StatusObject } from '../api/status.ts';
import { DEFAULT_START_SECONDS } from '../../shared/time.ts';
import { formatKubectlError } from './errors.ts';
import { printTable } from './table.ts';

const PODS = '/api/v1/namespaces/default/pods';
const DEPLOYMENTS = '/apis/apps/v1/namespaces/default/deployments';

describe('printing what a real cluster returns', () => {
  it('prints a pod and a deployment created through the apiserver', () => {
    const cluster = new Cluster({ seed: 7 });
    cluster.sequencer.runFor(50);
    expect(
      cluster.call('POST', PODS, {
        body: {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'web', labels: { app: 'web' } },
          spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
        },
      }).code,
    ).toBe(201);
    expect(
      cluster.call('POST', DEPLOYMENTS, {
        body: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'web' },
          spec: {
            replicas: 3,
            selector: { matchLabels: { app: 'web' } },
            template: {
              metadata: { labels: { app: 'web' } },
              spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
            },
          },
        },
      }).code,
    ).toBe(201);
    // Let 90 virtual seconds pass so AGE has something to show.
    cluster.sequencer.runFor(90_000);
    const now = DEFAULT_START_SECONDS + cluster.sequencer.now / 1000;

    const pods = cluster.call('GET', PODS).body as KubeList;
    expect(printTable('pods', pods.items, { now, showLabels: true })).toBe(
      'NAME   READY   STATUS    RESTARTS   AGE   LABELS\n' +
        'web    0/1     Pending   0          90s   app=web\n',
    );

    const deployments = cluster.call('GET', DEPLOYMENTS).body as KubeList;
    expect(printTable('deployments', deployments.items, { now, wide: true })).toBe(
      'NAME   READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS   IMAGES       SELECTOR\n' +
        'web    0/3     0            0           90s   web          nginx:1.27   app=web\n',
    );

    const one = cluster.call('GET', `${DEPLOYMENTS}/web`).body as KubeObject;
    expect(printTable('deploy', [one], { now, noHeaders: true })).toBe(
      'web   0/3   0     0     90s\n',
    );
  });

  it("prints the apiserver's own errors as kubectl does", () => {
    const cluster = new Cluster({ seed: 7 });
    cluster.sequencer.runFor(50);
    const missing = cluster.call('GET', `${PODS}/nope`);
    expect(formatKubectlError(missing.body as StatusObject)).toBe(
      'Error from server (NotFound): pods "nope" not found\n',
    );
    const invalid = cluster.call('POST', PODS, {
      body: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'bad' },
        spec: { containers: [{ name: 'c' }] },
      },
    });
    expect(invalid.code).toBe(422);
    expect(formatKubectlError(invalid.body as StatusObject)).toMatch(/^The Pod "bad" is invalid: /);
  });
});
