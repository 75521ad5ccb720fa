/**
 * preStop hooks (kuberuntime executePreStopHook): run before StopContainer when a container is
 * killed, for at most the grace period. An exec hook runs in the container through the runtime
 * (ExecSync, no timeout), an httpGet hook is a connection from the kubelet to the pod IP, a sleep
 * hook just waits. A hook that fails records FailedPreStopHook ("PreStopHook failed": the real
 * kubelet keeps the hook's output out of the event); the kill goes on either way.
 */
import type { StepContext } from '../../sim/component.ts';
import type { CriResponsePayload, CriResponses } from '../cri/protocol.ts';
import { criCall } from './cri.ts';
import { dial, resolveProbePort } from './dials.ts';
import { containerFieldPath, podEvent } from './events.ts';
import { findInstance, preStopDone } from './killPod.ts';
import { specOf } from './podStatus.ts';
import type { HandlerSpec } from './probes.ts';
import type { KubeletState, PodWorker, RuntimeContainer } from './state.ts';

export const PRE_STOP_TIMER = 'preStop';

/**
 * Starts the hook; false when there is nothing it can run. The caller has registered the hook in
 * its kill operation already, as a hook can end before this returns.
 */
export function runPreStop(
  state: KubeletState,
  ctx: StepContext,
  w: PodWorker,
  c: RuntimeContainer,
  hook: HandlerSpec,
  grace: number,
): boolean {
  const data = { uid: w.uid, id: c.id };
  if (hook.exec) {
    const cmd = hook.exec.command ?? [];
    criCall(
      state,
      ctx,
      { method: 'ExecSync', containerId: c.id, cmd, timeout: 0 },
      'preStop',
      w.uid,
      c.id,
    );
  } else if (hook.httpGet && w.sandbox?.ip) {
    const ports = specOf(w.pod).containers.find((x) => x.name === c.name)?.ports;
    const port = resolveProbePort(hook.httpGet.port, ports);
    if (typeof port !== 'number') {
      // NewRequestForHTTPGetAction fails before any connection is made: the hook has failed.
      preStopFinished(state, ctx, w, c.id, true);
      return true;
    }
    dial(state, ctx, w.sandbox.ip, port, { uid: w.uid, for: 'preStop', containerId: c.id });
  } else if (hook.sleep) {
    ctx.setTimer(Math.max(1, (hook.sleep.seconds ?? 0) * 1000), PRE_STOP_TIMER, data);
  } else return false;
  ctx.note(`preStop hook of ${c.name}: up to ${grace} s`);
  ctx.setTimer(grace * 1000, PRE_STOP_TIMER, data);
  return true;
}

/** The hook has ended, well or not. */
export function preStopFinished(
  state: KubeletState,
  ctx: StepContext,
  w: PodWorker,
  containerId: string,
  failed: boolean,
): void {
  if (failed) {
    const spec = specOf(w.pod);
    const name = findInstance(w, containerId)?.name;
    const init = spec.initContainers.some((x) => x.name === name);
    podEvent(
      state,
      ctx,
      w,
      'Warning',
      'FailedPreStopHook',
      'PreStopHook failed',
      name ? containerFieldPath(name, init) : undefined,
    );
  }
  preStopDone(state, ctx, w, containerId);
}

export function handlePreStopExecReply(
  state: KubeletState,
  ctx: StepContext,
  w: PodWorker,
  reply: CriResponsePayload,
  data: unknown,
): void {
  const failed = !!reply.error || (reply.response as CriResponses['ExecSync']).exitCode !== 0;
  preStopFinished(state, ctx, w, typeof data === 'string' ? data : '', failed);
}
