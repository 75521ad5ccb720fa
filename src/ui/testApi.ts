/**
 * A small typed API on window for browser tests and for curious people in the console:
 * read the cluster's state and trace without scraping the DOM.
 */
import type { LocalRuntime, ClusterSnapshot } from '../runtime/localRuntime.ts';

export interface KubevizTestApi {
  snapshot(): ClusterSnapshot;
  traceLength(): number;
}

declare global {
  interface Window {
    kubeviz?: KubevizTestApi;
  }
}

export function installTestApi(runtime: LocalRuntime): void {
  window.kubeviz = {
    snapshot: () => runtime.snapshot(),
    traceLength: () => runtime.cluster.sequencer.trace.length,
  };
}
