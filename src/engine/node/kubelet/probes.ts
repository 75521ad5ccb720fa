/**
 * Probe and hook specs as the kubelet reads them (with the API's defaults), and what the probe
 * results mean for a container's status (prober_manager UpdatePodStatus): a running container is
 * started once its startup probe has succeeded (at once without one), and ready once started and
 * its readiness probe has succeeded (at once without one).
 */
import type { PodWorker, ProbeType, RuntimeContainer } from './state.ts';

export interface HandlerSpec {
  exec?: { command?: string[] };
  httpGet?: { path?: string; port?: number | string; host?: string; scheme?: string };
  tcpSocket?: { port?: number | string; host?: string };
  sleep?: { seconds?: number };
}

export interface ProbeSpec extends HandlerSpec {
  initialDelaySeconds?: number;
  periodSeconds?: number;
  timeoutSeconds?: number;
  successThreshold?: number;
  failureThreshold?: number;
  terminationGracePeriodSeconds?: number;
}

export interface ProbedContainer {
  name: string;
  livenessProbe?: ProbeSpec;
  readinessProbe?: ProbeSpec;
  startupProbe?: ProbeSpec;
}

export const PROBE_TYPES: readonly ProbeType[] = ['liveness', 'readiness', 'startup'];

export function probeOf(c: ProbedContainer, type: ProbeType): ProbeSpec | undefined {
  if (type === 'liveness') return c.livenessProbe;
  if (type === 'readiness') return c.readinessProbe;
  return c.startupProbe;
}

/** The API's defaults for a probe's timing. */
export function timing(p: ProbeSpec) {
  return {
    periodMs: Math.max(1, p.periodSeconds ?? 10) * 1000,
    timeoutSeconds: Math.max(1, p.timeoutSeconds ?? 1),
    initialDelaySeconds: Math.max(0, p.initialDelaySeconds ?? 0),
    successThreshold: Math.max(1, p.successThreshold ?? 1),
    failureThreshold: Math.max(1, p.failureThreshold ?? 3),
  };
}

export const probeKey = (container: string, type: ProbeType) => `${container}/${type}`;

/** The result the results manager holds for this container instance, if any. */
function resultFor(w: PodWorker, name: string, type: ProbeType, id: string) {
  const pw = w.probes?.[probeKey(name, type)];
  if (!pw) return undefined;
  return pw.containerId === id ? (pw.result ?? 'None') : 'None';
}

/** started and ready of a container's status. */
export function probeStatus(
  w: PodWorker,
  c: ProbedContainer,
  current: RuntimeContainer,
): { started: boolean; ready: boolean } {
  if (current.state !== 'CONTAINER_RUNNING') return { started: false, ready: false };
  const startup = c.startupProbe ? resultFor(w, c.name, 'startup', current.id) : 'Success';
  const started = startup === 'Success';
  const readiness = c.readinessProbe ? resultFor(w, c.name, 'readiness', current.id) : 'Success';
  return { started, ready: started && readiness === 'Success' };
}

/** The probe whose failure means this running container must be killed, if any. */
export function failedProbe(
  w: PodWorker,
  name: string,
  id: string,
): 'liveness' | 'startup' | undefined {
  if (resultFor(w, name, 'liveness', id) === 'Failure') return 'liveness';
  if (resultFor(w, name, 'startup', id) === 'Failure') return 'startup';
  return undefined;
}
