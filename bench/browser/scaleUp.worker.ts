/**
 * The engine scale-up in a dedicated Web Worker, where the page runs its engine: the same
 * measureScaleUp as the Node run, timed by the worker's own clock. It starts on a message with
 * the node and pod counts and answers with one message.
 */
import { measureScaleUp } from '../scale.ts';

export interface ScaleUpRequest {
  nodes: number;
  pods: number;
}

self.onmessage = (e: MessageEvent<ScaleUpRequest>) => {
  try {
    self.postMessage({ ok: true, result: measureScaleUp(e.data.nodes, e.data.pods) });
  } catch (err) {
    const error = err instanceof Error ? (err.stack ?? err.message) : String(err);
    self.postMessage({ ok: false, error });
  }
};
