/**
 * tryUpdateNodeHealth: the controller's own record of when it last heard from each node (a new
 * Ready heartbeat in the node status, or a renewed Lease in kube-node-lease), measured on the
 * controller's clock so clock skew between nodes does not matter; and, once a node has been
 * silent longer than its grace period, the Unknown conditions the controller posts for it.
 */
import { deepCopy, parseRfc3339 } from '../../../shared/index.ts';
import type { KubeObject } from '../../api/objects.ts';

export interface NodeCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastHeartbeatTime?: string;
  lastTransitionTime?: string;
}

export interface NodeHealthData {
  /** Virtual ms when the controller last saw a heartbeat. */
  probeTimestamp: number;
  readyTransitionTimestamp: number;
  /** The Ready condition as last seen (the part of the status the checks compare). */
  ready: NodeCondition | undefined;
  leaseRenewTime: string | undefined;
}

export interface HealthCheck {
  health: NodeHealthData;
  gracePeriodMs: number;
  observedReady: NodeCondition;
  currentReady: NodeCondition | undefined;
  /** The node with Unknown conditions, when the controller must post them (UpdateStatus). */
  updated: KubeObject | undefined;
}

/** The conditions the controller turns Unknown; NetworkUnavailable belongs to the control plane. */
const MONITORED_CONDITIONS = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];

export function conditionsOf(node: KubeObject): NodeCondition[] {
  return (node.status as { conditions?: NodeCondition[] } | undefined)?.conditions ?? [];
}

export function readyConditionOf(node: KubeObject): NodeCondition | undefined {
  return conditionsOf(node).find((c) => c.type === 'Ready');
}

export interface Clock {
  nowMs: number;
  /** RFC 3339 of nowMs. */
  now: string;
  /** Virtual ms of an RFC 3339 timestamp. */
  msOf(timestamp: string | undefined): number;
}

export function clockFor(
  nowMs: number,
  startSeconds: number,
  format: (s: number) => string,
): Clock {
  return {
    nowMs,
    now: format(startSeconds + nowMs / 1000),
    msOf: (ts) => {
      const s = ts === undefined ? undefined : parseRfc3339(ts);
      return s === undefined ? nowMs : Math.round((s - startSeconds) * 1000);
    },
  };
}

const sameCondition = (a: NodeCondition | undefined, b: NodeCondition | undefined): boolean =>
  JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export function tryUpdateNodeHealth(
  saved: NodeHealthData | undefined,
  node: KubeObject,
  lease: KubeObject | undefined,
  clock: Clock,
  gracePeriods: { monitorMs: number; startupMs: number },
): HealthCheck {
  let health = saved;
  const currentReady = readyConditionOf(node);
  const created = clock.msOf(node.metadata.creationTimestamp);
  let observedReady: NodeCondition;
  let gracePeriodMs: number;
  if (!currentReady) {
    // The kubelet never posted status: count from the node's creation, with the startup grace.
    observedReady = {
      type: 'Ready',
      status: 'Unknown',
      lastHeartbeatTime: node.metadata.creationTimestamp,
      lastTransitionTime: node.metadata.creationTimestamp,
    };
    gracePeriodMs = gracePeriods.startupMs;
    health = health
      ? { ...health, ready: undefined }
      : {
          probeTimestamp: created,
          readyTransitionTimestamp: created,
          ready: undefined,
          leaseRenewTime: undefined,
        };
  } else {
    observedReady = { ...currentReady };
    gracePeriodMs = gracePeriods.monitorMs;
  }
  const savedReady = health?.ready;
  const savedLease = health?.leaseRenewTime;
  const fresh = (leaseRenewTime = savedLease): NodeHealthData => ({
    probeTimestamp: clock.nowMs,
    readyTransitionTimestamp: clock.nowMs,
    ready: currentReady,
    leaseRenewTime,
  });
  if (!health) health = fresh(undefined);
  else if ((!savedReady && currentReady) || (savedReady && !currentReady)) health = fresh();
  else if (
    savedReady &&
    currentReady &&
    savedReady.lastHeartbeatTime !== currentReady.lastHeartbeatTime
  ) {
    const transitioned = savedReady.lastTransitionTime !== currentReady.lastTransitionTime;
    health = {
      probeTimestamp: clock.nowMs,
      readyTransitionTimestamp: transitioned ? clock.nowMs : health.readyTransitionTimestamp,
      ready: currentReady,
      leaseRenewTime: savedLease,
    };
  }
  // A renewed Lease is a heartbeat too, even if the kubelet posts no status.
  const renewTime = (lease?.spec as { renewTime?: string } | undefined)?.renewTime;
  if (
    lease &&
    renewTime !== undefined &&
    (savedLease === undefined || clock.msOf(savedLease) < clock.msOf(renewTime))
  ) {
    health = { ...health, leaseRenewTime: renewTime, probeTimestamp: clock.nowMs };
  }

  if (clock.nowMs > health.probeTimestamp + gracePeriodMs) {
    const copy = deepCopy(node);
    const status = (copy.status ??= {}) as { conditions?: NodeCondition[] };
    const conditions = (status.conditions ??= []);
    for (const type of MONITORED_CONDITIONS) {
      const c = conditions.find((x) => x.type === type);
      if (!c) {
        conditions.push({
          type,
          status: 'Unknown',
          reason: 'NodeStatusNeverUpdated',
          message: 'Kubelet never posted node status.',
          lastHeartbeatTime: node.metadata.creationTimestamp,
          lastTransitionTime: clock.now,
        });
      } else if (c.status !== 'Unknown') {
        c.status = 'Unknown';
        c.reason = 'NodeStatusUnknown';
        c.message = 'Kubelet stopped posting node status.';
        c.lastTransitionTime = clock.now;
      }
    }
    const newReady = conditions.find((c) => c.type === 'Ready');
    if (!sameCondition(newReady, observedReady)) {
      return {
        health: {
          probeTimestamp: health.probeTimestamp,
          readyTransitionTimestamp: clock.nowMs,
          ready: newReady,
          leaseRenewTime: renewTime ?? health.leaseRenewTime,
        },
        gracePeriodMs,
        observedReady,
        currentReady: newReady,
        updated: copy,
      };
    }
  }
  return { health, gracePeriodMs, observedReady, currentReady, updated: undefined };
}
