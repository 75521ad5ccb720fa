/**
 * The messages between the runtime's threads. Every message carries the protocol version so a
 * stale worker (an old bundle still cached) is refused loudly instead of misread.
 *
 *   sequencer  <->  component hosts   HostRequest / HostReply
 *   UI thread  <->  sequencer         RuntimeCommand / RuntimeUpdate (see runtimeProtocol.ts)
 */
import type {
  ComponentAnswer,
  ComponentId,
  ComponentQuery,
  ComponentSlot,
  Envelope,
  HostCommand,
  NetworkConfig,
  RemoteResult,
  StoreChanges,
} from '../engine/index.ts';

export const PROTOCOL_VERSION = 1;

/** What a component host is asked to do. Requests are answered in the order they were sent. */
export type HostRequest =
  /** The first request: the run's seed and network, which every host must share. */
  | { type: 'init'; seed: number; network: NetworkConfig }
  | { type: 'commands'; commands: HostCommand[] }
  | { type: 'deliver'; items: { envelope: Envelope; seq: number }[] }
  /** Copies of every slot this host runs (a checkpoint); restore puts such a copy back. */
  | { type: 'snapshot' }
  | { type: 'restore'; slots: ComponentSlot[] }
  /** etcd's changes since a revision, if this host runs etcd. */
  | { type: 'storeChanges'; since: number }
  /** A read-only look at one component's state for the inspector. */
  | { type: 'inspect'; id: ComponentId }
  /** A read-only question about one component's state (see componentQueries.ts). */
  | { type: 'query'; id: ComponentId; query: ComponentQuery };

export type HostReplyBody =
  | { type: 'init' }
  | { type: 'commands'; starts: { seq: number; result: RemoteResult }[] }
  | { type: 'deliver'; results: { seq: number; result: RemoteResult }[] }
  | { type: 'snapshot'; slots: ComponentSlot[] }
  | { type: 'restore' }
  | { type: 'storeChanges'; changes: StoreChanges | null }
  | { type: 'inspect'; state: unknown }
  | { type: 'query'; answer: ComponentAnswer };

export interface HostEnvelope {
  v: typeof PROTOCOL_VERSION;
  /** Matches a reply to its request. */
  id: number;
  request: HostRequest;
}

export interface HostReplyEnvelope {
  v: typeof PROTOCOL_VERSION;
  id: number;
  reply?: HostReplyBody;
  /** Set when the host itself failed (not a component: those crash inside results). */
  error?: string;
}

export function checkVersion(message: { v?: unknown }): void {
  if (message.v !== PROTOCOL_VERSION)
    throw new Error(
      `runtime protocol mismatch: got version ${String(message.v)}, expected ${PROTOCOL_VERSION}`,
    );
}
