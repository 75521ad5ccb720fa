/**
 * The Job controller (pkg/controller/job, v1.30): runs pods until `completions` succeed, at most
 * `parallelism` at once; counts finished pods through the batch.kubernetes.io/job-tracking
 * finalizer and status.uncountedTerminatedPods (a pod is counted, then its finalizer removed, then
 * the count flushed); replaces failed pods after the pod-failure back-off; and fails the Job when
 * failures exceed backoffLimit or it outlives activeDeadlineSeconds.
 */
import { deepCopy, deepEqual, formatRfc3339, parseRfc3339 } from '../../../shared/index.ts';
import { objectKey, splitKey, type KubeObject } from '../../api/objects.ts';
import {
  Lister,
  WorkQueue,
  isNotFound,
  isSuccess,
  messageOf,
  sendCreate,
  sendDelete,
  sendPatch,
  sendUpdateStatus,
} from '../../client/index.ts';
import type { ControllerDefinition, ControllerKit } from '../framework.ts';
import {
  expect as expectOps,
  observe,
  satisfied,
  type Expectations,
} from '../daemonset/expectations.ts';
import { remainingBackoff, updateBackoff, type BackoffRecord } from './backoff.ts';
import {
  JOB_TRACKING_FINALIZER,
  deletionOrder,
  hasTrackingFinalizer,
  isFinished,
  isReady,
  newJobPod,
  phaseOf,
} from './pods.ts';

const JOBS = 'jobs.batch';

export interface JobControllerState {
  expectations: Record<string, Expectations>;
  backoff: Record<string, BackoffRecord>;
  /**
   * Status writes not yet seen by the informer: 0 while in flight, then the resourceVersion
   * written. Until the cache has it, a sync would act on a stale Job (and conflict).
   */
  writing: Record<string, number>;
  /** A finish decided while pods were still uncounted: written once they are (one sync, in the real controller). */
  finishing: Record<string, [string, string, string]>;
}

interface JobCondition {
  type: string;
  status: string;
  lastProbeTime: string;
  lastTransitionTime: string;
  reason?: string;
  message?: string;
}

interface JobStatus {
  conditions?: JobCondition[];
  startTime?: string;
  completionTime?: string;
  active?: number;
  succeeded?: number;
  failed?: number;
  terminating?: number;
  ready?: number;
  uncountedTerminatedPods?: { succeeded?: string[]; failed?: string[] };
}

interface JobSpec {
  parallelism?: number;
  completions?: number | null;
  backoffLimit?: number;
  activeDeadlineSeconds?: number;
  suspend?: boolean;
}

interface StatusWrite {
  key: string;
  /** Pods whose finalizer comes off once the status holding their uids is stored. */
  release: string[];
  /** The finish event to record once the condition is stored: [type, reason, message]. */
  finished?: [string, string, string];
}

function finishedCondition(job: KubeObject): JobCondition | undefined {
  return ((job.status as JobStatus | undefined)?.conditions ?? []).find(
    (c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True',
  );
}

function controllerOf(pod: KubeObject): string | undefined {
  const ref = pod.metadata.ownerReferences?.find((r) => r.controller);
  return ref?.kind === 'Job' && ref.apiVersion.startsWith('batch/')
    ? `${pod.metadata.namespace}/${ref.name}`
    : undefined;
}

function ownedPods(job: KubeObject, kit: ControllerKit): KubeObject[] {
  return Lister.list(kit.informer('pods'), { namespace: job.metadata.namespace ?? '' }).filter(
    (p) => p.metadata.ownerReferences?.some((r) => r.controller && r.uid === job.metadata.uid),
  );
}

function removeFinalizer(pod: KubeObject, key: string, kit: ControllerKit): void {
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
function isPodFailed(pod: KubeObject): boolean {
  return (
    phaseOf(pod) === 'Failed' || (!!pod.metadata.deletionTimestamp && phaseOf(pod) !== 'Succeeded')
  );
}

function syncJob(state: JobControllerState, key: string, kit: ControllerKit): void {
  const { namespace, name } = splitKey(key);
  const job = Lister.get(kit.informer(JOBS), namespace, name);
  if (!job) {
    delete state.expectations[key];
    delete state.backoff[key];
    delete state.finishing[key];
    return;
  }
  const pods = ownedPods(job, kit);
  if (finishedCondition(job)) {
    for (const pod of pods)
      if (hasTrackingFinalizer(pod) && (isFinished(pod) || pod.metadata.deletionTimestamp))
        removeFinalizer(pod, key, kit);
    return;
  }
  const written = state.writing[key];
  if (written !== undefined) {
    if (written === 0 || Number(job.metadata.resourceVersion) < written) return;
    delete state.writing[key];
  }
  const now = kit.ctx.now;
  const nowText = formatRfc3339(kit.settings.startSeconds + now / 1000);
  const spec = job.spec as JobSpec;
  const status: JobStatus = deepCopy((job.status ?? {}) as JobStatus);
  const byUid = new Map(pods.map((p) => [p.metadata.uid ?? '', p]));

  // Flush: uids whose finalizer is gone are counted for good.
  const uncounted = {
    succeeded: [...(status.uncountedTerminatedPods?.succeeded ?? [])],
    failed: [...(status.uncountedTerminatedPods?.failed ?? [])],
  };
  const stillHeld = (uid: string) => {
    const p = byUid.get(uid);
    return !!p && hasTrackingFinalizer(p);
  };
  status.succeeded =
    (status.succeeded ?? 0) + uncounted.succeeded.filter((u) => !stillHeld(u)).length;
  status.failed = (status.failed ?? 0) + uncounted.failed.filter((u) => !stillHeld(u)).length;
  uncounted.succeeded = uncounted.succeeded.filter(stillHeld);
  uncounted.failed = uncounted.failed.filter(stillHeld);

  // Newly finished pods still holding the finalizer join the uncounted lists.
  const newSucceeded: string[] = [];
  const newFailed: string[] = [];
  for (const pod of pods) {
    const uid = pod.metadata.uid ?? '';
    if (
      !hasTrackingFinalizer(pod) ||
      uncounted.succeeded.includes(uid) ||
      uncounted.failed.includes(uid)
    )
      continue;
    if (phaseOf(pod) === 'Succeeded') newSucceeded.push(uid);
    else if (isPodFailed(pod)) newFailed.push(uid);
  }
  uncounted.succeeded.push(...newSucceeded);
  uncounted.failed.push(...newFailed);
  const record = (state.backoff[key] ??= { failuresAfterLastSuccess: 0, lastFailureTime: 0 });
  updateBackoff(record, newSucceeded.length, newFailed.length, now);

  const succeeded = status.succeeded + uncounted.succeeded.length;
  const failed = status.failed + uncounted.failed.length;
  let active = pods.filter((p) => !isFinished(p) && !p.metadata.deletionTimestamp);
  status.startTime ??= nowText;

  let finish: [string, string, string] | undefined = state.finishing[key];
  const backoffLimit = spec.backoffLimit ?? 6;
  const started = parseRfc3339(status.startTime) ?? 0;
  if (finish) {
    // decided by an earlier sync
  } else if (newFailed.length > 0 && failed > backoffLimit) {
    finish = ['Failed', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'];
  } else if (
    spec.activeDeadlineSeconds !== undefined &&
    kit.settings.startSeconds + now / 1000 - started >= spec.activeDeadlineSeconds
  ) {
    finish = ['Failed', 'DeadlineExceeded', 'Job was active longer than specified deadline'];
  } else if (spec.activeDeadlineSeconds !== undefined) {
    WorkQueue.addAfter(
      kit.queue,
      key,
      (started + spec.activeDeadlineSeconds) * 1000 - (kit.settings.startSeconds * 1000 + now),
      kit.ctx,
    );
  }
  const completions = spec.completions ?? null;
  const complete =
    completions !== null ? succeeded >= completions : succeeded > 0 && active.length === 0;
  if (finish) {
    deletePods(state, key, active, kit);
    active = [];
  } else if (complete) {
    finish = ['Complete', '', ''];
    if (active.length) deletePods(state, key, active, kit);
    active = [];
  } else if (satisfied(state.expectations, key, now) && !spec.suspend) {
    active = manageJob(state, key, job, active, succeeded, record, kit);
  }

  status.active = active.length;
  status.ready = active.filter(isReady).length;
  status.terminating = pods.filter((p) => p.metadata.deletionTimestamp && !isFinished(p)).length;
  status.uncountedTerminatedPods = {
    ...(uncounted.succeeded.length ? { succeeded: uncounted.succeeded } : {}),
    ...(uncounted.failed.length ? { failed: uncounted.failed } : {}),
  };
  // The finish condition waits until every finished pod has been counted.
  const write: StatusWrite = { key, release: [...uncounted.succeeded, ...uncounted.failed] };
  if (finish && uncounted.succeeded.length + uncounted.failed.length === 0) {
    const [type, reason, message] = finish;
    const c: JobCondition = {
      type,
      status: 'True',
      lastProbeTime: nowText,
      lastTransitionTime: nowText,
    };
    if (reason) c.reason = reason;
    if (message) c.message = message;
    status.conditions = [...(status.conditions ?? []), c];
    if (type === 'Complete') status.completionTime = nowText;
    write.finished = finish;
    delete state.finishing[key];
  } else if (finish) {
    state.finishing[key] = finish;
  }
  // active, succeeded and failed are omitempty; ready and terminating are pointers, written as 0.
  for (const k of ['active', 'succeeded', 'failed'] as const) if (status[k] === 0) delete status[k];
  if (deepEqual(status, job.status ?? {})) return;
  state.writing[key] = 0;
  sendUpdateStatus(
    kit.client,
    kit.ctx,
    JOBS,
    { ...job, status },
    { tag: kit.tag('status'), data: write as unknown as Record<string, string> },
  );
}

/** manageJob: the number of active pods it wants, created or deleted. Returns the active pods after it. */
function manageJob(
  state: JobControllerState,
  key: string,
  job: KubeObject,
  active: KubeObject[],
  succeeded: number,
  record: BackoffRecord,
  kit: ControllerKit,
): KubeObject[] {
  const spec = job.spec as JobSpec;
  const parallelism = spec.parallelism ?? 1;
  let wantActive: number;
  if (spec.completions === undefined || spec.completions === null)
    wantActive = succeeded > 0 ? active.length : parallelism;
  else wantActive = Math.max(0, Math.min(spec.completions - succeeded, parallelism));
  if (active.length > wantActive) {
    const extra = [...active].sort(deletionOrder).slice(0, active.length - wantActive);
    deletePods(state, key, extra, kit);
    return active.filter((p) => !extra.includes(p));
  }
  const diff = wantActive - active.length;
  if (diff <= 0) return active;
  const wait = remainingBackoff(record, kit.ctx.now);
  if (wait > 0) {
    WorkQueue.addAfter(kit.queue, key, wait, kit.ctx);
    return active;
  }
  expectOps(state.expectations, key, diff, 0, kit.ctx.now);
  const created: KubeObject[] = [];
  for (let i = 0; i < diff; i++) {
    const pod = newJobPod(job);
    sendCreate(kit.client, kit.ctx, 'pods', pod, { tag: kit.tag('create'), data: key });
    created.push(pod);
  }
  return [...active, ...created];
}

function deletePods(
  state: JobControllerState,
  key: string,
  pods: KubeObject[],
  kit: ControllerKit,
): void {
  if (!pods.length) return;
  expectOps(state.expectations, key, 0, pods.length, kit.ctx.now);
  for (const pod of pods)
    sendDelete(kit.client, kit.ctx, 'pods', pod.metadata.namespace ?? '', pod.metadata.name ?? '', {
      tag: kit.tag('delete'),
      data: { key, name: pod.metadata.name ?? '' },
    });
}

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
