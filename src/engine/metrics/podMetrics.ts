/**
 * The metrics.k8s.io/v1beta1 objects metrics-server serves: PodMetrics and PodMetricsList, in the
 * shape `kubectl get --raw /apis/metrics.k8s.io/v1beta1/namespaces/default/pods` prints.
 */
import { canonicalQuantity, formatBytes } from '../api/quantity.ts';
import type { KubeObject } from '../api/objects.ts';
import { formatRfc3339 } from '../../shared/index.ts';
import type { PodUsage } from './protocol.ts';

export const METRICS_API_VERSION = 'metrics.k8s.io/v1beta1';

/**
 * metav1.Duration's text (Go's time.Duration.String()): "15s", "10.5s", "1m0s". metrics-server's
 * window is the time between the two samples the rate came from.
 */
export function goDuration(seconds: number): string {
  if (seconds === 0) return '0s';
  const ms = Math.round(seconds * 1000);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  const sec = `${Number.isInteger(s) ? s : s.toFixed(3).replace(/0+$/, '')}s`;
  if (h > 0) return `${h}h${m}m${sec}`;
  if (m > 0) return `${m}m${sec}`;
  return sec;
}

/** Parses the Go duration text back to seconds ("1m0s" -> 60); NaN when malformed. */
export function parseGoDuration(text: string): number {
  const re = /(\d+(?:\.\d+)?)(h|m|s|ms)/g;
  let total = 0;
  let consumed = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const n = Number(m[1]);
    const unit = m[2];
    total += unit === 'h' ? n * 3600 : unit === 'm' ? n * 60 : unit === 'ms' ? n / 1000 : n;
    consumed += m[0].length;
  }
  return consumed === text.length && consumed > 0 ? total : NaN;
}

/** CPU as metrics-server writes it: nanocores in a canonical quantity ("400m", "1", "123456n"). */
export function cpuQuantity(milli: number): string {
  return canonicalQuantity(`${Math.round(milli * 1e6)}n`) ?? '0';
}

/** One pod's metrics; `now` is when the object is built (metrics-server sets creationTimestamp so). */
export function podMetricsOf(
  usage: PodUsage,
  labels: Record<string, string> | undefined,
  nowSeconds: number,
): KubeObject {
  const metadata: KubeObject['metadata'] = {
    name: usage.name,
    namespace: usage.namespace,
    creationTimestamp: formatRfc3339(nowSeconds),
  };
  if (labels && Object.keys(labels).length) metadata.labels = { ...labels };
  return {
    kind: 'PodMetrics',
    apiVersion: METRICS_API_VERSION,
    metadata,
    timestamp: usage.timestamp,
    window: goDuration(usage.windowSeconds),
    containers: usage.containers.map((c) => ({
      name: c.name,
      usage: { cpu: cpuQuantity(c.cpuMilli), memory: formatBytes(Math.round(c.memoryBytes)) },
    })),
  };
}

export function podMetricsList(items: KubeObject[]): Record<string, unknown> {
  return { kind: 'PodMetricsList', apiVersion: METRICS_API_VERSION, metadata: {}, items };
}
