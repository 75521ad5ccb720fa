/**
 * The pod a DaemonSet creates for one node (NewPod, CreatePodTemplate, ComputeHash): the template
 * with the default daemon tolerations, the controller-revision-hash and pod-template-generation
 * labels, and a required node affinity naming the node (ReplaceDaemonSetPodNodeNameNodeAffinity),
 * so the default scheduler binds it there.
 */
import { deepCopy, stableStringify } from '../../../shared/index.ts';
import type { KubeObject } from '../../api/objects.ts';
import type { PodSpecView, Toleration } from './predicates.ts';

export const CONTROLLER_REVISION_HASH = 'controller-revision-hash';
export const POD_TEMPLATE_GENERATION = 'pod-template-generation';

/** AddOrUpdateTolerationInPodSpec: replaces a toleration with the same key, operator and effect. */
function addOrUpdateToleration(spec: PodSpecView, t: Toleration): void {
  const list = (spec.tolerations ??= []);
  const i = list.findIndex(
    (x) => x.key === t.key && (x.operator ?? 'Equal') === t.operator && x.effect === t.effect,
  );
  if (i >= 0) list[i] = t;
  else list.push(t);
}

/** AddOrUpdateDaemonPodTolerations: daemon pods survive node problems and run on unschedulable nodes. */
export function addOrUpdateDaemonPodTolerations(spec: PodSpecView): void {
  const exists = (key: string, effect: string): Toleration => ({ key, operator: 'Exists', effect });
  addOrUpdateToleration(spec, exists('node.kubernetes.io/not-ready', 'NoExecute'));
  addOrUpdateToleration(spec, exists('node.kubernetes.io/unreachable', 'NoExecute'));
  addOrUpdateToleration(spec, exists('node.kubernetes.io/disk-pressure', 'NoSchedule'));
  addOrUpdateToleration(spec, exists('node.kubernetes.io/memory-pressure', 'NoSchedule'));
  addOrUpdateToleration(spec, exists('node.kubernetes.io/pid-pressure', 'NoSchedule'));
  addOrUpdateToleration(spec, exists('node.kubernetes.io/unschedulable', 'NoSchedule'));
  if (spec.hostNetwork)
    addOrUpdateToleration(spec, exists('node.kubernetes.io/network-unavailable', 'NoSchedule'));
}

export function templateOf(ds: KubeObject): {
  metadata?: KubeObject['metadata'];
  spec: PodSpecView;
} {
  return ((ds.spec as { template?: unknown } | undefined)?.template ?? { spec: {} }) as {
    metadata?: KubeObject['metadata'];
    spec: PodSpecView;
  };
}

/** The template's spec as NewPod sees it (with the daemon tolerations), for the predicates. */
export function daemonPodSpec(ds: KubeObject): PodSpecView {
  const spec = deepCopy(templateOf(ds).spec ?? {});
  addOrUpdateDaemonPodTolerations(spec);
  return spec;
}

const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** ComputeHash: FNV-32a over the template, printed with rand.SafeEncodeString. */
export function computeHash(template: unknown, collisionCount = 0): string {
  let h = 0x811c9dc5;
  const text = stableStringify(template) + (collisionCount ? String(collisionCount) : '');
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i) & 0xff;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return [...String(h)].map((c) => SAFE_ALPHABET[c.charCodeAt(0) % SAFE_ALPHABET.length]).join('');
}

/** The pod for `node`. */
export function newDaemonPod(ds: KubeObject, node: string, hash: string): KubeObject {
  const template = deepCopy(templateOf(ds));
  const spec = template.spec ?? {};
  addOrUpdateDaemonPodTolerations(spec);
  const term = { matchFields: [{ key: 'metadata.name', operator: 'In', values: [node] }] };
  spec.affinity = {
    ...(spec.affinity ?? {}),
    nodeAffinity: {
      ...(spec.affinity?.nodeAffinity ?? {}),
      requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [term] },
    },
  };
  const labels = { ...(template.metadata?.labels ?? {}) };
  labels[CONTROLLER_REVISION_HASH] = hash;
  labels[POD_TEMPLATE_GENERATION] = String(ds.metadata.generation ?? 1);
  const metadata: KubeObject['metadata'] = {
    generateName: `${ds.metadata.name}-`,
    namespace: ds.metadata.namespace,
    labels,
    ownerReferences: [
      {
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        name: ds.metadata.name ?? '',
        uid: ds.metadata.uid ?? '',
        controller: true,
        blockOwnerDeletion: true,
      },
    ],
  };
  if (template.metadata?.annotations) metadata.annotations = { ...template.metadata.annotations };
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec };
}

/** util.GetTargetNodeName: spec.nodeName, or the node the affinity names while the pod is unscheduled. */
export function targetNodeName(pod: KubeObject): string | undefined {
  const spec = (pod.spec ?? {}) as PodSpecView;
  if (spec.nodeName) return spec.nodeName;
  const terms =
    spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution
      ?.nodeSelectorTerms ?? [];
  for (const t of terms)
    for (const f of t.matchFields ?? [])
      if (f.key === 'metadata.name' && f.operator === 'In' && f.values?.length === 1)
        return f.values[0];
  return undefined;
}
