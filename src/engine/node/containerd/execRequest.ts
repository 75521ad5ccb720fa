/**
 * ExecSync as containerd's CRI plugin serves it: the command runs in the container's namespaces;
 * the reply carries its output and exit code once it ends, or DeadlineExceeded once the timeout
 * passes. A command in a container that stops meanwhile dies with it (exit 137).
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
  if (result.durationMs === 0 && limit > 0)
    return reply(ctx, from, requestId, response satisfies CriResponses['ExecSync']);
  const timedOut = result.durationMs > limit;
  const after = timedOut ? limit : result.durationMs;
  if (after === Infinity) return; // waits for the container to stop (see finishExec)
  const data: ExecTimer = {
    from,
    requestId,
    id: c.id,
    token: c.token,
    result: timedOut
      ? { timeout: `timeout ${request.timeout}s exceeded: context deadline exceeded` }
      : response,
  };
  ctx.setTimer(Math.max(1, after), 'exec', data);
}

/** An exec's time is up: its reply, or exit 137 if the container stopped under it. */
export function finishExec(
  ctx: StepContext,
  c: ContainerRecord | undefined,
  timer: ExecTimer,
): void {
  const { from, requestId, result } = timer;
  if ('timeout' in result)
    return replyError(ctx, from, requestId, 'DeadlineExceeded', result.timeout);
  if (!c || c.token !== timer.token)
    return reply(ctx, from, requestId, { stdout: '', stderr: '', exitCode: 137 });
  reply(ctx, from, requestId, result);
}
