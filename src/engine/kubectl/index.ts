/**
 * kubectl's output as pure functions: `kubectl get` tables, the pod STATUS string, `kubectl
 * events`, and how API errors print. Time is always passed in as wall-clock seconds.
 */
export { podStatus, podReady, podRestarts, podColumns, type PodColumns } from './podStatus.ts';
export {
  printTable,
  kubectlGet,
  tableLines,
  noResourcesFound,
  type GetOptions,
  type GetOutput,
} from './table.ts';
export { findPrinter, PRINTABLE_RESOURCES } from './registry.ts';
export { kubectlEvents, eventInterval, type KubectlEventsOptions } from './events.ts';
export { formatKubectlError } from './errors.ts';
export { formatColumns } from './tabwriter.ts';
export {
  nodeStatus,
  findNodeRoles,
  serviceExternalIP,
  servicePorts,
  formatEndpoints,
} from './core.ts';
export { jobStatus } from './workloads.ts';
export { formatHPAMetrics } from './hpa.ts';
export { formatLabels, formatLabelSelector } from './format.ts';
export { since } from './time.ts';
export type { ResourcePrinter, Column, Cell } from './columns.ts';
