/**
 * The pod workers: one per pod, running SyncPod (level-based: compare the spec with what the
 * runtime reports, take the next step), then SyncTerminatingPod (stop the containers with the
 * grace period, then the sandbox) and SyncTerminatedPod. A step that needs the runtime is a CRI
 * call; the worker waits for its reply (one operation at a time, as the worker goroutine blocks)
 * and syncs again.
 */
import type { StepContext } from '../../sim/component.ts';
import { backoffGet, backoffNext, inBackoffSince } from './backoff.ts';
import { sandboxConfigOf, startContainer } from './containerStart.ts';
import { criCall } from './cri.ts';
import { containerFieldPath, formatPod, podEvent } from './events.ts';
import { goDuration } from './goDuration.ts';
import { killForProbe, killPod, needsKill } from './killPod.ts';
import { failedProbe } from './probes.ts';
import { addProbeWorkers } from './probeWorker.ts';
import { latest, specOf, type SpecContainer } from './podStatus.ts';
import type { KubeletState, PodWorker, RuntimeContainer } from './state.ts';
import { updatePodStatus } from './statusManager.ts';
import { scheduleWake } from './wakes.ts';

function shouldRestart(policy: string, c: RuntimeContainer): boolean {
  if (policy === 'Never') return false;
  // SyncPod decided to restart a container it killed for a probe before it saw the exit code.
  if (c.probeKill) return true;
  if (policy === 'OnFailure') return c.exitCode !== 0;
  return true;
}

/** getStableKey: the crash back-off is per pod and container. */
const crashKey = (w: PodWorker, name: string) => `${w.name}_${w.namespace}_${w.uid}_${name}`;

/** doBackOff: whether an exited container must still wait before it is restarted. */
function doBackOff(
  state: KubeletState,
  ctx: StepContext,
  w: PodWorker,
  c: SpecContainer,
  init: boolean,
  exited: RuntimeContainer | undefined,
): boolean {
  if (!exited) return false;
  const key = crashKey(w, c.name);
  if (inBackoffSince(state.crashBackoff, key, exited.finishedAt, ctx.now)) {
    const delay = goDuration(backoffGet(state.crashBackoff, key));
    podEvent(
      state,
      ctx,
      w,
      'Warning',
      'BackOff',
      `Back-off restarting failed container ${c.name} in pod ${formatPod(w)}`,
      containerFieldPath(c.name, init),
    );
    w.reasons[c.name] = {
      reason: 'CrashLoopBackOff',
      message: `back-off ${delay} restarting failed container=${c.name} pod=${formatPod(w)}`,
    };
    scheduleWake(state, ctx, w, exited.finishedAt + backoffGet(state.crashBackoff, key));
    return true;
  }
  backoffNext(state.crashBackoff, key, exited.finishedAt, ctx.now);
  return false;
}

/**
 * The exited instance doBackOff judges by. A container SyncPod killed for a probe is restarted in
 * the same sync, from a runtime status read before the kill: the newest exited instance there is
 * the one before it, so a container that ran long enough restarts at once.
 */
function backOffBasis(w: PodWorker, current: RuntimeContainer): RuntimeContainer | undefined {
  if (current.probeKill !== 'pending') return current;
  current.probeKill = 'checked';
  const list = w.containers[current.name] ?? [];
  return list[list.length - 2];
}

function waitingForPodCidr(state: KubeletState): boolean {
  return state.podCidr === '';
}

/** SyncPod: one step towards the spec. */
export function syncPod(state: KubeletState, ctx: StepContext, w: PodWorker): void {
  if (w.op) {
    w.pendingSync = true;
    return;
  }
  w.pendingSync = false;
  if (w.phase === 'terminated') {
    if (w.removed) {
      state.workers.delete(w.uid);
      state.statuses.delete(w.uid);
      return;
    }
    return updatePodStatus(state, ctx, w);
  }
  if (w.removed || w.pod.metadata.deletionTimestamp || w.terminal || w.phase === 'terminating') {
    w.phase = 'terminating';
    return syncTerminatingPod(state, ctx, w);
  }
  const spec = specOf(w.pod);
  if (!w.sandbox?.ready) {
    if (waitingForPodCidr(state)) return updatePodStatus(state, ctx, w);
    const attempt = w.sandbox ? w.sandbox.attempt + 1 : 0;
    w.sandbox = { id: '', ip: '', ready: false, attempt };
    w.op = { kind: 'sandbox', step: 'run' };
    criCall(
      state,
      ctx,
      {
        method: 'RunPodSandbox',
        config: sandboxConfigOf(w),
      },
      'runPodSandbox',
      w.uid,
    );
    return updatePodStatus(state, ctx, w);
  }
  if (!w.sandbox.ip) {
    w.op = { kind: 'sandbox', step: 'status' };
    criCall(
      state,
      ctx,
      { method: 'PodSandboxStatus', podSandboxId: w.sandbox.id },
      'podSandboxStatus',
      w.uid,
    );
    return;
  }
  // Init containers run one at a time, in order, each to a successful exit.
  const waitingRetry = (name: string) => (w.retryAt[name] ?? 0) > ctx.now;
  for (const c of spec.initContainers) {
    const current = latest(w, c.name);
    if (waitingRetry(c.name)) return updatePodStatus(state, ctx, w);
    if (!current) return startContainer(state, ctx, w, c, true);
    if (current.state !== 'CONTAINER_EXITED') return updatePodStatus(state, ctx, w);
    if (current.exitCode === 0) continue;
    if (spec.restartPolicy === 'Never') {
      w.terminal = true;
      return syncPod(state, ctx, w);
    }
    if (doBackOff(state, ctx, w, c, true, current)) return updatePodStatus(state, ctx, w);
    return startContainer(state, ctx, w, c, true);
  }
  if (w.probes === undefined) addProbeWorkers(ctx, w);
  for (const c of spec.containers) {
    const current = latest(w, c.name);
    if (current && current.state !== 'CONTAINER_EXITED') {
      const failed = current.state === 'CONTAINER_RUNNING' && failedProbe(w, c.name, current.id);
      if (failed) return killForProbe(state, ctx, w, current, failed);
      continue;
    }
    if (waitingRetry(c.name)) continue;
    if (current && !shouldRestart(spec.restartPolicy, current)) continue;
    if (current && doBackOff(state, ctx, w, c, false, backOffBasis(w, current))) continue;
    return startContainer(state, ctx, w, c, false);
  }
  // Nothing left to start: with restartPolicy Never or OnFailure the pod may be finished.
  const done =
    spec.restartPolicy !== 'Always' &&
    spec.containers.every((c) => {
      const current = latest(w, c.name);
      return current?.state === 'CONTAINER_EXITED' && !shouldRestart(spec.restartPolicy, current);
    });
  if (done) {
    w.terminal = true;
    return syncPod(state, ctx, w);
  }
  updatePodStatus(state, ctx, w);
}

/** SyncTerminatingPod: killPod (containers, then the sandbox), then SyncTerminatedPod. */
function syncTerminatingPod(state: KubeletState, ctx: StepContext, w: PodWorker): void {
  if (needsKill(w)) return killPod(state, ctx, w);
  // SyncTerminatedPod: nothing runs any more; the status is final.
  w.phase = 'terminated';
  syncPod(state, ctx, w);
}
