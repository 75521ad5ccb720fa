/**
 * The Job controller (pkg/controller/job, v1.30): runs pods until `completions` succeed, at most
 * `parallelism` at once; adopts matching orphans and releases pods that stopped matching; counts
 * finished pods through the batch.kubernetes.io/job-tracking finalizer and
 * status.uncountedTerminatedPods (a pod is counted, then its finalizer removed, then the count
 * flushed); replaces failed pods after the pod-failure back-off; and fails the Job when failures
 * (or, with restartPolicy OnFailure, container restarts) reach backoffLimit or it outlives
 * activeDeadlineSeconds.
 */
import { objectKey, splitKey, type KubeObject } from '../../api/objects.ts';
import { Lister, WorkQueue, isNotFound, isSuccess, messageOf } from '../../client/index.ts';
import type { ControllerDefinition, ControllerKit } from '../framework.ts';
import { enqueueForUnownedPod, resumeRun, startRun, type Run } from '../controllerutil/index.ts';
import { observe } from '../daemonset/expectations.ts';
import { JOBS, type JobControllerState, type StatusWrite } from './jobState.ts';
import { controllerOf, jobsForOrphan, ownedPods, removeFinalizer } from './ownedPods.ts';
import { hasTrackingFinalizer } from './pods.ts';
import { syncJob } from './syncJob.ts';

function jobOf(key: string, kit: ControllerKit): KubeObject | undefined {
  const { namespace, name } = splitKey(key);
  return Lister.get(kit.informer(JOBS), namespace, name);
}

const handler = (state: JobControllerState) => (run: Run) => syncJob(state, run);

export const jobController: ControllerDefinition<JobControllerState> = {
  name: 'job',
  eventSource: 'job-controller',
  informers: [{ resource: JOBS }, { resource: 'pods' }],
  init: () => ({ expectations: {}, ops: {}, backoff: {}, writing: {}, finishing: {} }),
  handleEvent(state, resource, event, kit) {
    if (resource === JOBS) return WorkQueue.add(kit.queue, objectKey(event.object));
    const key = controllerOf(event.object);
    if (!key)
      return enqueueForUnownedPod(kit, event, controllerOf, (pod) => jobsForOrphan(pod, kit));
    if (event.type === 'add') observe(state.expectations, key, 1, 0);
    if (event.type === 'delete') observe(state.expectations, key, 0, 1);
    if (
      event.type === 'update' &&
      event.object.metadata.deletionTimestamp &&
      !event.oldObject.metadata.deletionTimestamp
    )
      observe(state.expectations, key, 0, 1);
    WorkQueue.add(kit.queue, key);
  },
  handleResponse(state, response, kit) {
    if (resumeRun(state.ops, response, kit, handler(state))) return;
    if (response.tag === 'delete') {
      const { key, name } = response.data as { key: string; name: string };
      const job = jobOf(key, kit);
      if (isSuccess(response)) {
        if (job) kit.event(job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${name}`);
      } else {
        observe(state.expectations, key, 0, 1);
        if (!isNotFound(response) && job)
          kit.event(job, 'Warning', 'FailedDelete', `Error deleting: ${messageOf(response)}`);
      }
    } else if (response.tag === 'status') {
      const write = response.data as unknown as StatusWrite;
      if (!isSuccess(response)) {
        delete state.writing[write.key];
        return WorkQueue.addRateLimited(kit.queue, write.key, kit.ctx);
      }
      const job = response.body as KubeObject;
      state.writing[write.key] = Number(job.metadata.resourceVersion);
      // The finished pods are in the stored status now: the back-off record may count them.
      state.backoff[write.key] = write.backoff;
      for (const pod of ownedPods(job, kit))
        if (write.release.includes(pod.metadata.uid ?? '') && hasTrackingFinalizer(pod))
          removeFinalizer(pod, write.key, kit);
      if (write.finished) {
        const [type, reason, message] = write.finished;
        if (type === 'Complete') kit.event(job, 'Normal', 'Completed', 'Job completed');
        else kit.event(job, 'Warning', reason, message);
      }
    } else if (response.tag === 'finalizer' && !isSuccess(response) && !isNotFound(response)) {
      WorkQueue.addRateLimited(kit.queue, response.data as string, kit.ctx);
    }
  },
  sync(state, key, kit) {
    startRun(state.ops, key, kit, handler(state));
  },
};

export type { JobControllerState } from './jobState.ts';
