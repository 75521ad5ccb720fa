/**
 * The prober, simulated: every probe of a healthy container succeeds, so what matters is when.
 * Each container's probe worker ticks every periodSeconds from the moment the pod was added to the
 * probe manager; a tick before initialDelaySeconds have passed since the container started does
 * not probe, and successThreshold consecutive successes are needed (readiness starts as failure).
 * Without a readiness probe a running container is ready; without a startup probe it is started.
 * Liveness probes always succeed here, so they never restart a container.
 */
import type { RuntimeContainer } from './state.ts';

interface ProbeSpec {
  initialDelaySeconds?: number;
  periodSeconds?: number;
  successThreshold?: number;
}

/** The first tick (on the worker's grid from `origin`) at which the probe has succeeded enough. */
function passAt(probe: ProbeSpec, origin: number, since: number, startedAt: number): number {
  const period = Math.max(1, probe.periodSeconds ?? 10) * 1000;
  const delay = Math.max(0, probe.initialDelaySeconds ?? 0);
  const threshold = Math.max(1, probe.successThreshold ?? 1);
  let k = Math.max(0, Math.ceil((since - origin) / period));
  // The worker compares whole seconds since the container started (int32 of Seconds()).
  while (Math.floor((origin + k * period - startedAt) / 1000) < delay) k++;
  return origin + (k + threshold - 1) * period;
}

export interface ProbeTimes {
  startedAt: number;
  readyAt: number;
}

/** When a running container counts as started and as ready. */
export function probeTimes(
  container: { startupProbe?: ProbeSpec; readinessProbe?: ProbeSpec },
  origin: number,
  c: RuntimeContainer,
): ProbeTimes {
  const startedAt = container.startupProbe
    ? passAt({ ...container.startupProbe, successThreshold: 1 }, origin, c.startedAt, c.startedAt)
    : c.startedAt;
  const readyAt = container.readinessProbe
    ? passAt(container.readinessProbe, origin, startedAt, c.startedAt)
    : startedAt;
  return { startedAt, readyAt };
}
