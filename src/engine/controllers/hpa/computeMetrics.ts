/**
 * computeReplicasForMetrics for the metric sources the simulation serves: Resource and
 * ContainerResource from metrics.k8s.io (Utilization or AverageValue targets). Pods, Object and
 * External metrics need a custom or external metrics API, which no component serves: they fail
 * as they do in a cluster without one. Returns the proposal and the events/conditions to apply.
 */
import { canonicalQuantity } from '../../api/quantity.ts';
import type { KubeObject } from '../../api/objects.ts';
import { toMilli } from '../../api/quantity.ts';
import { resourceMetricsFromList } from './metricsClient.ts';
import {
  getRawResourceReplicas,
  getResourceReplicas,
  type ReplicaCalculatorConfig,
} from './replicaCalculator.ts';
import type { MetricStatus } from './status.ts';

export interface MetricTarget {
  type?: string;
  averageUtilization?: number;
  averageValue?: string | number;
  value?: string | number;
}

export interface MetricSpec {
  type: string;
  resource?: { name: string; target: MetricTarget };
  containerResource?: { name: string; container: string; target: MetricTarget };
  pods?: { metric: { name: string } };
  object?: { metric: { name: string } };
  external?: { metric: { name: string } };
}

/** What metrics.k8s.io answered: the PodMetricsList, or the error text the client saw. */
export type MetricsFetch = { list: unknown } | { error: string };

export interface MetricsOutcome {
  /** -1 when nothing can be done (every metric failed, or some failed and the rest would scale down). */
  replicas: number;
  metric: string;
  statuses: MetricStatus[] | undefined;
  error?: string;
  /** Warning events from failed metrics, in order: [reason, message]. */
  events: [string, string][];
  /** The ScalingActive condition to set. */
  scalingActive: { status: 'True' | 'False'; reason: string; message: string };
}

interface Proposal {
  replicas: number;
  metric: string;
  status: MetricStatus;
}

interface Failure {
  /** The reason of the condition and event. */
  reason: string;
  /** The error as getUnableComputeReplicaCountCondition saw it. */
  inner: string;
  /** The error computeReplicasForMetric returns. */
  outer: string;
}

export interface MetricsContext {
  namespace: string;
  specReplicas: number;
  pods: KubeObject[];
  fetch: MetricsFetch | undefined;
  config: ReplicaCalculatorConfig;
  now: number;
}

const milliQuantity = (milli: number): string => canonicalQuantity(`${milli}m`) ?? '0';

function resourceMetric(
  c: MetricsContext,
  resource: string,
  container: string,
  target: MetricTarget,
): { replicas: number; metric: string; current: Record<string, unknown> } | { error: string } {
  const isContainer = container !== '';
  if (target.averageValue === undefined && target.averageUtilization === undefined)
    return {
      error:
        'invalid resource metric source: neither an average utilization target nor an average value (usage) target was set',
    };
  const what = target.averageValue !== undefined ? 'usage' : 'utilization';
  const fetched =
    c.fetch === undefined
      ? { error: 'no metrics returned from resource metrics API' }
      : 'error' in c.fetch
        ? { error: `unable to fetch metrics from resource metrics API: ${c.fetch.error}` }
        : resourceMetricsFromList(c.fetch.list, resource, container);
  if ('error' in fetched)
    return {
      error: `failed to get ${resource} ${what}: unable to get metrics for resource ${resource}: ${fetched.error}`,
    };
  if (target.averageValue !== undefined) {
    const r = getRawResourceReplicas(
      c.specReplicas,
      toMilli(target.averageValue),
      resource,
      c.pods,
      fetched.metrics,
      c.config,
      c.now,
    );
    if ('error' in r) return { error: `failed to get ${resource} usage: ${r.error}` };
    return {
      replicas: r.replicas,
      metric: `${resource} resource`,
      current: { averageValue: milliQuantity(r.usage) },
    };
  }
  const r = getResourceReplicas(
    c.specReplicas,
    target.averageUtilization ?? 0,
    resource,
    container,
    c.pods,
    fetched.metrics,
    c.config,
    c.now,
  );
  if ('error' in r) return { error: `failed to get ${resource} utilization: ${r.error}` };
  return {
    replicas: r.replicas,
    metric: `${resource}${isContainer ? ' container' : ''} resource utilization (percentage of request)`,
    current: { averageUtilization: r.utilization, averageValue: milliQuantity(r.rawUtilization) },
  };
}

const NO_CUSTOM_API =
  'unable to fetch metrics from custom metrics API: the server could not find the requested resource';

function computeReplicasForMetric(c: MetricsContext, spec: MetricSpec): Proposal | Failure {
  if (spec.type === 'Resource' && spec.resource) {
    const { name, target } = spec.resource;
    const r = resourceMetric(c, name, '', target);
    if ('error' in r)
      return {
        reason: 'FailedGetResourceMetric',
        inner: r.error,
        outer: `failed to get ${name} resource metric value: ${r.error}`,
      };
    return { ...r, status: { type: 'Resource', resource: { name, current: r.current } } };
  }
  if (spec.type === 'ContainerResource' && spec.containerResource) {
    const { name, container, target } = spec.containerResource;
    const r = resourceMetric(c, name, container, target);
    if ('error' in r)
      return {
        reason: 'FailedGetContainerResourceMetric',
        inner: r.error,
        outer: `failed to get ${container} container metric value: ${r.error}`,
      };
    return {
      ...r,
      status: {
        type: 'ContainerResource',
        containerResource: { name, container, current: r.current },
      },
    };
  }
  const kinds: Record<string, [string, string, string | undefined]> = {
    Pods: ['FailedGetPodsMetric', 'pods', spec.pods?.metric.name],
    Object: ['FailedGetObjectMetric', 'object', spec.object?.metric.name],
    External: ['FailedGetExternalMetric', 'external', spec.external?.metric.name],
  };
  const kind = kinds[spec.type];
  if (kind) {
    const inner = `unable to get metric ${kind[2] ?? ''}: ${NO_CUSTOM_API}`;
    return { reason: kind[0], inner, outer: `failed to get ${kind[1]} metric value: ${inner}` };
  }
  const error = `unknown metric source type "${spec.type}"`;
  return { reason: 'InvalidMetricSourceType', inner: error, outer: error };
}

export function computeReplicasForMetrics(c: MetricsContext, specs: MetricSpec[]): MetricsOutcome {
  const statuses: MetricStatus[] = specs.map(() => ({ type: '' }));
  const events: [string, string][] = [];
  let replicas = 0;
  let metric = '';
  let invalid = 0;
  let first: Failure | undefined;
  specs.forEach((spec, i) => {
    const r = computeReplicasForMetric(c, spec);
    if ('reason' in r) {
      events.push([r.reason, r.inner]);
      if (invalid === 0) first = r;
      invalid++;
      return;
    }
    statuses[i] = r.status;
    if (replicas === 0 || r.replicas > replicas) {
      replicas = r.replicas;
      metric = r.metric;
    }
  });
  const error = first
    ? `invalid metrics (${invalid} invalid out of ${specs.length}), first error is: ${first.outer}`
    : undefined;
  if (first && (invalid >= specs.length || replicas < c.specReplicas)) {
    return {
      replicas: -1,
      metric: '',
      statuses,
      ...(error ? { error } : {}),
      events,
      scalingActive: {
        status: 'False',
        reason: first.reason,
        message: `the HPA was unable to compute the replica count: ${first.inner}`,
      },
    };
  }
  return {
    replicas,
    metric,
    statuses,
    ...(error ? { error } : {}),
    events,
    scalingActive: {
      status: 'True',
      reason: 'ValidMetricFound',
      message: `the HPA was able to successfully calculate a replica count from ${metric}`,
    },
  };
}

/** Whether any metric needs the resource metrics API (so the controller fetches PodMetrics first). */
export function needsResourceMetrics(specs: MetricSpec[]): boolean {
  return specs.some((s) => s.type === 'Resource' || s.type === 'ContainerResource');
}
