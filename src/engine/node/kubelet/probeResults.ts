/**
 * What a probe's answer means (pkg/kubelet/prober: prober.go's results, worker.go's thresholds and
 * the results manager): the check's output as the Unhealthy event gives it, the consecutive
 * successes or failures, and the result the status manager and the pod worker act on.
 */
import type { StepContext } from '../../sim/component.ts';
import { grpcErrorText, type CriResponsePayload, type CriResponses } from '../cri/protocol.ts';
import type { TrafficPayload } from '../../traffic/protocol.ts';
import { resolveProbePort } from './dials.ts';
import { containerFieldPath, podEvent } from './events.ts';
import { specOf, type SpecContainer } from './podStatus.ts';
import { probeOf, timing, type ProbeSpec } from './probes.ts';
import type { KubeletState, PodWorker, ProbeResult, ProbeType, ProbeWorker } from './state.ts';
import { syncPod } from './podWorker.ts';
import { updatePodStatus } from './statusManager.ts';

const TITLE: Record<ProbeType, string> = {
  liveness: 'Liveness',
  readiness: 'Readiness',
  startup: 'Startup',
};

export function specFor(w: PodWorker, pw: ProbeWorker): [SpecContainer, ProbeSpec] | undefined {
  const c = specOf(w.pod).containers.find((x) => x.name === pw.container);
  const probe = c && probeOf(c, pw.type);
  return c && probe ? [c, probe] : undefined;
}

/** The results manager's Set: publishes a change to whoever acts on it. */
export function setResult(
  state: KubeletState,
  ctx: StepContext,
  w: PodWorker,
  pw: ProbeWorker,
  result: ProbeResult,
): void {
  if (pw.result === result) return;
  pw.result = result;
  if (w.phase !== 'syncing') return;
  // Readiness and startup changes update the status; liveness and startup failures and a
  // startup success sync the pod.
  if (pw.type !== 'liveness') updatePodStatus(state, ctx, w);
  if (pw.type !== 'readiness' && (result === 'Failure' || pw.type === 'startup'))
    syncPod(state, ctx, w);
}

/** The worker's bookkeeping once a probe has answered: thresholds, then the result. */
function record(
  state: KubeletState,
  ctx: StepContext,
  w: PodWorker,
  pw: ProbeWorker,
  result: 'Success' | 'Failure',
  output: string,
): void {
  const spec = specFor(w, pw);
  if (!spec) return;
  if (result === 'Failure')
    podEvent(
      state,
      ctx,
      w,
      'Warning',
      'Unhealthy',
      `${TITLE[pw.type]} probe failed: ${output}`,
      containerFieldPath(pw.container, false),
    );
  if (pw.lastResult === result) pw.resultRun++;
  else {
    pw.lastResult = result;
    pw.resultRun = 1;
  }
  const t = timing(spec[1]);
  const threshold = result === 'Failure' ? t.failureThreshold : t.successThreshold;
  if (pw.resultRun < threshold) return;
  if (pw.type !== 'readiness' && result === 'Failure') {
    pw.onHold = true;
    pw.resultRun = 0;
  }
  setResult(state, ctx, w, pw, result);
}

/** A probe that could not run at all: an event, and its result is thrown away. */
export function probeErrored(
  state: KubeletState,
  ctx: StepContext,
  w: PodWorker,
  pw: ProbeWorker,
  error: string,
): void {
  podEvent(
    state,
    ctx,
    w,
    'Warning',
    'Unhealthy',
    `${TITLE[pw.type]} probe errored: ${error}`,
    containerFieldPath(pw.container, false),
  );
}

/** What an exec probe's ExecSync reply says. */
export function execOutcome(
  state: KubeletState,
  ctx: StepContext,
  w: PodWorker,
  pw: ProbeWorker,
  reply: CriResponsePayload,
): void {
  const spec = specFor(w, pw);
  if (!spec) return;
  if (reply.error) {
    if (reply.error.code === 'DeadlineExceeded') {
      const cmd = (spec[1].exec?.command ?? []).join(' ');
      return record(state, ctx, w, pw, 'Failure', `command "${cmd}" timed out`);
    }
    return probeErrored(state, ctx, w, pw, grpcErrorText(reply.error));
  }
  const r = reply.response as CriResponses['ExecSync'];
  record(state, ctx, w, pw, r.exitCode === 0 ? 'Success' : 'Failure', r.stdout + r.stderr);
}

/** What a connection to the pod says, for an httpGet or tcpSocket probe. */
export function dialOutcome(
  state: KubeletState,
  ctx: StepContext,
  w: PodWorker,
  pw: ProbeWorker,
  response: NonNullable<TrafficPayload['response']>,
): void {
  const spec = specFor(w, pw);
  if (!spec) return;
  const [container, probe] = spec;
  const ip = w.sandbox?.ip ?? '';
  const resolved = resolveProbePort((probe.httpGet ?? probe.tcpSocket)?.port, container.ports);
  const port = typeof resolved === 'number' ? resolved : 0;
  const dialError = `dial tcp ${ip}:${port}: connect: ${response.error ?? 'connection refused'}`;
  if (probe.httpGet) {
    const scheme = (probe.httpGet.scheme ?? 'HTTP').toLowerCase();
    const url = `${scheme}://${ip}:${port}${probe.httpGet.path ?? '/'}`;
    if (!response.status) return record(state, ctx, w, pw, 'Failure', `Get "${url}": ${dialError}`);
    if (response.status >= 200 && response.status < 400)
      return record(state, ctx, w, pw, 'Success', '');
    return record(
      state,
      ctx,
      w,
      pw,
      'Failure',
      `HTTP probe failed with statuscode: ${response.status}`,
    );
  }
  record(
    state,
    ctx,
    w,
    pw,
    response.status ? 'Success' : 'Failure',
    response.status ? '' : dialError,
  );
}
