/**
 * startContainer as kuberuntime does it: EnsureImageExists (ImageStatus, then a pull if the
 * imagePullPolicy asks for one, through the node's serial image puller, with the image back-off),
 * CreateContainer, StartContainer, each with the kubelet's events and, on failure, the reason the
 * container status will show as waiting.
 */
import type { StepContext } from '../../sim/component.ts';
import { grpcErrorText, type CriResponsePayload, type CriResponses } from '../cri/protocol.ts';
import { backoffNext, inBackoffSinceUpdate } from './backoff.ts';
import { criCall } from './cri.ts';
import { containerFieldPath, podEvent } from './events.ts';
import { goDuration } from './goDuration.ts';
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

/** The default imagePullPolicy: Always for :latest or no tag, else IfNotPresent. */
function pullPolicy(c: SpecContainer): string {
  if (c.imagePullPolicy) return c.imagePullPolicy;
  const ref = c.image.split('@')[0] ?? '';
  const tag =
    ref.lastIndexOf(':') > ref.lastIndexOf('/') ? ref.slice(ref.lastIndexOf(':') + 1) : '';
  return !tag || tag === 'latest' ? 'Always' : 'IfNotPresent';
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

function create(
  state: KubeletState,
  ctx: StepContext,
  w: PodWorker,
  op: StartOp,
  c: SpecContainer,
) {
  op.step = 'create';
  const previous = latest(w, c.name);
  const attempt = previous ? previous.attempt + 1 : 0;
  const limits = c.resources?.limits ?? {};
  const resources: Record<string, number> = {};
  if (limits.memory) resources.memoryLimitInBytes = Number(parseBytes(limits.memory));
  const labels = {
    'io.kubernetes.container.name': c.name,
    'io.kubernetes.pod.name': w.name,
    'io.kubernetes.pod.namespace': w.namespace,
    'io.kubernetes.pod.uid': w.uid,
  };
  const sandboxConfig = sandboxConfigOf(w);
  criCall(
    state,
    ctx,
    {
      method: 'CreateContainer',
      podSandboxId: w.sandbox?.id ?? '',
      config: {
        metadata: { name: c.name, attempt },
        image: { image: c.image },
        ...(c.command ? { command: [...c.command] } : {}),
        ...(c.args ? { args: [...c.args] } : {}),
        envs: (c.env ?? []).map((e) => ({ key: e.name, value: e.value ?? '' })),
        labels,
        annotations: {
          'io.kubernetes.container.restartCount': String(attempt),
          'io.kubernetes.container.terminationMessagePath': '/dev/termination-log',
          'io.kubernetes.pod.terminationGracePeriod': String(
            specOf(w.pod).terminationGracePeriodSeconds ?? 30,
          ),
        },
        linux: { resources },
      },
      sandboxConfig,
    },
    'createContainer',
    w.uid,
    attempt,
  );
}

function parseBytes(q: string): number {
  const m = /^(\d+(?:\.\d+)?)([KMGT]i?)?$/.exec(q);
  if (!m) return 0;
  const units: Record<string, number> = {
    K: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    Ki: 1024,
    Mi: 1024 ** 2,
    Gi: 1024 ** 3,
    Ti: 1024 ** 4,
  };
  return Math.round(Number(m[1]) * (m[2] ? (units[m[2]] ?? 1) : 1));
}

export function sandboxConfigOf(w: PodWorker) {
  return {
    metadata: {
      name: w.name,
      uid: w.uid,
      namespace: w.namespace,
      attempt: w.sandbox?.attempt ?? 0,
    },
    hostname: w.name,
    logDirectory: `/var/log/pods/${w.namespace}_${w.name}_${w.uid}`,
    labels: {
      ...((w.pod.metadata.labels ?? {}) as Record<string, string>),
      'io.kubernetes.pod.name': w.name,
      'io.kubernetes.pod.namespace': w.namespace,
      'io.kubernetes.pod.uid': w.uid,
    },
    annotations: { ...((w.pod.metadata.annotations ?? {}) as Record<string, string>) },
  };
}

/** The serial image puller: one PullImage at a time per node (serializeImagePulls: true). */
export function processPullQueue(state: KubeletState, ctx: StepContext): void {
  while (!state.pulling && state.pullQueue.length > 0) {
    const next = state.pullQueue.shift()!;
    const w = state.workers[next.uid];
    const op = w?.op;
    if (!w || op?.kind !== 'start' || op.container !== next.container) continue;
    op.step = 'pulling';
    state.pulling = true;
    criCall(
      state,
      ctx,
      { method: 'PullImage', image: { image: next.image }, sandboxConfig: sandboxConfigOf(w) },
      'pullImage',
      w.uid,
    );
  }
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
        create(state, ctx, w, op, c);
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
      create(state, ctx, w, op, c);
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
