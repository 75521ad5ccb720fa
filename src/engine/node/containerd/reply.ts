import type { StepContext } from '../../sim/component.ts';
import type { GrpcCode } from '../cri/protocol.ts';

/** Answers a CRI call (the gRPC reply). */
export function reply(ctx: StepContext, to: string, requestId: string, response: object): void {
  ctx.send(to, {
    kind: 'cri.response',
    inReplyTo: requestId,
    response: response as Record<string, unknown>,
  });
}

/** Fails a CRI call with a gRPC status. */
export function replyError(
  ctx: StepContext,
  to: string,
  requestId: string,
  code: GrpcCode,
  message: string,
): void {
  ctx.send(to, { kind: 'cri.response', inReplyTo: requestId, error: { code, message } });
}
