/**
 * The CRI RuntimeService of the simulated containerd: pod sandboxes (the pause container and its
 * network namespace), containers as processes with a behaviour, StopContainer's SIGTERM then
 * SIGKILL at the timeout, and the container events the kubelet's evented PLEG reads. This file
 * dispatches the calls; the process model is in containerProcess.ts, sandbox creation in
 * podSandbox.ts and the CRI views in criViews.ts.
 */
import type { StepContext } from '../../sim/component.ts';
import type { CriRequest, CriResponses } from '../cri/protocol.ts';
import { behaviourOf } from './behaviour.ts';
import { exitContainer, startProcess, stopContainer } from './containerProcess.ts';
import { containerStatus, matches, sandboxStatus, toContainer, toSandbox } from './criViews.ts';
import { findImage } from './imageService.ts';
import { normalizeImage } from './images.ts';
import { newId, runPodSandbox } from './podSandbox.ts';
import { execSync, killExecs } from './execRequest.ts';
import { reply, replyError } from './reply.ts';
import type { ContainerdState } from './state.ts';

type RuntimeRequest = Exclude<
  CriRequest,
  { method: 'PullImage' | 'ImageStatus' | 'ListImages' | 'RemoveImage' }
>;

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
      const s = state.sandboxes.get(request.podSandboxId);
      if (!s) return notFound('sandbox', request.podSandboxId);
      for (const c of [...state.containers.values()])
        if (c.podSandboxId === s.id && c.state === 'CONTAINER_RUNNING')
          exitContainer(state, ctx, c, 137);
      s.state = 'SANDBOX_NOTREADY';
      return ok({});
    }
    case 'RemovePodSandbox': {
      for (const c of [...state.containers.values()])
        if (c.podSandboxId === request.podSandboxId) {
          killExecs(ctx, c);
          state.containers.delete(c.id);
        }
      state.sandboxes.delete(request.podSandboxId);
      return ok({});
    }
    case 'PodSandboxStatus': {
      const s = state.sandboxes.get(request.podSandboxId);
      if (!s) return notFound('sandbox', request.podSandboxId);
      return ok({ status: sandboxStatus(s) } satisfies CriResponses['PodSandboxStatus']);
    }
    case 'ListPodSandbox': {
      const f = request.filter;
      const items = [...state.sandboxes.values()]
        .filter((s) => (!f?.id || s.id === f.id) && (!f?.state || s.state === f.state))
        .filter((s) => matches(s.labels, f?.labelSelector))
        .map(toSandbox);
      return ok({ items } satisfies CriResponses['ListPodSandbox']);
    }
    case 'CreateContainer': {
      const s = state.sandboxes.get(request.podSandboxId);
      if (!s) return notFound('sandbox', request.podSandboxId);
      const image = findImage(state, request.config.image);
      if (!image) {
        const message = `failed to create containerd container: get image: image "${normalizeImage(request.config.image.image).full}": not found`;
        return replyError(ctx, from, requestId, 'NotFound', message);
      }
      const config = request.config;
      const id = newId(ctx);
      state.containers.set(id, {
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
        memoryLimitInBytes: config.linux?.resources?.memoryLimitInBytes ?? 0,
        behaviour: behaviourOf(
          normalizeImage(config.image.image).repository,
          config.command ?? [],
          config.args ?? [],
          config.envs ?? [],
        ),
        token: 0,
        stopReplies: [],
        stopping: false,
      });
      return ok({ containerId: id } satisfies CriResponses['CreateContainer']);
    }
    case 'StartContainer': {
      const c = state.containers.get(request.containerId);
      if (!c) return notFound('container', request.containerId);
      if (c.state !== 'CONTAINER_CREATED')
        return replyError(
          ctx,
          from,
          requestId,
          'Unknown',
          `container ${c.id} is not in created state`,
        );
      startProcess(ctx, c);
      return ok({});
    }
    case 'StopContainer': {
      const c = state.containers.get(request.containerId);
      if (!c) return notFound('container', request.containerId);
      if (c.state !== 'CONTAINER_RUNNING') return ok({});
      c.stopReplies.push([from, requestId]);
      return stopContainer(state, ctx, c, request.timeout);
    }
    case 'ExecSync': {
      const c = state.containers.get(request.containerId);
      if (!c) return notFound('container', request.containerId);
      return execSync(ctx, c, request, from, requestId);
    }
    case 'RemoveContainer': {
      const c = state.containers.get(request.containerId);
      if (c) killExecs(ctx, c);
      state.containers.delete(request.containerId);
      return ok({});
    }
    case 'ContainerStatus': {
      const c = state.containers.get(request.containerId);
      if (!c) return notFound('container', request.containerId);
      return ok({ status: containerStatus(c) } satisfies CriResponses['ContainerStatus']);
    }
    case 'ListContainers': {
      const f = request.filter;
      const containers = [...state.containers.values()]
        .filter((c) => (!f?.id || c.id === f.id) && (!f?.state || c.state === f.state))
        .filter((c) => !f?.podSandboxId || c.podSandboxId === f.podSandboxId)
        .filter((c) => matches(c.labels, f?.labelSelector))
        .map(toContainer);
      return ok({ containers } satisfies CriResponses['ListContainers']);
    }
  }
}

export { exitContainer } from './containerProcess.ts';
export { containerStatus, sandboxStatus } from './criViews.ts';
