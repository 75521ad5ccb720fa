/**
 * ExecSync as containerd's CRI plugin serves it: the command runs in the container's namespaces;
 * the reply carries its output and exit code once it ends, or DeadlineExceeded once the timeout
 * passes. A command in a container that stops meanwhile dies with it (exit 137, see killExecs).
 */
import type { StepContext } from '../../sim/component.ts';
import type { CriRequest, CriResponses } from '../cri/protocol.ts';
import { runExec } from './execSync.ts';
import { reply, replyError } from './reply.ts';
import type { ContainerRecord, ExecTimer } from './state.ts';

export function execSync(
  ctx: StepContext,
  c: ContainerRecord,
  request: Extract<CriRequest, { method: 'ExecSync' }>,
  from: string,
  requestId: string,
): void {
  if (c.state !== 'CONTAINER_RUNNING')
    return replyError(
      ctx,
      from,
      requestId,
      'FailedPrecondition',
      `container is in ${c.state} state`,
    );
  const result = runExec(c.behaviour, request.cmd, ctx.now - c.startedAt);
  if ('error' in result) return replyError(ctx, from, requestId, 'Unknown', result.error);
  const limit = request.timeout > 0 ? request.timeout * 1000 : Infinity;
  const response = { stdout: result.stdout, stderr: result.stderr, exitCode: result.exitCode };
  if (result.durationMs === 0)
    return reply(ctx, from, requestId, response satisfies CriResponses['ExecSync']);
  const timedOut = result.durationMs > limit;
  const after = timedOut ? limit : result.durationMs;
  (c.execs ??= []).push([from, requestId]);
  // A command that never ends (and has no timeout) is answered only when the container exits.
  if (after === Infinity) return;
  const data: ExecTimer = {
    from,
    requestId,
    id: c.id,
    result: timedOut
      ? { timeout: `timeout ${request.timeout}s exceeded: context deadline exceeded` }
      : response,
  };
  ctx.setTimer(Math.max(1, after), 'exec', data);
}

/** An exec's time is up: its reply, unless the container's exit already ended it. */
export function finishExec(
  ctx: StepContext,
  c: ContainerRecord | undefined,
  timer: ExecTimer,
): void {
  const { from, requestId, result } = timer;
  const i = c?.execs?.findIndex(([, id]) => id === requestId) ?? -1;
  if (!c?.execs || i < 0) return;
  c.execs.splice(i, 1);
  if ('timeout' in result)
    return replyError(ctx, from, requestId, 'DeadlineExceeded', result.timeout);
  reply(ctx, from, requestId, result);
}

/**
 * The container has exited: the kernel killed every exec'd process with it (SIGKILL as the PID
 * namespace goes), and containerd's ExecSync reports that process's exit code, not an error.
 */
export function killExecs(ctx: StepContext, c: ContainerRecord): void {
  if (!c.execs?.length) return;
  for (const [to, id] of c.execs)
    reply(ctx, to, id, {
      stdout: '',
      stderr: '',
      exitCode: 137,
    } satisfies CriResponses['ExecSync']);
  c.execs = [];
}
