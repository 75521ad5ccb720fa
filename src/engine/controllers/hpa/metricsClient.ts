/**
 * The resource metrics client (metrics/client.go, resourceMetricsClient.GetResourceMetric): reads
 * a PodMetricsList from metrics.k8s.io and sums each pod's containers. A pod missing the resource
 * in any container (or, for a container metric, missing that container) is left out.
 */
import { toMilli } from '../../api/quantity.ts';
import { parseRfc3339 } from '../../../shared/index.ts';
import { parseGoDuration } from '../../metrics/podMetrics.ts';
import type { PodMetricsInfo } from './replicaCalculator.ts';

interface PodMetricsView {
  metadata?: { name?: string };
  timestamp?: string;
  window?: string;
  containers?: { name: string; usage?: Record<string, string> }[];
}

export function resourceMetricsFromList(
  list: unknown,
  resource: string,
  container: string,
): { metrics: PodMetricsInfo; timestamp: number } | { error: string } {
  const items = ((list as { items?: PodMetricsView[] } | null)?.items ?? []) as PodMetricsView[];
  if (items.length === 0) return { error: 'no metrics returned from resource metrics API' };
  const metrics: PodMetricsInfo = {};
  for (const m of items) {
    const containers = m.containers ?? [];
    let sum = 0;
    let missing = containers.length === 0;
    let found = container === '';
    for (const c of containers) {
      if (container !== '' && c.name !== container) continue;
      found = true;
      const usage = c.usage?.[resource];
      if (usage === undefined) {
        missing = true;
        break;
      }
      sum += toMilli(usage);
    }
    if (missing || !found) continue;
    metrics[m.metadata?.name ?? ''] = {
      value: sum,
      timestamp: parseRfc3339(m.timestamp ?? '') ?? 0,
      window: parseGoDuration(m.window ?? '') || 0,
    };
  }
  return { metrics, timestamp: parseRfc3339(items[0]?.timestamp ?? '') ?? 0 };
}
