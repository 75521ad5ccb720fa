/**
 * containerd, the node's container runtime, as a component (`containerd/<node>`): it serves the
 * kubelet's CRI calls, runs the simulated processes, suffers the faults a user injects into
 * containers, and answers the requests kube-proxy forwards to pod IPs.
 */
import type { Component, StepContext } from '../../sim/component.ts';
import type { Envelope } from '../../sim/envelope.ts';
import type { Fault } from '../../faults/protocol.ts';
import type { TrafficPayload } from '../../traffic/protocol.ts';
import { finishPull, handleImageRequest, storeImage } from './imageService.ts';
import { finishExec } from './execRequest.ts';
import { PAUSE_IMAGE } from './images.ts';
import { exitContainer, handleRuntimeRequest } from './runtimeService.ts';
import type { ContainerdConfig, ContainerdState, ContainerdTimer } from './state.ts';

export const CONTAINERD_TYPE = 'containerd';

export const containerdId = (nodeName: string): string => `containerd/${nodeName}`;

function crashContainer(
  state: ContainerdState,
  fault: Extract<Fault, { type: 'crashContainer' }>,
  ctx: StepContext,
) {
  const sandboxes = new Set(
    [...state.sandboxes.values()]
      .filter(
        (s) =>
          s.state === 'SANDBOX_READY' &&
          s.metadata.namespace === fault.namespace &&
          s.metadata.name === fault.pod,
      )
      .map((s) => s.id),
  );
  const target = [...state.containers.values()].find(
    (c) =>
      sandboxes.has(c.podSandboxId) &&
      c.metadata.name === fault.container &&
      c.state === 'CONTAINER_RUNNING',
  );
  if (!target) {
    ctx.note(`no running container ${fault.container} in pod ${fault.namespace}/${fault.pod}`);
    return;
  }
  if (fault.oomKilled) return exitContainer(state, ctx, target, 137, 'OOMKilled');
  exitContainer(state, ctx, target, fault.exitCode ?? 1);
}

/**
 * A connection to <podIP>:<port>: accepted when a running container of that pod listens on the
 * port (the pod's containers share its network namespace), refused otherwise. What listens
 * answers any HTTP request with 200.
 */
function serveTraffic(
  state: ContainerdState,
  message: Envelope<TrafficPayload>,
  ctx: StepContext,
): void {
  const p = message.payload;
  if (p.response) return; // a reply is not ours to answer
  const colon = p.destination.lastIndexOf(':');
  const ip = p.destination.slice(0, colon);
  const port = Number(p.destination.slice(colon + 1));
  const sandbox = [...state.sandboxes.values()].find(
    (s) => s.state === 'SANDBOX_READY' && s.ip === ip,
  );
  const listening =
    sandbox &&
    [...state.containers.values()].some(
      (c) =>
        c.podSandboxId === sandbox.id &&
        c.state === 'CONTAINER_RUNNING' &&
        c.behaviour.ports.includes(port),
    );
  const response =
    sandbox && listening
      ? { status: 200, servedBy: `${sandbox.metadata.namespace}/${sandbox.metadata.name}` }
      : { status: 0, error: 'connection refused' };
  ctx.send(message.from, { ...p, hops: [...p.hops, ctx.self], response });
}

function handleTimer(state: ContainerdState, timer: ContainerdTimer, ctx: StepContext): void {
  if (timer.name === 'pull') return finishPull(state, timer.data, ctx);
  if (timer.name === 'exec')
    return finishExec(ctx, state.containers.get(timer.data.id), timer.data);
  const c = state.containers.get(timer.data.id);
  if (!c || c.token !== timer.data.token) return; // the process already changed state
  exitContainer(state, ctx, c, timer.data.exitCode, timer.data.reason || undefined);
}

export const containerd: Component<ContainerdState, ContainerdConfig> = {
  type: CONTAINERD_TYPE,
  init(config) {
    const state: ContainerdState = {
      nodeName: config.nodeName,
      kubelet: config.kubelet ?? `kubelet/${config.nodeName}`,
      bytesPerMs: (config.pullBytesPerSecond ?? 50_000_000) / 1000,
      pullOverheadMs: config.pullOverheadMs ?? 300,
      podCidr: '',
      lastReserved: 0,
      sandboxes: new Map(),
      containers: new Map(),
      images: new Map(),
    };
    for (const image of config.preloadedImages ?? [PAUSE_IMAGE]) storeImage(state, image);
    return state;
  },
  step(state, message, ctx) {
    const p = message.payload;
    switch (p.kind) {
      case 'cri.request': {
        const r = p.request;
        if (
          r.method === 'PullImage' ||
          r.method === 'ImageStatus' ||
          r.method === 'ListImages' ||
          r.method === 'RemoveImage'
        )
          handleImageRequest(state, r, message.from, message.id, ctx);
        else handleRuntimeRequest(state, r, message.from, message.id, ctx);
        break;
      }
      case 'timer':
        handleTimer(state, p as unknown as ContainerdTimer, ctx);
        break;
      case 'fault':
        if (p.fault.type === 'crashContainer') crashContainer(state, p.fault, ctx);
        break;
      case 'traffic':
        serveTraffic(state, message as Envelope<TrafficPayload>, ctx);
        break;
      default:
        break;
    }
    return state;
  },
};
