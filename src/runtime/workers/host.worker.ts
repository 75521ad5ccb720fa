/** A component-host Web Worker: runs the components the sequencer places in it. */
import { FULL_COMPONENTS } from '../../engine/index.ts';
import { HostServer, serveHost } from '../hosts/hostServer.ts';
import type { HostEnvelope, HostReplyEnvelope } from '../protocol.ts';
import { selfEndpoint, type WorkerScope } from '../transport.ts';

serveHost(
  selfEndpoint<HostEnvelope, HostReplyEnvelope>(self as unknown as WorkerScope),
  new HostServer(FULL_COMPONENTS),
);
