/**
 * startContainer as kuberuntime does it: EnsureImageExists (ImageStatus, then a pull if the
 * imagePullPolicy asks for one, through the node's serial image puller, with the image back-off),
 * CreateContainer, StartContainer, each with the kubelet's events and, on failure, the reason the
 * container status will show as waiting. The image policy and the serial puller are in
 * imagePuller.ts, the CRI request shapes in containerConfig.ts.
 */
import type { StepContext } from '../../sim/component.ts';
import { grpcErrorText, type CriResponsePayload, type CriResponses } from '../cri/protocol.ts';
import { backoffNext, inBackoffSinceUpdate } from './backoff.ts';
import { createContainer } from './containerConfig.ts';
import { criCall } from './cri.ts';
import { containerFieldPath, podEvent } from './events.ts';
import { goDuration } from './goDuration.ts';
import { processPullQueue, pullPolicy } from './imagePuller.ts';
import { latest, specOf, type SpecContainer } from './podStatus.ts';
import type { KubeletState, PodOperation, PodWorker } from './state.ts';
import { scheduleWake } from './wakes.ts';

type StartOp = Extract<PodOperation, { kind: 'start' }>;

/** The PLEG relist period: how soon a generic PLEG notices what the last sync changed. */
export const RELIST_PERIOD_MS = 1_000;
/** The pod workers' back-off after a failed sync (kubelet backOffPeriod). */
export const SYNC_ERROR_BACKOFF_MS = 10_000;

export function specContainer(w: PodWorker, op: StartOp): SpecContainer | undefined {
  const spec = specOf(w.pod);
  return (op.init ? spec.initContainers : spec.containers).find((c) => c.name === op.container);
}

export function startContainer(
  state: KubeletState,
  ctx: StepContext,
  w: PodWorker,
  c: SpecContainer,
  init: boolean,
): void {
  w.op = { kind: 'start', container: c.name, init, step: 'imageStatus' };
  criCall(state, ctx, { method: 'ImageStatus', image: { image: c.image } }, 'imageStatus', w.uid);
}

/** A step failed: the container waits with this reason; the pod worker retries later. */
function fail(
  state: KubeletState,
  ctx: StepContext,
  w: PodWorker,
  op: StartOp,
  reason: string,
  message: string,
  retryAt: number,
): void {
  w.reasons[op.container] = { reason, message };
  w.retryAt[op.container] = retryAt;
  podEvent(
    state,
    ctx,
    w,
    'Warning',
    'Failed',
    `Error: ${reason}`,
    containerFieldPath(op.container, op.init),
  );
  w.op = undefined;
  scheduleWake(state, ctx, w, retryAt);
}

/** A CRI reply for one of the start steps. Returns true when the operation ended. */
export function handleStartReply(
  state: KubeletState,
  ctx: StepContext,
  w: PodWorker,
  tag: string,
  reply: CriResponsePayload,
  sentAt: number,
  data: unknown,
): boolean {
  const op = w.op;
  if (op?.kind !== 'start') return false;
  const c = specContainer(w, op);
  if (!c) {
    w.op = undefined;
    return true;
  }
  const fieldPath = containerFieldPath(c.name, op.init);
  const backoffKey = `${w.uid}_${c.image}`;
  switch (tag) {
    case 'imageStatus': {
      const present = !reply.error && !!(reply.response as CriResponses['ImageStatus']).image;
      const policy = pullPolicy(c);
      if (policy === 'Never' || (present && policy === 'IfNotPresent')) {
        if (!present) {
          const message = `Container image "${c.image}" is not present with pull policy of Never`;
          podEvent(state, ctx, w, 'Warning', 'ErrImageNeverPull', message, fieldPath);
          fail(state, ctx, w, op, 'ErrImageNeverPull', message, ctx.now + SYNC_ERROR_BACKOFF_MS);
          return true;
        }
        const message = `Container image "${c.image}" already present on machine`;
        podEvent(state, ctx, w, 'Normal', 'Pulled', message, fieldPath);
        createContainer(state, ctx, w, op, c);
        return false;
      }
      if (inBackoffSinceUpdate(state.imageBackoff, backoffKey, ctx.now)) {
        const message = `Back-off pulling image "${c.image}"`;
        podEvent(state, ctx, w, 'Normal', 'BackOff', message, fieldPath);
        const entry = state.imageBackoff[backoffKey]!;
        fail(state, ctx, w, op, 'ImagePullBackOff', message, entry.lastUpdate + entry.backoffMs);
        return true;
      }
      podEvent(state, ctx, w, 'Normal', 'Pulling', `Pulling image "${c.image}"`, fieldPath);
      op.step = 'pullQueued';
      op.pullingSince = ctx.now;
      state.pullQueue.push({ uid: w.uid, container: c.name, image: c.image });
      processPullQueue(state, ctx);
      return false;
    }
    case 'pullImage': {
      state.pulling = false;
      if (reply.error) {
        const text = grpcErrorText(reply.error);
        podEvent(
          state,
          ctx,
          w,
          'Warning',
          'Failed',
          `Failed to pull image "${c.image}": ${text}`,
          fieldPath,
        );
        backoffNext(state.imageBackoff, backoffKey, ctx.now, ctx.now);
        fail(state, ctx, w, op, 'ErrImagePull', text, ctx.now + RELIST_PERIOD_MS);
        processPullQueue(state, ctx);
        return true;
      }
      const pulled = reply.response as CriResponses['PullImage'];
      const took = goDuration(ctx.now - sentAt);
      const total = goDuration(ctx.now - (op.pullingSince ?? sentAt));
      podEvent(
        state,
        ctx,
        w,
        'Normal',
        'Pulled',
        `Successfully pulled image "${c.image}" in ${took} (${total} including waiting). Image size: ${pulled.imageSize} bytes.`,
        fieldPath,
      );
      processPullQueue(state, ctx);
      createContainer(state, ctx, w, op, c);
      return false;
    }
    case 'createContainer': {
      if (reply.error) {
        const text = grpcErrorText(reply.error);
        fail(state, ctx, w, op, 'CreateContainerError', text, ctx.now + SYNC_ERROR_BACKOFF_MS);
        return true;
      }
      const id = (reply.response as CriResponses['CreateContainer']).containerId;
      const list = (w.containers[c.name] ??= []);
      list.push({
        id,
        name: c.name,
        attempt: typeof data === 'number' ? data : 0,
        state: 'CONTAINER_CREATED',
        createdAt: ctx.now,
        startedAt: 0,
        finishedAt: 0,
        exitCode: 0,
        reason: '',
        image: c.image,
        imageRef: '',
      });
      podEvent(state, ctx, w, 'Normal', 'Created', `Created container ${c.name}`, fieldPath);
      op.step = 'start';
      op.containerId = id;
      criCall(state, ctx, { method: 'StartContainer', containerId: id }, 'startContainer', w.uid);
      return false;
    }
    case 'startContainer': {
      const instance = latest(w, c.name);
      if (reply.error) {
        const text = grpcErrorText(reply.error);
        podEvent(state, ctx, w, 'Warning', 'Failed', `Error: ${text}`, fieldPath);
        if (instance) instance.state = 'CONTAINER_EXITED';
        w.reasons[c.name] = { reason: 'RunContainerError', message: text };
        w.retryAt[c.name] = ctx.now + SYNC_ERROR_BACKOFF_MS;
        w.op = undefined;
        scheduleWake(state, ctx, w, ctx.now + SYNC_ERROR_BACKOFF_MS);
        return true;
      }
      if (instance && instance.id === op.containerId && instance.state === 'CONTAINER_CREATED') {
        instance.state = 'CONTAINER_RUNNING';
        instance.startedAt = ctx.now;
      }
      delete w.reasons[c.name];
      delete w.retryAt[c.name];
      podEvent(state, ctx, w, 'Normal', 'Started', `Started container ${c.name}`, fieldPath);
      // What the PLEG's status call reports for the new container: the image it resolved.
      op.step = 'inspect';
      criCall(
        state,
        ctx,
        { method: 'ContainerStatus', containerId: op.containerId ?? '' },
        'inspectStarted',
        w.uid,
      );
      return false;
    }
    case 'inspectStarted': {
      const instance = latest(w, c.name);
      if (!reply.error && instance) {
        const s = (reply.response as CriResponses['ContainerStatus']).status;
        instance.image = s.image.image;
        instance.imageRef = s.imageRef;
        if (s.startedAt) instance.startedAt = s.startedAt;
      }
      w.op = undefined;
      return true;
    }
  }
  return false;
}

export { sandboxConfigOf } from './containerConfig.ts';
export { processPullQueue } from './imagePuller.ts';
