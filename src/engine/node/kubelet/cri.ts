/**
 * The kubelet's side of the CRI: calls to the node's runtime, remembered by message id until the
 * reply arrives, each with a tag saying what the reply is for (like the goroutine that would be
 * blocked on the gRPC call).
 */
import type { JsonValue } from '../../../shared/index.ts';
import type { StepContext } from '../../sim/component.ts';
import type { Envelope } from '../../sim/envelope.ts';
import type { CriRequest, CriResponsePayload } from '../cri/protocol.ts';
import type { KubeletState, PendingCri } from './state.ts';

export function criCall(
  state: KubeletState,
  ctx: StepContext,
  request: CriRequest,
  tag: string,
  uid?: string,
  data?: JsonValue,
): string {
  const id = ctx.send(state.config.runtime, { kind: 'cri.request', request });
  const pending: PendingCri = { tag, sentAt: ctx.now };
  if (uid !== undefined) pending.uid = uid;
  if (data !== undefined) pending.data = data;
  state.cri.set(id, pending);
  return id;
}

/** Claims a CRI reply: the call it answers and the reply itself. */
export function takeCriReply(
  state: KubeletState,
  message: Envelope,
): { call: PendingCri; reply: CriResponsePayload } | undefined {
  const p = message.payload;
  if (p.kind !== 'cri.response') return undefined;
  const call = state.cri.get(p.inReplyTo);
  if (!call) return undefined;
  state.cri.delete(p.inReplyTo);
  return { call, reply: p };
}
