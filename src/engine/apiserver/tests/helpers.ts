import { Cluster } from '../../cluster/cluster.ts';
import type { KubeObject } from '../../api/objects.ts';

export const PODS = '/api/v1/namespaces/default/pods';
export const DEPLOYMENTS = '/apis/apps/v1/namespaces/default/deployments';

export function pod(name: string, extra: Partial<KubeObject> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] },
    ...extra,
  };
}

export function deployment(name: string, replicas: unknown = 3): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'web', image: 'nginx' }] },
      },
    },
  };
}

/** A cluster whose apiserver has finished starting (cache filled, system namespaces created). */
export function startedCluster(seed = 1): Cluster {
  const cluster = new Cluster({ seed });
  cluster.sequencer.runFor(50);
  return cluster;
}

export function body<T = KubeObject>(r: { body: unknown }): T {
  return r.body as T;
}
