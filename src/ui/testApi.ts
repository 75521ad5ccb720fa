/**
 * A small typed API on window for browser tests and for curious people in the console:
 * read the cluster's state and trace, and act on it, without scraping the DOM.
 */
import type { ApiResponsePayload, HttpMethod, RequestOptions } from '../engine/index.ts';
import type { ClusterSnapshot } from '../runtime/snapshot.ts';
import type { RuntimeClient, RuntimeStatus } from '../runtime/runtimeClient.ts';
import type { ClusterAction } from '../runtime/runtimeProtocol.ts';
import { caller } from './actions/kubectl.ts';

export interface KubevizTestApi {
  snapshot(): ClusterSnapshot;
  status(): RuntimeStatus;
  traceLength(): number;
  /** The whole trace as JSON, after everything asked before has been done. */
  exportTrace(): Promise<string>;
  request(method: HttpMethod, path: string, options?: RequestOptions): Promise<ApiResponsePayload>;
  act(action: ClusterAction): Promise<void>;
  advance(ms: number): void;
  /** Delivers exactly the next message. */
  step(): void;
  pause(): void;
}

declare global {
  interface Window {
    kubeviz?: KubevizTestApi;
  }
}

export function installTestApi(runtime: RuntimeClient): void {
  window.kubeviz = {
    snapshot: () => runtime.snapshot(),
    status: () => runtime.status,
    traceLength: () => runtime.traceCount(),
    exportTrace: () => runtime.exportTrace(),
    request: caller(runtime),
    act: (action) => runtime.act(action),
    advance: (ms) => runtime.advance(ms),
    step: () => runtime.step(),
    pause: () => runtime.pause(),
  };
}
