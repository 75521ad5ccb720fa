/**
 * The page of the in-browser engine benchmark: starts the scale-up worker with the page's
 * `nodes` and `pods` parameters and leaves its answer in `window.scaleUp` for the harness.
 */
import type { ScaleUpResult } from '../scale.ts';
import type { ScaleUpRequest } from './scaleUp.worker.ts';

type Answer = { ok: true; result: ScaleUpResult } | { ok: false; error: string };

declare global {
  interface Window {
    scaleUp?: Answer;
  }
}

const params = new URLSearchParams(location.search);
const request: ScaleUpRequest = {
  nodes: Number(params.get('nodes') ?? 1000),
  pods: Number(params.get('pods') ?? 10_000),
};
const out = document.querySelector('output')!;
const finish = (answer: Answer) => {
  window.scaleUp = answer;
  out.textContent = JSON.stringify(answer);
};
const worker = new Worker(new URL('./scaleUp.worker.ts', import.meta.url), { type: 'module' });
worker.onmessage = (e: MessageEvent<Answer>) => finish(e.data);
worker.onerror = (e) => finish({ ok: false, error: e.message });
out.textContent = `Scaling a Deployment to ${request.pods} pods on ${request.nodes} nodes...`;
worker.postMessage(request);
