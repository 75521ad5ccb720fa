/**
 * The pod row of `kubectl get pods`, re-derived from printPod in
 * pkg/printers/internalversion/printers.go as of v1.30: READY, STATUS, RESTARTS and the -o wide
 * columns. In v1.30 any pod with a deletionTimestamp reads "Terminating", even when its phase is
 * already Succeeded or Failed (that changed in v1.31, kubernetes#122038).
 */
import type { Container, ContainerStatus, Pod, PodCondition } from 'kubernetes-types/core/v1';
import { between, since, toSeconds } from './time.ts';

/** node.NodeUnreachablePodReason: the node controller marks pods of a lost node with it. */
export const NODE_UNREACHABLE_POD_REASON = 'NodeLost';

export interface PodColumns {
  name: string;
  ready: string;
  status: string;
  restarts: string;
  age: string;
  ip: string;
  node: string;
  nominatedNode: string;
  readinessGates: string;
}

/** A sidecar: an init container with restartPolicy Always (KEP-753). */
function isRestartableInitContainer(c: Container | undefined): boolean {
  return c?.restartPolicy === 'Always';
}

function hasCondition(conditions: readonly PodCondition[] | undefined, type: string): boolean {
  return (conditions ?? []).some((c) => c.type === type && c.status === 'True');
}

/** Epoch seconds of the last termination; -Infinity stands for Go's zero time. */
function lastTerminated(status: ContainerStatus): number {
  const terminated = status.lastState?.terminated;
  return terminated ? (toSeconds(terminated.finishedAt) ?? -Infinity) : -Infinity;
}

interface Computed {
  ready: number;
  total: number;
  reason: string;
  restarts: number;
  lastRestart: number;
}

function compute(pod: Pod): Computed {
  const spec = pod.spec;
  const status = pod.status ?? {};
  let restarts = 0;
  let sidecarRestarts = 0;
  let total = spec?.containers?.length ?? 0;
  let ready = 0;
  let lastRestart = -Infinity;
  let lastSidecarRestart = -Infinity;

  let reason: string = status.reason ? status.reason : (status.phase ?? '');
  for (const c of status.conditions ?? []) {
    if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }

  const initContainers = new Map<string, Container>();
  for (const c of spec?.initContainers ?? []) {
    initContainers.set(c.name, c);
    if (isRestartableInitContainer(c)) total++;
  }

  let initializing = false;
  const initStatuses = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const c = initStatuses[i] as ContainerStatus;
    const sidecar = isRestartableInitContainer(initContainers.get(c.name));
    restarts += c.restartCount ?? 0;
    lastRestart = Math.max(lastRestart, lastTerminated(c));
    if (sidecar) {
      sidecarRestarts += c.restartCount ?? 0;
      lastSidecarRestart = Math.max(lastSidecarRestart, lastTerminated(c));
    }
    const terminated = c.state?.terminated;
    const waiting = c.state?.waiting;
    if (terminated && (terminated.exitCode ?? 0) === 0) continue;
    if (sidecar && c.started === true) {
      if (c.ready) ready++;
      continue;
    }
    if (terminated) {
      if (!terminated.reason) {
        reason = terminated.signal
          ? `Init:Signal:${terminated.signal}`
          : `Init:ExitCode:${terminated.exitCode ?? 0}`;
      } else {
        reason = `Init:${terminated.reason}`;
      }
    } else if (waiting?.reason && waiting.reason !== 'PodInitializing') {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${i}/${spec?.initContainers?.length ?? 0}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || hasCondition(status.conditions, 'Initialized')) {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    // Walked from the last container to the first, so the first container's state wins.
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i] as ContainerStatus;
      restarts += c.restartCount ?? 0;
      lastRestart = Math.max(lastRestart, lastTerminated(c));
      const waiting = c.state?.waiting;
      const terminated = c.state?.terminated;
      if (waiting?.reason) {
        reason = waiting.reason;
      } else if (terminated?.reason) {
        reason = terminated.reason;
      } else if (terminated) {
        reason = terminated.signal
          ? `Signal:${terminated.signal}`
          : `ExitCode:${terminated.exitCode ?? 0}`;
      } else if (c.ready && c.state?.running) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      reason = hasCondition(status.conditions, 'Ready') ? 'Running' : 'NotReady';
    }
  }

  const deleting = pod.metadata?.deletionTimestamp;
  if (deleting && status.reason === NODE_UNREACHABLE_POD_REASON) reason = 'Unknown';
  else if (deleting) reason = 'Terminating';

  return { ready, total, reason, restarts, lastRestart };
}

/** The STATUS column of `kubectl get pods`. */
export function podStatus(pod: Pod): string {
  return compute(pod).reason;
}

/** The READY column: ready containers (and started sidecars) over all of them. */
export function podReady(pod: Pod): string {
  const c = compute(pod);
  return `${c.ready}/${c.total}`;
}

/** The RESTARTS column: "3 (5m ago)" once a container has a last termination time. */
export function podRestarts(pod: Pod, nowSeconds: number): string {
  return restartsText(compute(pod), nowSeconds);
}

function restartsText(c: Computed, nowSeconds: number): string {
  if (c.restarts === 0 || c.lastRestart === -Infinity) return String(c.restarts);
  return `${c.restarts} (${between(c.lastRestart, nowSeconds)} ago)`;
}

/** All of printPod's cells, the wide ones included. */
export function podColumns(pod: Pod, nowSeconds: number): PodColumns {
  const c = compute(pod);
  const status = pod.status ?? {};
  const restarts = restartsText(c, nowSeconds);
  const gates = pod.spec?.readinessGates ?? [];
  let readinessGates = '<none>';
  if (gates.length > 0) {
    let trueConditions = 0;
    for (const gate of gates) {
      const condition = (status.conditions ?? []).find((x) => x.type === gate.conditionType);
      if (condition?.status === 'True') trueConditions++;
    }
    readinessGates = `${trueConditions}/${gates.length}`;
  }
  return {
    name: pod.metadata?.name ?? '',
    ready: `${c.ready}/${c.total}`,
    status: c.reason,
    restarts,
    age: since(pod.metadata?.creationTimestamp, nowSeconds),
    ip: status.podIPs?.[0]?.ip || '<none>',
    node: pod.spec?.nodeName || '<none>',
    nominatedNode: status.nominatedNodeName || '<none>',
    readinessGates,
  };
}
