/**
 * The probe workers (pkg/kubelet/prober/worker.go): one per probe of each container of a pod that
 * has probes, ticking every periodSeconds from when the pod was first synced (the first tick at
 * once). A tick probes only a running container past initialDelaySeconds; liveness and readiness
 * wait until the startup probe has succeeded, and the startup probe stops once it has. The result
 * the results manager holds flips only after failureThreshold consecutive failures or
 * successThreshold consecutive successes; a new container starts from the probe's initial value
 * (readiness Failure, liveness Success, startup Unknown). A liveness or startup failure puts the
 * worker on hold until the container is replaced, and has the pod worker kill the container.
 *
 * The checks themselves: exec runs in the container through the runtime (ExecSync, with
 * timeoutSeconds); httpGet and tcpSocket are connections from the kubelet to the pod IP. Every
 * failed check records an Unhealthy event with the check's output.
 */
import type { StepContext } from '../../sim/component.ts';
import type { CriResponsePayload } from '../cri/protocol.ts';
import type { TrafficPayload } from '../../traffic/protocol.ts';
import { criCall } from './cri.ts';
import { dial, resolveProbePort } from './dials.ts';
import { latest, specOf, type SpecContainer } from './podStatus.ts';
import { PROBE_TYPES, probeKey, probeOf, probeStatus, timing, type ProbeSpec } from './probes.ts';
import type { KubeletState, PodWorker, ProbeResult, ProbeType, ProbeWorker } from './state.ts';
import { dialOutcome, execOutcome, probeErrored, setResult, specFor } from './probeResults.ts';

export const PROBE_TIMER = 'probe';

const INITIAL: Record<ProbeType, ProbeResult> = {
  readiness: 'Failure',
  liveness: 'Success',
  startup: 'Unknown',
};

/** prober_manager AddPod: a worker per probe, each ticking at once and then every period. */
export function addProbeWorkers(ctx: StepContext, w: PodWorker): void {
  if (w.probes) return;
  // Empty for a pod without probes, so that later syncs need not look again.
  const probes: Record<string, ProbeWorker> = (w.probes = {});
  for (const c of specOf(w.pod).containers)
    for (const type of PROBE_TYPES) {
      if (!probeOf(c, type)) continue;
      const key = probeKey(c.name, type);
      probes[key] = {
        type,
        container: c.name,
        containerId: '',
        lastResult: 'Unknown',
        resultRun: 0,
        onHold: false,
        stopped: false,
        seq: 0,
        timer: ctx.setTimer(1, PROBE_TIMER, { uid: w.uid, key }),
      };
    }
}

/** One tick of a worker's ticker. */
export function probeTick(
  state: KubeletState,
  ctx: StepContext,
  data: { uid: string; key: string },
  timerId: string,
): void {
  const w = state.workers.get(data.uid);
  const pw = w?.probes?.[data.key];
  if (!w || !pw || pw.timer !== timerId || pw.stopped) return;
  const spec = specFor(w, pw);
  if (!spec || stopIfDone(w, pw)) return;
  const t = timing(spec[1]);
  pw.timer = ctx.setTimer(t.periodMs, PROBE_TIMER, data);
  if (pw.inFlight) {
    // The worker is blocked on the probe until it answers, its timeout at the latest; a reply not
    // in by the tick after that was lost with the runtime, and the worker moves on.
    if (ctx.now - pw.inFlight.sentAt <= t.timeoutSeconds * 1000 + t.periodMs) {
      pw.tickQueued = true;
      return;
    }
    pw.inFlight = undefined;
  }
  doProbe(state, ctx, w, pw, spec);
}

function stopIfDone(w: PodWorker, pw: ProbeWorker): boolean {
  if (w.phase !== 'terminated' && !w.removed) return false;
  pw.stopped = true;
  return true;
}

/** The probe has answered: a tick that came while it ran starts the next one at once. */
function afterProbe(state: KubeletState, ctx: StepContext, w: PodWorker, pw: ProbeWorker): void {
  if (!pw.tickQueued) return;
  pw.tickQueued = false;
  const spec = specFor(w, pw);
  if (!spec || pw.stopped || pw.inFlight || stopIfDone(w, pw)) return;
  doProbe(state, ctx, w, pw, spec);
}

/** worker.go doProbe: whether and what to probe, for the container's latest instance. */
function doProbe(
  state: KubeletState,
  ctx: StepContext,
  w: PodWorker,
  pw: ProbeWorker,
  [container, probe]: [SpecContainer, ProbeSpec],
): void {
  const t = timing(probe);
  const c = latest(w, container.name);
  if (!c) return;
  if (c.id !== pw.containerId) {
    pw.containerId = c.id;
    pw.onHold = false;
    setResult(state, ctx, w, pw, INITIAL[pw.type]);
  }
  if (pw.onHold) return;
  if (c.state !== 'CONTAINER_RUNNING') {
    setResult(state, ctx, w, pw, 'Failure');
    if (c.state === 'CONTAINER_EXITED' && specOf(w.pod).restartPolicy === 'Never')
      pw.stopped = true;
    return;
  }
  if (w.pod.metadata.deletionTimestamp && pw.type !== 'readiness') {
    setResult(state, ctx, w, pw, 'Success');
    pw.stopped = true;
    return;
  }
  if (Math.floor((ctx.now - c.startedAt) / 1000) < t.initialDelaySeconds) return;
  const { started } = probeStatus(w, container, c);
  if (started === (pw.type === 'startup')) return;
  runProbe(state, ctx, w, pw, container, probe, c.id);
}

function runProbe(
  state: KubeletState,
  ctx: StepContext,
  w: PodWorker,
  pw: ProbeWorker,
  container: SpecContainer,
  probe: ProbeSpec,
  containerId: string,
): void {
  const seq = ++pw.seq;
  const key = probeKey(pw.container, pw.type);
  if (probe.exec) {
    const cmd = probe.exec.command ?? [];
    const timeout = timing(probe).timeoutSeconds;
    pw.inFlight = { seq, sentAt: ctx.now, containerId };
    criCall(state, ctx, { method: 'ExecSync', containerId, cmd, timeout }, 'probe', w.uid, {
      key,
      seq,
    });
    return;
  }
  const action = probe.httpGet ?? probe.tcpSocket;
  const ip = w.sandbox?.ip ?? '';
  const port = action && resolveProbePort(action.port, container.ports);
  if (!port || !ip) return;
  if (typeof port !== 'number') return probeErrored(state, ctx, w, pw, port.error);
  pw.inFlight = { seq, sentAt: ctx.now, containerId };
  dial(state, ctx, ip, port, {
    uid: w.uid,
    for: 'probe',
    key,
    seq,
  });
}

/** Claims the worker a probe's answer belongs to, if it is still waiting for it. */
function claim(w: PodWorker, key: string, seq: number): ProbeWorker | undefined {
  const pw = w.probes?.[key];
  if (!pw || pw.inFlight?.seq !== seq || pw.inFlight.containerId !== pw.containerId) return;
  pw.inFlight = undefined;
  return pw;
}

/** An exec probe's ExecSync reply. */
export function handleExecProbeReply(
  state: KubeletState,
  ctx: StepContext,
  w: PodWorker,
  reply: CriResponsePayload,
  data: unknown,
): void {
  const { key, seq } = data as { key: string; seq: number };
  const pw = claim(w, key, seq);
  if (!pw) return;
  execOutcome(state, ctx, w, pw, reply);
  afterProbe(state, ctx, w, pw);
}

/** An HTTP or TCP probe's connection answered (or was refused). */
export function handleDialProbeReply(
  state: KubeletState,
  ctx: StepContext,
  w: PodWorker,
  key: string,
  seq: number,
  response: NonNullable<TrafficPayload['response']>,
): void {
  const pw = claim(w, key, seq);
  if (!pw) return;
  dialOutcome(state, ctx, w, pw, response);
  afterProbe(state, ctx, w, pw);
}
