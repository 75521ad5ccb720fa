/**
 * How the Job controller finds and releases its pods: the controller ownerReference, the Jobs an
 * orphan could belong to, getPodsForJob (ClaimPods with the job-tracking finalizer), what counts
 * as a failed pod, and removing the finalizer once a pod is counted.
 */
import type { KubeObject } from '../../api/objects.ts';
import { Lister, sendPatch } from '../../client/index.ts';
import type { ControllerKit } from '../framework.ts';
import { claimObjects, ownerSelector, ownersOfPod, type Run } from '../controllerutil/index.ts';
import { JOBS } from './jobState.ts';
import { JOB_TRACKING_FINALIZER, hasTrackingFinalizer, phaseOf } from './pods.ts';

export function controllerOf(pod: KubeObject): string | undefined {
  const ref = pod.metadata.ownerReferences?.find((r) => r.controller);
  return ref?.kind === 'Job' && ref.apiVersion.startsWith('batch/')
    ? `${pod.metadata.namespace}/${ref.name}`
    : undefined;
}

/** getPodJobs: the Jobs of the pod's namespace whose selector matches it (who may adopt an orphan). */
export function jobsForOrphan(pod: KubeObject, kit: ControllerKit): KubeObject[] {
  return ownersOfPod(kit, JOBS, pod, { emptyMatchesNothing: false });
}

/** The pods whose controller reference names this Job (no claim: for releasing finalizers). */
export function ownedPods(job: KubeObject, kit: ControllerKit): KubeObject[] {
  return Lister.list(kit.informer('pods'), { namespace: job.metadata.namespace ?? '' }).filter(
    (p) => p.metadata.ownerReferences?.some((r) => r.controller && r.uid === job.metadata.uid),
  );
}

/**
 * getPodsForJob: every pod of the namespace is a candidate (a pod that stopped matching but is
 * still ours must be released), claimed with the Job's selector; adoption adds the tracking
 * finalizer along with the owner reference, and the adopted pods are read as if they had it.
 */
export function getPodsForJob(run: Run, job: KubeObject): { pods: KubeObject[]; error?: string } {
  const sel = ownerSelector(job);
  if (!sel.ok) return { pods: [], error: sel.error };
  const candidates = run.read(() =>
    Lister.list(run.kit.informer('pods'), { namespace: job.metadata.namespace ?? '' }),
  );
  const claim = claimObjects(
    run,
    {
      owner: job,
      ownerApiVersion: 'batch/v1',
      ownerKind: 'Job',
      ownerResource: JOBS,
      selector: sel.selector,
      resource: 'pods',
      kind: 'Pod',
      finalizers: [JOB_TRACKING_FINALIZER],
    },
    candidates,
  );
  const pods = claim.claimed.map((p) => {
    const ours = p.metadata.ownerReferences?.some((r) => r.uid === job.metadata.uid);
    if (ours || hasTrackingFinalizer(p)) return p;
    return {
      ...p,
      metadata: {
        ...p.metadata,
        finalizers: [...(p.metadata.finalizers ?? []), JOB_TRACKING_FINALIZER],
      },
    };
  });
  return claim.error === undefined ? { pods } : { pods, error: claim.error };
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
