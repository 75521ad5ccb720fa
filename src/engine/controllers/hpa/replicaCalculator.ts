/**
 * The HPA's ReplicaCalculator for resource metrics (replica_calculator.go, GetResourceReplicas):
 * utilization = sum(usage) / sum(requests) over the pods that count, with the real treatment of
 * pending, unready and missing pods, the tolerance band, and the direction guards of the
 * recalculation. Times are epoch seconds.
 */
import type { KubeObject } from '../../api/objects.ts';
import { toMilli } from '../../api/quantity.ts';
import { parseRfc3339 } from '../../../shared/index.ts';
import { podPhase, readyCondition, requestContainers, startTimeSeconds } from './podutil.ts';

export interface PodMetric {
  /** Milli-units: millicores, or bytes * 1000 (Quantity.MilliValue). */
  value: number;
  timestamp: number;
  window: number;
}

/** Pod name -> its metric (metricsclient.PodMetricsInfo). */
export type PodMetricsInfo = Record<string, PodMetric>;

export interface ReplicaCalculatorConfig {
  tolerance: number;
  /** --horizontal-pod-autoscaler-cpu-initialization-period, seconds. */
  cpuInitializationPeriod: number;
  /** --horizontal-pod-autoscaler-initial-readiness-delay, seconds. */
  delayOfInitialReadinessStatus: number;
}

export interface GroupedPods {
  readyPodCount: number;
  unreadyPods: Set<string>;
  missingPods: Set<string>;
  ignoredPods: Set<string>;
}

export function groupPods(
  pods: KubeObject[],
  metrics: PodMetricsInfo,
  resource: string,
  config: ReplicaCalculatorConfig,
  now: number,
): GroupedPods {
  const g: GroupedPods = {
    readyPodCount: 0,
    unreadyPods: new Set(),
    missingPods: new Set(),
    ignoredPods: new Set(),
  };
  for (const pod of pods) {
    const name = pod.metadata.name ?? '';
    if (pod.metadata.deletionTimestamp || podPhase(pod) === 'Failed') {
      g.ignoredPods.add(name);
      continue;
    }
    if (podPhase(pod) === 'Pending') {
      g.unreadyPods.add(name);
      continue;
    }
    const metric = metrics[name];
    if (!metric) {
      g.missingPods.add(name);
      continue;
    }
    if (resource === 'cpu') {
      const condition = readyCondition(pod);
      const start = startTimeSeconds(pod);
      let unready: boolean;
      if (!condition || start === undefined) {
        unready = true;
      } else {
        const transition = parseRfc3339(condition.lastTransitionTime ?? '') ?? 0;
        if (start + config.cpuInitializationPeriod > now) {
          // Still initialising: trust only a ready pod with a full metric window since it became ready.
          unready = condition.status === 'False' || metric.timestamp < transition + metric.window;
        } else {
          // Past initialisation: ignore only a pod that has never been ready.
          unready =
            condition.status === 'False' &&
            start + config.delayOfInitialReadinessStatus > transition;
        }
      }
      if (unready) {
        g.unreadyPods.add(name);
        continue;
      }
    }
    g.readyPodCount++;
  }
  return g;
}

/** calculatePodRequests: milli-units per pod, or the error a container without a request gives. */
export function calculatePodRequests(
  pods: KubeObject[],
  container: string,
  resource: string,
): { requests: Record<string, number> } | { error: string } {
  const requests: Record<string, number> = {};
  for (const pod of pods) {
    let sum = 0;
    for (const c of requestContainers(pod)) {
      if (container !== '' && container !== c.name) continue;
      const request = c.resources?.requests?.[resource];
      if (request === undefined)
        return {
          error: `missing request for ${resource} in container ${c.name} of Pod ${pod.metadata.name ?? ''}`,
        };
      sum += toMilli(request);
    }
    requests[pod.metadata.name ?? ''] = sum;
  }
  return { requests };
}

/** metricsclient.GetResourceUtilizationRatio: integer utilization percent, as Go computes it. */
export function getResourceUtilizationRatio(
  metrics: PodMetricsInfo,
  requests: Record<string, number>,
  targetUtilization: number,
): { usageRatio: number; utilization: number; rawAverage: number } | { error: string } {
  let metricsTotal = 0;
  let requestsTotal = 0;
  let entries = 0;
  for (const [name, metric] of Object.entries(metrics)) {
    const request = requests[name];
    if (request === undefined) continue;
    metricsTotal += metric.value;
    requestsTotal += request;
    entries++;
  }
  if (requestsTotal === 0) return { error: 'no metrics returned matched known pods' };
  const utilization = Math.trunc((metricsTotal * 100) / requestsTotal);
  return {
    usageRatio: utilization / targetUtilization,
    utilization,
    rawAverage: Math.trunc(metricsTotal / entries),
  };
}

export interface ResourceReplicas {
  replicas: number;
  utilization: number;
  rawUtilization: number;
}

/** GetResourceReplicas after the metrics fetch and the pod list. */
export function getResourceReplicas(
  currentReplicas: number,
  targetUtilization: number,
  resource: string,
  container: string,
  podList: KubeObject[],
  fetched: PodMetricsInfo,
  config: ReplicaCalculatorConfig,
  now: number,
): ResourceReplicas | { error: string } {
  if (podList.length === 0)
    return { error: 'no pods returned by selector while calculating replica count' };
  const metrics: PodMetricsInfo = { ...fetched };
  const g = groupPods(podList, metrics, resource, config, now);
  for (const name of [...g.ignoredPods, ...g.unreadyPods]) delete metrics[name];
  if (Object.keys(metrics).length === 0)
    return { error: 'did not receive metrics for targeted pods (pods might be unready)' };
  const calculated = calculatePodRequests(podList, container, resource);
  if ('error' in calculated) return calculated;
  const requests = calculated.requests;
  const first = getResourceUtilizationRatio(metrics, requests, targetUtilization);
  if ('error' in first) return first;
  const { usageRatio, utilization, rawAverage: rawUtilization } = first;
  const done = (replicas: number): ResourceReplicas => ({ replicas, utilization, rawUtilization });

  const scaleUpWithUnready = g.unreadyPods.size > 0 && usageRatio > 1.0;
  if (!scaleUpWithUnready && g.missingPods.size === 0) {
    if (Math.abs(1.0 - usageRatio) <= config.tolerance) return done(currentReplicas);
    return done(Math.ceil(usageRatio * g.readyPodCount));
  }
  if (g.missingPods.size > 0) {
    if (usageRatio < 1.0) {
      // Scaling down: a pod without metrics counts as using its request (or the target, if higher).
      const fallback = Math.max(100, targetUtilization);
      for (const name of g.missingPods)
        metrics[name] = {
          value: Math.trunc(((requests[name] ?? 0) * fallback) / 100),
          timestamp: 0,
          window: 0,
        };
    } else if (usageRatio > 1.0) {
      for (const name of g.missingPods) metrics[name] = { value: 0, timestamp: 0, window: 0 };
    }
  }
  if (scaleUpWithUnready)
    for (const name of g.unreadyPods) metrics[name] = { value: 0, timestamp: 0, window: 0 };

  const second = getResourceUtilizationRatio(metrics, requests, targetUtilization);
  if ('error' in second) return second;
  const newUsageRatio = second.usageRatio;
  if (
    Math.abs(1.0 - newUsageRatio) <= config.tolerance ||
    (usageRatio < 1.0 && newUsageRatio > 1.0) ||
    (usageRatio > 1.0 && newUsageRatio < 1.0)
  )
    return done(currentReplicas);
  const newReplicas = Math.ceil(newUsageRatio * Object.keys(metrics).length);
  if (
    (newUsageRatio < 1.0 && newReplicas > currentReplicas) ||
    (newUsageRatio > 1.0 && newReplicas < currentReplicas)
  )
    return done(currentReplicas);
  return done(newReplicas);
}

/** GetMetricUsageRatio: the integer average usage against a raw target. */
function getMetricUsageRatio(metrics: PodMetricsInfo, targetUsage: number): [number, number] {
  const values = Object.values(metrics);
  const total = values.reduce((sum, m) => sum + m.value, 0);
  const usage = Math.trunc(total / values.length);
  return [usage / targetUsage, usage];
}

/** calcPlainMetricReplicas: an AverageValue target (GetRawResourceReplicas). */
export function getRawResourceReplicas(
  currentReplicas: number,
  targetUsage: number,
  resource: string,
  podList: KubeObject[],
  fetched: PodMetricsInfo,
  config: ReplicaCalculatorConfig,
  now: number,
): { replicas: number; usage: number } | { error: string } {
  if (podList.length === 0)
    return { error: 'no pods returned by selector while calculating replica count' };
  const metrics: PodMetricsInfo = { ...fetched };
  const g = groupPods(podList, metrics, resource, config, now);
  for (const name of [...g.ignoredPods, ...g.unreadyPods]) delete metrics[name];
  if (Object.keys(metrics).length === 0)
    return { error: 'did not receive metrics for targeted pods (pods might be unready)' };
  const [usageRatio, usage] = getMetricUsageRatio(metrics, targetUsage);
  const scaleUpWithUnready = g.unreadyPods.size > 0 && usageRatio > 1.0;
  if (!scaleUpWithUnready && g.missingPods.size === 0) {
    if (Math.abs(1.0 - usageRatio) <= config.tolerance) return { replicas: currentReplicas, usage };
    return { replicas: Math.ceil(usageRatio * g.readyPodCount), usage };
  }
  if (g.missingPods.size > 0) {
    const value = usageRatio < 1.0 ? targetUsage : 0;
    if (usageRatio !== 1.0)
      for (const name of g.missingPods) metrics[name] = { value, timestamp: 0, window: 0 };
  }
  if (scaleUpWithUnready)
    for (const name of g.unreadyPods) metrics[name] = { value: 0, timestamp: 0, window: 0 };
  const [newUsageRatio] = getMetricUsageRatio(metrics, targetUsage);
  if (
    Math.abs(1.0 - newUsageRatio) <= config.tolerance ||
    (usageRatio < 1.0 && newUsageRatio > 1.0) ||
    (usageRatio > 1.0 && newUsageRatio < 1.0)
  )
    return { replicas: currentReplicas, usage };
  const newReplicas = Math.ceil(newUsageRatio * Object.keys(metrics).length);
  if (
    (newUsageRatio < 1.0 && newReplicas > currentReplicas) ||
    (newUsageRatio > 1.0 && newReplicas < currentReplicas)
  )
    return { replicas: currentReplicas, usage };
  return { replicas: newReplicas, usage };
}
