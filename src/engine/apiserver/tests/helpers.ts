import { Cluster } from '../../cluster/cluster.ts';
import type { KubeObject } from '../../api/objects.ts';
import { deployment as testDeployment } from '../../testing/objects.ts';

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

/** The Deployment these tests post: 3 replicas of the untagged nginx image unless told. */
export function deployment(name: string, replicas: unknown = 3): KubeObject {
  return testDeployment(name, replicas, { image: 'nginx' });
}

/** A cluster whose apiserver has finished starting (cache filled, system namespaces created). */
export function startedCluster(seed = 1): Cluster {
  const cluster = new Cluster({ seed });
  cluster.sequencer.runFor(50);
  return cluster;
}

/** Binds a pod to a node as the scheduler does (POST pods/<name>/binding). */
export function bindPod(c: Cluster, name: string, node: string): void {
  c.call('POST', `${PODS}/${name}/binding`, {
    body: {
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { name },
      target: { kind: 'Node', name: node },
    },
  });
}

export function body<T = KubeObject>(r: { body: unknown }): T {
  return r.body as T;
}
