/**
 * A container as a process: its exit (answering waiting StopContainer calls), StopContainer's
 * SIGTERM then SIGKILL at the timeout, and the CRI container events the kubelet's evented PLEG
 * reads. Used by the RuntimeService calls and by the component's exit timers.
 */
import type { StepContext } from '../../sim/component.ts';
import type { ContainerEventType } from '../cri/protocol.ts';
import { containerStatus, sandboxStatus } from './criViews.ts';
import { killExecs } from './execRequest.ts';
import { reply } from './reply.ts';
import type { ContainerdState, ContainerRecord } from './state.ts';

/** One event of the CRI container event stream, to the kubelet. */
function emit(
  state: ContainerdState,
  ctx: StepContext,
  c: ContainerRecord,
  type: ContainerEventType,
): void {
  const sandbox = state.sandboxes.get(c.podSandboxId);
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

/** How long a process takes to grow into its memory before the kernel's OOM killer sees it. */
const OOM_AFTER_MS = 500;

/**
 * The process starts: its own exit is armed, and if it will use more memory than its cgroup's
 * limit, the kernel's OOM killer ends it first (exit 137, reason OOMKilled).
 */
export function startProcess(ctx: StepContext, c: ContainerRecord): void {
  c.state = 'CONTAINER_RUNNING';
  c.startedAt = ctx.now;
  c.token++;
  const b = c.behaviour;
  const oom = c.memoryLimitInBytes > 0 && b.memoryBytes > c.memoryLimitInBytes;
  if (oom && (b.exitAfterMs === null || b.exitAfterMs > OOM_AFTER_MS)) {
    ctx.note(
      `${c.metadata.name} grows to ${b.memoryBytes} bytes, over its ${c.memoryLimitInBytes} byte limit`,
    );
    ctx.setTimer(OOM_AFTER_MS, 'exit', {
      id: c.id,
      token: c.token,
      exitCode: 137,
      reason: 'OOMKilled',
    });
    return;
  }
  if (b.exitAfterMs !== null)
    ctx.setTimer(Math.max(1, b.exitAfterMs), 'exit', {
      id: c.id,
      token: c.token,
      exitCode: b.exitCode,
      reason: '',
    });
}

/**
 * The process ends: answers the StopContainer calls waiting for it and the execs that die with it,
 * and tells the kubelet.
 */
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
  killExecs(ctx, c);
  emit(state, ctx, c, 'CONTAINER_STOPPED_EVENT');
}

export function stopContainer(
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
