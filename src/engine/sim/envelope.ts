import type { Payload } from '../protocol.ts';

/** The name of a component instance: 'etcd', 'kube-apiserver', 'kubelet/node-1', 'kubectl'. */
export type ComponentId = string;

/**
 * One message in flight between two components. Its identity is (from, n): the sender's name and
 * the sender's own message counter. Neither depends on when or where the sender ran, so a window of
 * deliveries can be processed in parallel (in Web Workers) and still order identically.
 */
export interface Envelope<P extends Payload = Payload> {
  /** `${from}#${n}`: unique in a run, stable across placements. */
  id: string;
  from: ComponentId;
  /** The sender's message counter when it sent this message. */
  n: number;
  to: ComponentId;
  sentAt: number;
  deliverAt: number;
  /** The trace seq of the delivery whose handling sent this message; null for a user action. */
  cause: number | null;
  payload: P;
}

/** Total delivery order: by deliverAt, then sender, then the sender's counter. */
export function compareEnvelopes(a: Envelope, b: Envelope): number {
  if (a.deliverAt !== b.deliverAt) return a.deliverAt - b.deliverAt;
  if (a.from !== b.from) return a.from < b.from ? -1 : 1;
  return a.n - b.n;
}
