/**
 * What Go's JSON encoding adds to every stored object: struct fields tagged `omitempty` are still
 * written when they are structs, so a zero metav1.Time comes out as `null`. Learners reading
 * `kubectl get -o yaml` see `lastProbeTime: null` on every pod condition and
 * `creationTimestamp: null` in every pod template; Kubeviz stores the same.
 */
import type { KubeObject } from '../api/objects.ts';
import type { ResourceInfo } from '../api/resources.ts';

const TEMPLATE_OWNERS = new Set(['deployments', 'replicasets', 'daemonsets', 'jobs']);

export function addGoZeroValues(info: ResourceInfo, obj: KubeObject): void {
  if (info.resource === 'pods') {
    const status = obj.status as { conditions?: Record<string, unknown>[] } | undefined;
    if (status?.conditions?.some((c) => !('lastProbeTime' in c))) {
      status.conditions = status.conditions.map((c) =>
        'lastProbeTime' in c ? c : { ...c, lastProbeTime: null },
      );
    }
  }
  if (TEMPLATE_OWNERS.has(info.resource)) {
    const spec = obj.spec as { template?: { metadata?: Record<string, unknown> } } | undefined;
    const template = spec?.template;
    if (template && !(template.metadata && 'creationTimestamp' in template.metadata)) {
      template.metadata = { ...template.metadata, creationTimestamp: null };
    }
  }
}
