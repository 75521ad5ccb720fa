/**
 * The CRI RuntimeService of the simulated containerd: pod sandboxes (the pause container and its
 * network namespace), containers as processes with a behaviour, StopContainer's SIGTERM then
 * SIGKILL at the timeout, and the container events the kubelet's evented PLEG reads.
 */
import { randomString } from '../../../shared/index.ts';
import type { StepContext } from '../../sim/component.ts';
import type {
  Container,
  ContainerEventType,
  ContainerStatus,
  CriRequest,
  CriResponses,
  PodSandbox,
  PodSandboxStatus,
} from '../cri/protocol.ts';
import { behaviourOf } from './behaviour.ts';
import { findImage, storeImage } from './imageService.ts';
import { normalizeImage, PAUSE_IMAGE } from './images.ts';
import { allocateIp } from './ipam.ts';
import { reply, replyError } from './reply.ts';
import { HEX, type ContainerdState, type ContainerRecord, type SandboxRecord } from './state.ts';

type RuntimeRequest = Exclude<
  CriRequest,
  { method: 'PullImage' | 'ImageStatus' | 'ListImages' | 'RemoveImage' }
>;

const matches = (labels: Record<string, string>, selector: Record<string, string> | undefined) =>
  !selector || Object.entries(selector).every(([k, v]) => labels[k] === v);

export function sandboxStatus(s: SandboxRecord): PodSandboxStatus {
  return {
    id: s.id,
    metadata: { ...s.metadata },
    state: s.state,
    createdAt: s.createdAt,
    network: { ip: s.ip, additionalIps: [] },
    labels: { ...s.labels },
    annotations: { ...s.annotations },
    runtimeHandler: '',
  };
}

function toSandbox(s: SandboxRecord): PodSandbox {
  const { network: _network, ...rest } = sandboxStatus(s);
  return rest;
}

export function containerStatus(c: ContainerRecord): ContainerStatus {
  return {
    id: c.id,
    metadata: { ...c.metadata },
    state: c.state,
    createdAt: c.createdAt,
    startedAt: c.startedAt,
    finishedAt: c.finishedAt,
    exitCode: c.exitCode,
    image: { ...c.image },
    imageRef: c.imageRef,
    reason: c.reason,
    message: c.message,
    labels: { ...c.labels },
    annotations: { ...c.annotations },
  };
}

function toContainer(c: ContainerRecord): Container {
  return {
    id: c.id,
    podSandboxId: c.podSandboxId,
    metadata: { ...c.metadata },
    image: { ...c.image },
    imageRef: c.imageRef,
    state: c.state,
    createdAt: c.createdAt,
    labels: { ...c.labels },
    annotations: { ...c.annotations },
  };
}

/** One event of the CRI container event stream, to the kubelet. */
function emit(
  state: ContainerdState,
  ctx: StepContext,
  c: ContainerRecord,
  type: ContainerEventType,
): void {
  const sandbox = state.sandboxes[c.podSandboxId];
  ctx.send(state.kubelet, {
    kind: 'cri.event',
    event: {
      containerId: c.id,
      containerEventType: type,
      createdAt: ctx.now,
      ...(sandbox ? { podSandboxStatus: sandboxStatus(sandbox) } : {}),
      containersStatuses: [containerStatus(c)],
    },
  });
}

/** The process ends: answers the StopContainer calls waiting for it and tells the kubelet. */
export function exitContainer(
  state: ContainerdState,
  ctx: StepContext,
  c: ContainerRecord,
  exitCode: number,
  reason?: string,
): void {
  if (c.state !== 'CONTAINER_RUNNING') return;
  c.state = 'CONTAINER_EXITED';
  c.finishedAt = ctx.now;
  c.exitCode = exitCode;
  // containerd's CRI plugin: OOMKilled when the cgroup saw an OOM kill, else by exit code.
  c.reason = reason ?? (exitCode === 0 ? 'Completed' : 'Error');
  c.token++;
  ctx.note(`container ${c.metadata.name} (${c.id.slice(0, 13)}) exited with code ${exitCode}`);
  for (const [to, id] of c.stopReplies) reply(ctx, to, id, {});
  c.stopReplies = [];
  emit(state, ctx, c, 'CONTAINER_STOPPED_EVENT');
}

function newId(ctx: StepContext): string {
  return randomString(ctx.rng, 64, HEX);
}

function runPodSandbox(
  state: ContainerdState,
  request: Extract<RuntimeRequest, { method: 'RunPodSandbox' }>,
  ctx: StepContext,
): { ok: true; id: string } | { ok: false; message: string } {
  const id = newId(ctx);
  // containerd pulls its sandbox image itself when it is missing.
  if (!findImage(state, { image: PAUSE_IMAGE })) storeImage(state, PAUSE_IMAGE);
  const ip = allocateIp(state);
  if (!ip) {
    const why = state.podCidr ? 'no IP addresses available in range set' : 'no pod CIDR configured';
    return {
      ok: false,
      message: `failed to setup network for sandbox "${id}": plugin type="host-local" failed (add): ${why}`,
    };
  }
  state.sandboxes[id] = {
    id,
    metadata: { ...request.config.metadata },
    state: 'SANDBOX_READY',
    createdAt: ctx.now,
    ip,
    labels: { ...request.config.labels },
    annotations: { ...request.config.annotations },
    config: request.config,
  };
  ctx.note(
    `sandbox ${request.config.metadata.namespace}/${request.config.metadata.name} gets ${ip}`,
  );
  return { ok: true, id };
}

function stopContainer(
  state: ContainerdState,
  ctx: StepContext,
  c: ContainerRecord,
  timeoutSeconds: number,
): void {
  if (c.stopping) return;
  c.stopping = true;
  const b = c.behaviour;
  if (timeoutSeconds <= 0) return exitContainer(state, ctx, c, 137);
  if (b.termGraceMs !== null && b.termGraceMs < timeoutSeconds * 1000) {
    if (b.termGraceMs === 0) return exitContainer(state, ctx, c, b.termExitCode);
    ctx.note(`SIGTERM ${c.metadata.name}: exits in ${b.termGraceMs} ms`);
    ctx.setTimer(b.termGraceMs, 'exit', {
      id: c.id,
      token: c.token,
      exitCode: b.termExitCode,
      reason: '',
    });
    return;
  }
  ctx.note(`SIGTERM ${c.metadata.name}: not handled; SIGKILL in ${timeoutSeconds} s`);
  ctx.setTimer(timeoutSeconds * 1000, 'exit', {
    id: c.id,
    token: c.token,
    exitCode: 137,
    reason: '',
  });
}

export function handleRuntimeRequest(
  state: ContainerdState,
  request: RuntimeRequest,
  from: string,
  requestId: string,
  ctx: StepContext,
): void {
  const ok = (response: object) => reply(ctx, from, requestId, response);
  const notFound = (what: string, id: string) =>
    replyError(
      ctx,
      from,
      requestId,
      'NotFound',
      `an error occurred when try to find ${what} "${id}": not found`,
    );
  switch (request.method) {
    case 'Version':
      return ok({
        version: '0.1.0',
        runtimeName: 'containerd',
        runtimeVersion: '1.7.13',
        runtimeApiVersion: 'v1',
      } satisfies CriResponses['Version']);
    case 'Status':
      return ok({
        status: {
          conditions: [
            { type: 'RuntimeReady', status: true, reason: '', message: '' },
            // The CNI config appears once the node has a pod CIDR to hand out addresses from.
            state.podCidr
              ? { type: 'NetworkReady', status: true, reason: '', message: '' }
              : {
                  type: 'NetworkReady',
                  status: false,
                  reason: 'NetworkPluginNotReady',
                  message: 'Network plugin returns error: cni plugin not initialized',
                },
          ],
        },
      } satisfies CriResponses['Status']);
    case 'UpdateRuntimeConfig':
      if (state.podCidr !== request.runtimeConfig.networkConfig.podCidr) {
        state.podCidr = request.runtimeConfig.networkConfig.podCidr;
        state.lastReserved = 0;
      }
      return ok({});
    case 'RunPodSandbox': {
      const result = runPodSandbox(state, request, ctx);
      if (!result.ok) return replyError(ctx, from, requestId, 'Unknown', result.message);
      return ok({ podSandboxId: result.id } satisfies CriResponses['RunPodSandbox']);
    }
    case 'StopPodSandbox': {
      const s = state.sandboxes[request.podSandboxId];
      if (!s) return notFound('sandbox', request.podSandboxId);
      for (const c of Object.values(state.containers))
        if (c.podSandboxId === s.id && c.state === 'CONTAINER_RUNNING')
          exitContainer(state, ctx, c, 137);
      s.state = 'SANDBOX_NOTREADY';
      return ok({});
    }
    case 'RemovePodSandbox': {
      for (const c of Object.values(state.containers))
        if (c.podSandboxId === request.podSandboxId) delete state.containers[c.id];
      delete state.sandboxes[request.podSandboxId];
      return ok({});
    }
    case 'PodSandboxStatus': {
      const s = state.sandboxes[request.podSandboxId];
      if (!s) return notFound('sandbox', request.podSandboxId);
      return ok({ status: sandboxStatus(s) } satisfies CriResponses['PodSandboxStatus']);
    }
    case 'ListPodSandbox': {
      const f = request.filter;
      const items = Object.values(state.sandboxes)
        .filter((s) => (!f?.id || s.id === f.id) && (!f?.state || s.state === f.state))
        .filter((s) => matches(s.labels, f?.labelSelector))
        .map(toSandbox);
      return ok({ items } satisfies CriResponses['ListPodSandbox']);
    }
    case 'CreateContainer': {
      const s = state.sandboxes[request.podSandboxId];
      if (!s) return notFound('sandbox', request.podSandboxId);
      const image = findImage(state, request.config.image);
      if (!image) {
        const message = `failed to create containerd container: get image: image "${normalizeImage(request.config.image.image).full}": not found`;
        return replyError(ctx, from, requestId, 'NotFound', message);
      }
      const config = request.config;
      const id = newId(ctx);
      state.containers[id] = {
        id,
        podSandboxId: s.id,
        metadata: { ...config.metadata },
        image: { image: image.repoTags[0] ?? config.image.image },
        imageRef: image.repoDigests[0] ?? image.id,
        state: 'CONTAINER_CREATED',
        createdAt: ctx.now,
        startedAt: 0,
        finishedAt: 0,
        exitCode: 0,
        reason: '',
        message: '',
        labels: { ...config.labels },
        annotations: { ...config.annotations },
        behaviour: behaviourOf(
          normalizeImage(config.image.image).repository,
          config.command ?? [],
          config.args ?? [],
          config.envs ?? [],
        ),
        token: 0,
        stopReplies: [],
        stopping: false,
      };
      return ok({ containerId: id } satisfies CriResponses['CreateContainer']);
    }
    case 'StartContainer': {
      const c = state.containers[request.containerId];
      if (!c) return notFound('container', request.containerId);
      if (c.state !== 'CONTAINER_CREATED')
        return replyError(
          ctx,
          from,
          requestId,
          'Unknown',
          `container ${c.id} is not in created state`,
        );
      c.state = 'CONTAINER_RUNNING';
      c.startedAt = ctx.now;
      c.token++;
      const after = c.behaviour.exitAfterMs;
      if (after !== null) {
        const exitCode = c.behaviour.exitCode;
        ctx.setTimer(Math.max(1, after), 'exit', {
          id: c.id,
          token: c.token,
          exitCode,
          reason: '',
        });
      }
      return ok({});
    }
    case 'StopContainer': {
      const c = state.containers[request.containerId];
      if (!c) return notFound('container', request.containerId);
      if (c.state !== 'CONTAINER_RUNNING') return ok({});
      c.stopReplies.push([from, requestId]);
      return stopContainer(state, ctx, c, request.timeout);
    }
    case 'RemoveContainer':
      delete state.containers[request.containerId];
      return ok({});
    case 'ContainerStatus': {
      const c = state.containers[request.containerId];
      if (!c) return notFound('container', request.containerId);
      return ok({ status: containerStatus(c) } satisfies CriResponses['ContainerStatus']);
    }
    case 'ListContainers': {
      const f = request.filter;
      const containers = Object.values(state.containers)
        .filter((c) => (!f?.id || c.id === f.id) && (!f?.state || c.state === f.state))
        .filter((c) => !f?.podSandboxId || c.podSandboxId === f.podSandboxId)
        .filter((c) => matches(c.labels, f?.labelSelector))
        .map(toContainer);
      return ok({ containers } satisfies CriResponses['ListContainers']);
    }
  }
}
