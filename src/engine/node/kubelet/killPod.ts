/**
 * killPod, as SyncTerminatingPod runs it: each running container is killed (killContainer: a
 * Killing event, its preStop hook, then StopContainer, which answers only once the process has
 * exited, SIGKILL at the grace period), then StopPodSandbox, then the runtime's status of the
 * stopped containers (GetPodStatus), from which the terminal status is computed. The pod worker
 * blocks on the whole of it, so a sync that comes in meanwhile waits and never kills a container
 * a second time. SyncPod kills a single container the same way when a liveness or startup probe
 * failed, without the sandbox step, and then starts it again.
 */
import type { StepContext } from '../../sim/component.ts';
import type { CriResponsePayload, CriResponses } from '../cri/protocol.ts';
import { criCall } from './cri.ts';
import { containerFieldPath, podEvent } from './events.ts';
import { latest, specOf, type SpecContainer } from './podStatus.ts';
import { runPreStop } from './preStop.ts';
import { probeOf } from './probes.ts';
import type { KubeletState, PodOperation, PodWorker, RuntimeContainer } from './state.ts';
import { setPodStatus } from './statusManager.ts';

type KillOperation = Extract<PodOperation, { kind: 'kill' }>;

/** kuberuntime never gives a container less than this to shut down. */
const MINIMUM_GRACE_PERIOD_SECONDS = 2;

/** The pod's grace period: the deletion's, else the spec's. */
function gracePeriodSeconds(w: PodWorker): number {
  const fromDelete = w.pod.metadata.deletionGracePeriodSeconds;
  return typeof fromDelete === 'number'
    ? fromDelete
    : (specOf(w.pod).terminationGracePeriodSeconds ?? 30);
}

function specContainerOf(w: PodWorker, name: string): SpecContainer | undefined {
  const spec = specOf(w.pod);
  return [...spec.containers, ...spec.initContainers].find((c) => c.name === name);
}

/**
 * killContainer: the Killing event, then the preStop hook if there is one and any grace to run it
 * in (its time comes off the grace period), then StopContainer with what is left, never under
 * 2 s.
 */
function killContainer(
  state: KubeletState,
  ctx: StepContext,
  w: PodWorker,
  op: KillOperation,
  c: RuntimeContainer,
  init: boolean,
  grace: number,
  message: string,
): void {
  podEvent(state, ctx, w, 'Normal', 'Killing', message, containerFieldPath(c.name, init));
  const hook = specContainerOf(w, c.name)?.lifecycle?.preStop;
  if (hook && grace > 0) {
    op.hooks[c.id] = { since: ctx.now, grace };
    if (runPreStop(state, ctx, w, c, hook, grace)) return;
    delete op.hooks[c.id];
  }
  stopContainer(state, ctx, w, c.id, grace);
}

function stopContainer(
  state: KubeletState,
  ctx: StepContext,
  w: PodWorker,
  id: string,
  grace: number,
): void {
  criCall(
    state,
    ctx,
    {
      method: 'StopContainer',
      containerId: id,
      timeout: Math.max(grace, MINIMUM_GRACE_PERIOD_SECONDS),
    },
    'stopContainer',
    w.uid,
    id,
  );
}

/**
 * The preStop hook of a container being killed has ended, or its grace period ran out while it
 * ran: StopContainer gets the grace period less the hook's whole seconds.
 */
export function preStopDone(state: KubeletState, ctx: StepContext, w: PodWorker, id: string): void {
  const op = w.op;
  const hook = op?.kind === 'kill' ? op.hooks[id] : undefined;
  if (!op || op.kind !== 'kill' || !hook) return;
  delete op.hooks[id];
  const took = Math.floor((ctx.now - hook.since) / 1000);
  stopContainer(state, ctx, w, id, hook.grace - took);
}

/** SyncPod's kill of one running container whose liveness or startup probe failed. */
export function killForProbe(
  state: KubeletState,
  ctx: StepContext,
  w: PodWorker,
  c: RuntimeContainer,
  probe: 'liveness' | 'startup',
): void {
  const spec = specContainerOf(w, c.name);
  const restart = specOf(w.pod).restartPolicy !== 'Never';
  const message = `Container ${c.name} failed ${probe} probe${restart ? ', will be restarted' : ''}`;
  const probeGrace = spec && probeOf(spec, probe)?.terminationGracePeriodSeconds;
  const grace = probeGrace ?? gracePeriodSeconds(w);
  c.probeKill = 'pending';
  const op: KillOperation = {
    kind: 'kill',
    step: 'containers',
    remaining: [c.id],
    stopped: [c.id],
    pod: false,
    hooks: {},
  };
  w.op = op;
  killContainer(state, ctx, w, op, c, false, grace, message);
}

/** The containers killPod must stop: the latest instance of each that has not exited. */
export function runningContainers(w: PodWorker): [RuntimeContainer, boolean][] {
  const spec = specOf(w.pod);
  const all = [
    ...spec.initContainers.map((c) => [c.name, true] as const),
    ...spec.containers.map((c) => [c.name, false] as const),
  ];
  return all
    .map(([name, init]) => [latest(w, name), init] as const)
    .filter(([c]) => c && c.state !== 'CONTAINER_EXITED') as [RuntimeContainer, boolean][];
}

/** Whether killPod has anything left to stop. */
export function needsKill(w: PodWorker): boolean {
  return runningContainers(w).length > 0 || (!!w.sandbox?.ready && !!w.sandbox.id);
}

/**
 * SyncTerminatingPod: records the status of the pod as it is before the kill (not terminal), then
 * starts killPod. No status generated before the kill has finished is published.
 */
export function killPod(state: KubeletState, ctx: StepContext, w: PodWorker): void {
  setPodStatus(state, ctx, w, false);
  const running = runningContainers(w);
  const op: KillOperation = {
    kind: 'kill',
    step: 'containers',
    remaining: running.map(([c]) => c.id),
    stopped: running.map(([c]) => c.id),
    pod: true,
    hooks: {},
  };
  w.op = op;
  const grace = gracePeriodSeconds(w);
  for (const [c, init] of running)
    killContainer(state, ctx, w, op, c, init, grace, `Stopping container ${c.name}`);
  advance(state, ctx, w, op);
}

/** A container instance of the pod by its id, whichever container it belongs to. */
export function findInstance(w: PodWorker, id: string): RuntimeContainer | undefined {
  for (const list of Object.values(w.containers)) {
    const found = list.find((c) => c.id === id);
    if (found) return found;
  }
  return undefined;
}

/** The next step once every call of the current one has answered; true when killPod is done. */
function advance(state: KubeletState, ctx: StepContext, w: PodWorker, op: KillOperation): boolean {
  if (op.remaining.length > 0) return false;
  if (op.step === 'containers' && op.pod && w.sandbox?.ready && w.sandbox.id) {
    op.step = 'sandbox';
    op.remaining = [w.sandbox.id];
    criCall(
      state,
      ctx,
      { method: 'StopPodSandbox', podSandboxId: w.sandbox.id },
      'stopPodSandbox',
      w.uid,
    );
    return false;
  }
  if (op.step !== 'status' && op.stopped.length > 0) {
    op.step = 'status';
    op.remaining = [...op.stopped];
    for (const id of op.stopped)
      criCall(
        state,
        ctx,
        { method: 'ContainerStatus', containerId: id },
        'killedStatus',
        w.uid,
        id,
      );
    return false;
  }
  w.op = undefined;
  return true;
}

/** A reply to one of killPod's calls; true when killPod is done. */
export function handleKillReply(
  state: KubeletState,
  ctx: StepContext,
  w: PodWorker,
  tag: string,
  reply: CriResponsePayload,
  data: unknown,
): boolean {
  const op = w.op;
  if (op?.kind !== 'kill') return false;
  const id = typeof data === 'string' ? data : '';
  switch (tag) {
    case 'stopContainer': {
      op.remaining = op.remaining.filter((x) => x !== id);
      // A stopped container (or one the runtime no longer has) has exited, whether or not the
      // runtime's CONTAINER_STOPPED_EVENT has come in yet: the status read back fills in the rest.
      const instance = findInstance(w, id);
      if (instance && (!reply.error || reply.error.code === 'NotFound'))
        if (instance.state !== 'CONTAINER_EXITED') {
          instance.state = 'CONTAINER_EXITED';
          instance.finishedAt = ctx.now;
        }
      break;
    }
    case 'stopPodSandbox':
      op.remaining = [];
      if (w.sandbox && (!reply.error || reply.error.code === 'NotFound')) w.sandbox.ready = false;
      break;
    case 'killedStatus': {
      op.remaining = op.remaining.filter((x) => x !== id);
      const instance = findInstance(w, id);
      if (instance && !reply.error) {
        const s = (reply.response as CriResponses['ContainerStatus']).status;
        instance.state = s.state;
        instance.startedAt = s.startedAt || instance.startedAt;
        instance.finishedAt = s.finishedAt || instance.finishedAt;
        instance.exitCode = s.exitCode;
        instance.reason = s.reason;
      }
      break;
    }
    default:
      return false;
  }
  return advance(state, ctx, w, op);
}
