/**
 * Starts the runtime for the page: the sequencer in a Web Worker with the components in
 * workers of their own (per the placement), or, when Workers cannot start, everything on the
 * page itself. The fallback is logged and shown; the cluster behaves the same either way.
 */
import { nodePoolSize, type PlacementMode } from './placement.ts';
import { RuntimeClient } from './runtimeClient.ts';
import type { RuntimeCommand, RuntimeUpdate } from './runtimeProtocol.ts';
import { workerEndpoint } from './transport.ts';

export interface StartOptions {
  seed: number;
  speed: number;
  placement: PlacementMode;
  /** Virtual time the cluster runs before the page shows it (nodes register, become Ready). */
  warmUpMs?: number;
  /** Worker nodes to boot (default 3). */
  nodes?: number;
  /** How long the worker may take to send its first frame before the page gives up on it. */
  bootTimeoutMs?: number;
}

export async function startRuntime(options: StartOptions): Promise<RuntimeClient> {
  const pool = nodePoolSize(globalThis.navigator?.hardwareConcurrency);
  const boot: RuntimeCommand = {
    type: 'boot',
    seed: options.seed,
    placement: options.placement,
    pool,
    speed: options.speed,
    ...(options.warmUpMs ? { warmUpMs: options.warmUpMs } : {}),
    ...(options.nodes ? { nodes: options.nodes } : {}),
  };
  if (options.placement !== 'in-process') {
    try {
      const client = await startInWorker(boot, options.bootTimeoutMs ?? 10_000);
      return client;
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      console.warn(
        `Kubeviz: Web Workers could not start (${reason}); running on the page instead.`,
      );
      return startOnPage({ ...boot, placement: 'in-process' }, reason);
    }
  }
  return startOnPage(boot);
}

async function startOnPage(boot: RuntimeCommand, fallbackReason?: string): Promise<RuntimeClient> {
  const page = await import('./pageRuntime.ts');
  return page.startOnPage(boot, fallbackReason);
}

function startInWorker(
  boot: RuntimeCommand & { type: 'boot' },
  timeoutMs: number,
): Promise<RuntimeClient> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./workers/sequencer.worker.ts', import.meta.url), {
      type: 'module',
      name: 'sequencer',
    });
    const endpoint = workerEndpoint<RuntimeUpdate, RuntimeCommand>(worker);
    const client = new RuntimeClient(endpoint, { placement: boot.placement });
    let settled = false;
    const give = (error: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      worker.terminate();
      reject(new Error(error));
    };
    const timer = setTimeout(() => give('no answer from the sequencer worker'), timeoutMs);
    worker.addEventListener('error', (event) => give(event.message || 'the worker failed to load'));
    const stop = endpoint.listen((update) => {
      if (update.type === 'failed') give(update.error);
      if (update.type !== 'frame' || settled) return;
      settled = true;
      clearTimeout(timer);
      stop();
      resolve(client);
    });
    endpoint.post(boot);
  });
}
