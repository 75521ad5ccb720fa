/**
 * A component host in the same thread as the sequencer, behind the same protocol a Web Worker
 * host speaks: what Node tests use, and what the page falls back to when Workers cannot start.
 */
import { FULL_COMPONENTS, type ComponentRegistry } from '../../engine/index.ts';
import type { HostEnvelope, HostReplyEnvelope } from '../protocol.ts';
import { loopbackPair, type Endpoint } from '../transport.ts';
import { HostServer, serveHost } from './hostServer.ts';

export function inProcessHost(
  options: { clone?: boolean; registry?: ComponentRegistry } = {},
): Endpoint<HostReplyEnvelope, HostEnvelope> {
  const [sequencerSide, hostSide] = loopbackPair<HostEnvelope, HostReplyEnvelope>({
    clone: options.clone ?? false,
  });
  serveHost(hostSide, new HostServer(options.registry ?? FULL_COMPONENTS));
  return sequencerSide;
}
