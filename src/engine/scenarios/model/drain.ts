/**
 * `kubectl drain NODE --ignore-daemonsets` as the model test's user runs it (kubectl's drain
 * package, v1.30; src/ui/actions/nodes/drain.ts is the UI's full version): cordon the node, list
 * its pods, and evict each through the Eviction API, all at once. DaemonSet and mirror pods are
 * left alone; a pod with no controller stops the drain before any eviction, as kubectl refuses
 * to evict it without --force. Unlike kubectl it does not wait for the pods to be gone: the next
 * operation runs at once, as a second terminal would.
 */
import type { KubeObject } from '../../api/objects.ts';
import type { KubevizCluster } from '../../cluster/fullCluster.ts';

const finished = (pod: KubeObject) => {
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
};

/** Returns what kubectl would print on failure, or undefined once every eviction is sent. */
export function drainNode(c: KubevizCluster, node: string): string | undefined {
  const cordoned = c.call('PATCH', `/api/v1/nodes/${node}`, {
    body: { spec: { unschedulable: true } },
    contentType: 'application/strategic-merge-patch+json',
  });
  if (cordoned.code !== 200) return `cordon failed: ${cordoned.code}`;
  const list = c.call('GET', '/api/v1/pods', { query: { fieldSelector: `spec.nodeName=${node}` } });
  if (list.code !== 200) return `list failed: ${list.code}`;
  const pods = (list.body as { items?: KubeObject[] }).items ?? [];
  const evict: KubeObject[] = [];
  for (const pod of pods) {
    const owner = pod.metadata.ownerReferences?.find((r) => r.controller);
    if (owner?.kind === 'DaemonSet' && !finished(pod)) continue;
    if (pod.metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined) continue;
    if (!owner && !finished(pod))
      return 'cannot delete Pods that declare no controller (use --force to override)';
    evict.push(pod);
  }
  for (const pod of evict) {
    const { namespace, name } = pod.metadata;
    c.request('POST', `/api/v1/namespaces/${namespace}/pods/${name}/eviction`, {
      body: {
        apiVersion: 'policy/v1',
        kind: 'Eviction',
        metadata: { name, namespace },
        deleteOptions: {},
      },
    });
  }
  return undefined;
}
