/**
 * printHorizontalPodAutoscaler (v1.30). Since v1.30 (kubernetes#122804) resource metrics carry
 * their name in TARGETS: "cpu: 45%/50%"; Pods, Object and External metrics do not.
 */
import type {
  HorizontalPodAutoscaler,
  MetricSpec,
  MetricStatus,
} from 'kubernetes-types/autoscaling/v2';
import type { KubeObject } from '../api/objects.ts';
import { canonicalQuantity } from '../api/quantity.ts';
import { AGE, NAME, type ResourcePrinter } from './columns.ts';
import { since } from './time.ts';

/** Quantity.String(): canonical; a nil *Quantity prints "<nil>". */
function q(value: string | number | undefined | null): string {
  if (value === undefined || value === null) return '<nil>';
  return canonicalQuantity(value) ?? String(value);
}

const percent = (n: number | undefined | null) =>
  n === undefined || n === null ? undefined : `${n}%`;

function formatMetric(spec: MetricSpec, status: MetricStatus | undefined): string {
  switch (spec.type) {
    case 'External': {
      const target = spec.external?.target;
      if (target?.averageValue !== undefined) {
        const current = status?.external?.current?.averageValue;
        return `${current !== undefined ? q(current) : '<unknown>'}/${q(target.averageValue)} (avg)`;
      }
      const current = status?.external ? q(status.external.current?.value) : '<unknown>';
      return `${current}/${q(target?.value)}`;
    }
    case 'Pods': {
      const current = status?.pods ? q(status.pods.current?.averageValue) : '<unknown>';
      return `${current}/${q(spec.pods?.target.averageValue)}`;
    }
    case 'Object': {
      const target = spec.object?.target;
      if (target?.averageValue !== undefined) {
        const current = status?.object?.current?.averageValue;
        return `${current !== undefined ? q(current) : '<unknown>'}/${q(target.averageValue)} (avg)`;
      }
      const current = status?.object ? q(status.object.current?.value) : '<unknown>';
      return `${current}/${q(target?.value)}`;
    }
    case 'Resource':
    case 'ContainerResource': {
      const source = spec.type === 'Resource' ? spec.resource : spec.containerResource;
      const observed = spec.type === 'Resource' ? status?.resource : status?.containerResource;
      const name = source?.name ?? '';
      const target = source?.target;
      if (target?.averageValue !== undefined) {
        const current = observed ? q(observed.current?.averageValue) : '<unknown>';
        return `${name}: ${current}/${q(target.averageValue)}`;
      }
      const current = percent(observed?.current?.averageUtilization) ?? '<unknown>';
      return `${name}: ${current}/${percent(target?.averageUtilization) ?? '<auto>'}`;
    }
    default:
      return '<unknown type>';
  }
}

/** formatHPAMetrics: at most two metrics, then " + N more...". */
export function formatHPAMetrics(
  specs: readonly MetricSpec[] | undefined,
  statuses: readonly MetricStatus[] | undefined,
): string {
  const list = specs ?? [];
  if (list.length === 0) return '<none>';
  const max = 2;
  const shown = list.slice(0, max).map((spec, i) => formatMetric(spec, statuses?.[i]));
  const text = shown.join(', ');
  return list.length > max ? `${text} + ${list.length - max} more...` : text;
}

export const hpaPrinter: ResourcePrinter = {
  resource: 'horizontalpodautoscalers',
  groupKind: 'horizontalpodautoscaler.autoscaling',
  namespaced: true,
  columns: [
    NAME,
    { name: 'Reference' },
    { name: 'Targets' },
    { name: 'MinPods' },
    { name: 'MaxPods' },
    { name: 'Replicas' },
    AGE,
  ],
  row(obj: KubeObject, { now }) {
    const hpa = obj as unknown as HorizontalPodAutoscaler;
    const ref = hpa.spec?.scaleTargetRef;
    const min = hpa.spec?.minReplicas;
    return [
      hpa.metadata?.name ?? '',
      `${ref?.kind ?? ''}/${ref?.name ?? ''}`,
      formatHPAMetrics(hpa.spec?.metrics, hpa.status?.currentMetrics),
      min === undefined || min === null ? '<unset>' : String(min),
      hpa.spec?.maxReplicas ?? 0,
      hpa.status?.currentReplicas ?? 0,
      since(hpa.metadata?.creationTimestamp, now),
    ];
  },
};
