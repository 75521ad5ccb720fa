/**
 * How the Job controller finds and releases its pods: the controller ownerReference, the pods
 * a Job owns, what counts as a failed pod, and removing the job-tracking finalizer once a pod is
 * counted. Used both by syncJob and by the status write's reply.
 */
import type { KubeObject } from '../../api/objects.ts';
import { Lister, sendPatch } from '../../client/index.ts';
import type { ControllerKit } from '../framework.ts';
import { JOB_TRACKING_FINALIZER, phaseOf } from './pods.ts';

export function controllerOf(pod: KubeObject): string | undefined {
  const ref = pod.metadata.ownerReferences?.find((r) => r.controller);
  return ref?.kind === 'Job' && ref.apiVersion.startsWith('batch/')
    ? `${pod.metadata.namespace}/${ref.name}`
    : undefined;
}

export function ownedPods(job: KubeObject, kit: ControllerKit): KubeObject[] {
  return Lister.list(kit.informer('pods'), { namespace: job.metadata.namespace ?? '' }).filter(
    (p) => p.metadata.ownerReferences?.some((r) => r.controller && r.uid === job.metadata.uid),
  );
}

export function removeFinalizer(pod: KubeObject, key: string, kit: ControllerKit): void {
  sendPatch(
    kit.client,
    kit.ctx,
    'pods',
    pod.metadata.namespace ?? '',
    pod.metadata.name ?? '',
    { metadata: { '$deleteFromPrimitiveList/finalizers': [JOB_TRACKING_FINALIZER] } },
    { tag: kit.tag('finalizer'), data: key, patchType: 'application/strategic-merge-patch+json' },
  );
}

/** A pod the Job counts as failed: it failed, or it is going away without having succeeded. */
export function isPodFailed(pod: KubeObject): boolean {
  return (
    phaseOf(pod) === 'Failed' || (!!pod.metadata.deletionTimestamp && phaseOf(pod) !== 'Succeeded')
  );
}
