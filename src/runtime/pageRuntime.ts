/**
 * The whole runtime on the page's own thread: the fallback when Web Workers cannot start, and
 * the in-process placement. Loaded on demand so the first load stays small.
 */
import { inProcessHost } from './hosts/inProcessHost.ts';
import { RuntimeClient } from './runtimeClient.ts';
import type { RuntimeCommand, RuntimeUpdate } from './runtimeProtocol.ts';
import { servePlayer } from './servePlayer.ts';
import { loopbackPair } from './transport.ts';

export function startOnPage(boot: RuntimeCommand, fallbackReason?: string): RuntimeClient {
  const [pageSide, playerSide] = loopbackPair<RuntimeCommand, RuntimeUpdate>();
  servePlayer(playerSide, () => inProcessHost());
  const client = new RuntimeClient(pageSide, {
    placement: 'in-process',
    ...(fallbackReason !== undefined ? { fallbackReason } : {}),
  });
  pageSide.post(boot);
  return client;
}
