/** The Job's pods: what it creates (with the job-tracking finalizer) and how it reads them. */
import { deepCopy } from '../../../shared/index.ts';
import type { KubeObject } from '../../api/objects.ts';

export const JOB_TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';

type Condition = { type: string; status: string };

export function phaseOf(pod: KubeObject): string {
  return (pod.status as { phase?: string } | undefined)?.phase ?? '';
}

export function isFinished(pod: KubeObject): boolean {
  const phase = phaseOf(pod);
  return phase === 'Succeeded' || phase === 'Failed';
}

export function isReady(pod: KubeObject): boolean {
  return ((pod.status as { conditions?: Condition[] } | undefined)?.conditions ?? []).some(
    (c) => c.type === 'Ready' && c.status === 'True',
  );
}

export function hasTrackingFinalizer(pod: KubeObject): boolean {
  return (pod.metadata.finalizers ?? []).includes(JOB_TRACKING_FINALIZER);
}

/** The pod template with generateName `<job>-`, the owner reference and the tracking finalizer. */
export function newJobPod(job: KubeObject): KubeObject {
  const template = deepCopy(
    (job.spec as { template?: { metadata?: KubeObject['metadata']; spec?: unknown } }).template ??
      {},
  );
  const metadata: KubeObject['metadata'] = {
    generateName: `${job.metadata.name}-`,
    namespace: job.metadata.namespace,
    labels: { ...(template.metadata?.labels ?? {}) },
    ownerReferences: [
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        name: job.metadata.name ?? '',
        uid: job.metadata.uid ?? '',
        controller: true,
        blockOwnerDeletion: true,
      },
    ],
    finalizers: [JOB_TRACKING_FINALIZER],
  };
  if (template.metadata?.annotations) metadata.annotations = { ...template.metadata.annotations };
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec: template.spec ?? {} };
}

/** Which active pods to delete first: unscheduled, then pending, then not ready, then the newest. */
export function deletionOrder(a: KubeObject, b: KubeObject): number {
  const rank = (p: KubeObject) =>
    [!(p.spec as { nodeName?: string }).nodeName, phaseOf(p) === 'Pending', !isReady(p)].map((x) =>
      x ? 0 : 1,
    );
  const [ra, rb] = [rank(a), rank(b)];
  for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return ra[i]! - rb[i]!;
  return (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? '');
}

interface RestartCounts {
  initContainerStatuses?: { restartCount?: number }[];
  containerStatuses?: { restartCount?: number }[];
}

/**
 * pastBackoffLimitOnFailure: with restartPolicy OnFailure a crashing container is restarted in
 * place and no pod fails, so the Job counts the restarts (init and regular containers) of its
 * Pending and Running pods against backoffLimit instead: any restart with a limit of 0, else at
 * least backoffLimit of them.
 */
export function pastBackoffLimitOnFailure(
  job: KubeObject,
  pods: readonly KubeObject[],
  backoffLimit: number,
): boolean {
  const template = (job.spec as { template?: { spec?: { restartPolicy?: string } } }).template;
  if (template?.spec?.restartPolicy !== 'OnFailure') return false;
  let restarts = 0;
  for (const pod of pods) {
    const phase = phaseOf(pod);
    if (phase !== 'Running' && phase !== 'Pending') continue;
    const status = (pod.status ?? {}) as RestartCounts;
    for (const c of status.initContainerStatuses ?? []) restarts += c.restartCount ?? 0;
    for (const c of status.containerStatuses ?? []) restarts += c.restartCount ?? 0;
  }
  return backoffLimit === 0 ? restarts > 0 : restarts >= backoffLimit;
}
