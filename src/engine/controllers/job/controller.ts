/**
 * The Job controller (pkg/controller/job, v1.30): runs pods until `completions` succeed, at most
 * `parallelism` at once; counts finished pods through the batch.kubernetes.io/job-tracking
 * finalizer and status.uncountedTerminatedPods (a pod is counted, then its finalizer removed, then
 * the count flushed); replaces failed pods after the pod-failure back-off; and fails the Job when
 * failures exceed backoffLimit or it outlives activeDeadlineSeconds.
 */
import { objectKey, splitKey, type KubeObject } from '../../api/objects.ts';
import { Lister, WorkQueue, isNotFound, isSuccess, messageOf } from '../../client/index.ts';
import type { ControllerDefinition, ControllerKit } from '../framework.ts';
import { observe } from '../daemonset/expectations.ts';
import { JOBS, type JobControllerState, type StatusWrite } from './jobState.ts';
import { controllerOf, ownedPods, removeFinalizer } from './ownedPods.ts';
import { hasTrackingFinalizer } from './pods.ts';
import { syncJob } from './syncJob.ts';

function jobOf(key: string, kit: ControllerKit): KubeObject | undefined {
  const { namespace, name } = splitKey(key);
  return Lister.get(kit.informer(JOBS), namespace, name);
}

export const jobController: ControllerDefinition<JobControllerState> = {
  name: 'job',
  eventSource: 'job-controller',
  informers: [{ resource: JOBS }, { resource: 'pods' }],
  init: () => ({ expectations: {}, backoff: {}, writing: {}, finishing: {} }),
  handleEvent(state, resource, event, kit) {
    if (resource === JOBS) return WorkQueue.add(kit.queue, objectKey(event.object));
    const key = controllerOf(event.object);
    if (!key) return;
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
    if (response.tag === 'create') {
      const key = response.data as string;
      const job = jobOf(key, kit);
      if (isSuccess(response)) {
        if (job)
          kit.event(
            job,
            'Normal',
            'SuccessfulCreate',
            `Created pod: ${(response.body as KubeObject).metadata.name}`,
          );
      } else {
        observe(state.expectations, key, 1, 0);
        if (job)
          kit.event(job, 'Warning', 'FailedCreate', `Error creating: ${messageOf(response)}`);
        WorkQueue.addRateLimited(kit.queue, key, kit.ctx);
      }
    } else if (response.tag === 'delete') {
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
  sync: syncJob,
};

export type { JobControllerState } from './jobState.ts';
