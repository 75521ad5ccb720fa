/**
 * The sequencer Web Worker: owns virtual time and starts the component-host workers its
 * placement asks for (nested workers, so the page's thread only renders).
 */
import type { HostEnvelope, HostReplyEnvelope } from '../protocol.ts';
import type { RuntimeCommand, RuntimeUpdate } from '../runtimeProtocol.ts';
import { servePlayer } from '../servePlayer.ts';
import { selfEndpoint, workerEndpoint, type WorkerScope } from '../transport.ts';

servePlayer(selfEndpoint<RuntimeCommand, RuntimeUpdate>(self as unknown as WorkerScope), (name) =>
  workerEndpoint<HostReplyEnvelope, HostEnvelope>(
    new Worker(new URL('./host.worker.ts', import.meta.url), { type: 'module', name }),
  ),
);
