/** The DaemonSet controller alone in a cluster, with the test playing the scheduler and kubelet. */
import type { KubeList, KubeObject } from '../../api/objects.ts';
import { controllerCluster, must } from '../../testing/controllerCluster.ts';
import { daemonSetController } from './index.ts';
import type { DaemonSetStatus } from './status.ts';

export const PODS = '/api/v1/namespaces/kube-system/pods';
export const DS = '/apis/apps/v1/namespaces/kube-system/daemonsets';

export function setup() {
  const cluster = controllerCluster(3, [daemonSetController]);
  /** A node as the node lifecycle controller leaves it once Ready: TaintNodesByCondition's not-ready taint gone. */
  const addNode = (name: string, taints?: unknown[]) => {
    must(
      cluster.call('POST', '/api/v1/nodes', {
        body: {
          apiVersion: 'v1',
          kind: 'Node',
          metadata: { name, labels: { 'kubernetes.io/hostname': name } },
        },
      }),
      201,
    );
    must(
      cluster.call('PATCH', `/api/v1/nodes/${name}`, {
        contentType: 'application/merge-patch+json',
        body: { spec: { taints: taints ?? null } },
      }),
      200,
    );
  };
  const pods = () => (must(cluster.call('GET', PODS), 200) as unknown as KubeList).items;
  const live = () => pods().filter((p) => !p.metadata.deletionTimestamp);
  const target = (p: KubeObject) =>
    (
      p.spec as {
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: { matchFields: { values: string[] }[] }[];
            };
          };
        };
      }
    ).affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]!
      .matchFields[0]!.values[0];
  const status = () => must(cluster.call('GET', `${DS}/agent`), 200).status as DaemonSetStatus;
  /** The scheduler and kubelet, played by the test: bind pods to their targets, run them, finish deletions. */
  const runPods = () => {
    for (const p of pods().filter((p) => p.metadata.deletionTimestamp))
      must(
        cluster.call('DELETE', `${PODS}/${p.metadata.name}`, {
          query: { gracePeriodSeconds: '0' },
        }),
        200,
      );
    for (const p of live()) {
      const name = p.metadata.name!;
      if (!(p.spec as { nodeName?: string }).nodeName)
        must(
          cluster.call('POST', `${PODS}/${name}/binding`, {
            body: {
              apiVersion: 'v1',
              kind: 'Binding',
              metadata: { name },
              target: { apiVersion: 'v1', kind: 'Node', name: target(p) },
            },
          }),
          201,
        );
      if ((p.status as { phase?: string } | undefined)?.phase !== 'Running')
        must(
          cluster.call('PATCH', `${PODS}/${name}/status`, {
            contentType: 'application/merge-patch+json',
            body: {
              status: {
                phase: 'Running',
                conditions: [
                  { type: 'Ready', status: 'True', lastTransitionTime: '2026-01-01T00:00:01Z' },
                ],
              },
            },
          }),
          200,
        );
    }
  };
  return { cluster, must, addNode, pods, live, target, status, runPods };
}

export const daemonSet = {
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'agent' },
  spec: {
    selector: { matchLabels: { app: 'agent' } },
    template: {
      metadata: { labels: { app: 'agent' } },
      spec: { containers: [{ name: 'agent', image: 'fluentd:v1' }] },
    },
  },
};
