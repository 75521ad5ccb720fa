/**
 * killPod, as SyncTerminatingPod runs it: one Killing event and one StopContainer per running
 * container (StopContainer answers only once the process has exited, SIGKILL at the grace
 * period), then StopPodSandbox, then the runtime's status of the stopped containers
 * (GetPodStatus), from which the terminal status is computed. The pod worker blocks on the whole
 * of it, so a sync that comes in meanwhile waits and never kills a container a second time.
 */
import type { StepContext } from '../../sim/component.ts';
import type { CriResponsePayload, CriResponses } from '../cri/protocol.ts';
import { criCall } from './cri.ts';
import { containerFieldPath, podEvent } from './events.ts';
import { latest, specOf } from './podStatus.ts';
import type { KubeletState, PodOperation, PodWorker, RuntimeContainer } from './state.ts';
import { setPodStatus } from './statusManager.ts';

type KillOperation = Extract<PodOperation, { kind: 'kill' }>;

/** kuberuntime never gives a container less than this to shut down. */
const MINIMUM_GRACE_PERIOD_SECONDS = 2;

function gracePeriodSeconds(w: PodWorker): number {
  const fromDelete = w.pod.metadata.deletionGracePeriodSeconds;
  const grace =
    typeof fromDelete === 'number'
      ? fromDelete
      : (specOf(w.pod).terminationGracePeriodSeconds ?? 30);
  return Math.max(grace, MINIMUM_GRACE_PERIOD_SECONDS);
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
  };
  w.op = op;
  const grace = gracePeriodSeconds(w);
  for (const [c, init] of running) {
    podEvent(
      state,
      ctx,
      w,
      'Normal',
      'Killing',
      `Stopping container ${c.name}`,
      containerFieldPath(c.name, init),
    );
    criCall(
      state,
      ctx,
      { method: 'StopContainer', containerId: c.id, timeout: grace },
      'stopContainer',
      w.uid,
      c.id,
    );
  }
  advance(state, ctx, w, op);
}

function findInstance(w: PodWorker, id: string): RuntimeContainer | undefined {
  for (const list of Object.values(w.containers)) {
    const found = list.find((c) => c.id === id);
    if (found) return found;
  }
  return undefined;
}

/** The next step once every call of the current one has answered; true when killPod is done. */
function advance(state: KubeletState, ctx: StepContext, w: PodWorker, op: KillOperation): boolean {
  if (op.remaining.length > 0) return false;
  if (op.step === 'containers' && w.sandbox?.ready && w.sandbox.id) {
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
