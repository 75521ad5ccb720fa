/**
 * printPod, printDeployment, printReplicaSet, printDaemonSet and printJob (v1.30): the columns
 * and cells the apiserver's table convertor produces for `kubectl get`.
 */
import type { DaemonSet, Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Job, JobCondition } from 'kubernetes-types/batch/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { KubeObject } from '../api/objects.ts';
import { AGE, NAME, WIDE_CONTAINERS, type Cell, type ResourcePrinter } from './columns.ts';
import {
  formatLabelSelector,
  formatLabels,
  layoutContainerCells,
  selectorString,
} from './format.ts';
import { podColumns } from './podStatus.ts';
import { between, since, toSeconds } from './time.ts';

const as = <T>(obj: KubeObject) => obj as unknown as T;

/** What the workload printers read besides their own status cells. */
interface Workload {
  metadata?: { name?: string; creationTimestamp?: string };
  spec?: {
    selector?: LabelSelector;
    template?: { spec?: { containers?: readonly { name?: string; image?: string }[] } };
  };
}

/**
 * A workload's row: NAME, the printer's own cells, AGE, then the -o wide CONTAINERS, IMAGES and
 * SELECTOR (printed with formatLabelSelector unless the printer formats it otherwise).
 */
function workloadRow(
  w: Workload,
  now: number,
  cells: Cell[],
  selector = formatLabelSelector(w.spec?.selector),
): Cell[] {
  const [names, images] = layoutContainerCells(w.spec?.template?.spec?.containers);
  return [
    w.metadata?.name ?? '',
    ...cells,
    since(w.metadata?.creationTimestamp, now),
    names,
    images,
    selector,
  ];
}

export const podPrinter: ResourcePrinter = {
  resource: 'pods',
  groupKind: 'pod',
  namespaced: true,
  columns: [
    NAME,
    { name: 'Ready' },
    { name: 'Status' },
    { name: 'Restarts' },
    AGE,
    { name: 'IP', priority: 1 },
    { name: 'Node', priority: 1 },
    { name: 'Nominated Node', priority: 1 },
    { name: 'Readiness Gates', priority: 1 },
  ],
  row(obj, { now }) {
    const p = podColumns(as<Pod>(obj), now);
    return [
      p.name,
      p.ready,
      p.status,
      p.restarts,
      p.age,
      p.ip,
      p.node,
      p.nominatedNode,
      p.readinessGates,
    ];
  },
};

export const deploymentPrinter: ResourcePrinter = {
  resource: 'deployments',
  groupKind: 'deployment.apps',
  namespaced: true,
  columns: [
    NAME,
    { name: 'Ready' },
    { name: 'Up-to-date' },
    { name: 'Available' },
    AGE,
    ...WIDE_CONTAINERS,
  ],
  row(obj, { now }) {
    const d = as<Deployment>(obj);
    const cells = [
      // The internal type holds the defaulted replicas (1 when unset).
      `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 1}`,
      d.status?.updatedReplicas ?? 0,
      d.status?.availableReplicas ?? 0,
    ];
    return workloadRow(d, now, cells, selectorString(d.spec?.selector));
  },
};

export const replicaSetPrinter: ResourcePrinter = {
  resource: 'replicasets',
  groupKind: 'replicaset.apps',
  namespaced: true,
  columns: [
    NAME,
    { name: 'Desired' },
    { name: 'Current' },
    { name: 'Ready' },
    AGE,
    ...WIDE_CONTAINERS,
  ],
  row(obj, { now }) {
    const rs = as<ReplicaSet>(obj);
    return workloadRow(rs, now, [
      rs.spec?.replicas ?? 1,
      rs.status?.replicas ?? 0,
      rs.status?.readyReplicas ?? 0,
    ]);
  },
};

export const daemonSetPrinter: ResourcePrinter = {
  resource: 'daemonsets',
  groupKind: 'daemonset.apps',
  namespaced: true,
  columns: [
    NAME,
    { name: 'Desired' },
    { name: 'Current' },
    { name: 'Ready' },
    { name: 'Up-to-date' },
    { name: 'Available' },
    { name: 'Node Selector' },
    AGE,
    ...WIDE_CONTAINERS,
  ],
  row(obj, { now }) {
    const ds = as<DaemonSet>(obj);
    const s = ds.status;
    return workloadRow(ds, now, [
      s?.desiredNumberScheduled ?? 0,
      s?.currentNumberScheduled ?? 0,
      s?.numberReady ?? 0,
      s?.updatedNumberScheduled ?? 0,
      s?.numberAvailable ?? 0,
      formatLabels(ds.spec?.template?.spec?.nodeSelector),
    ]);
  },
};

/** hasJobCondition: the first condition of the type decides. */
function hasJobCondition(conditions: readonly JobCondition[] | undefined, type: string): boolean {
  const c = (conditions ?? []).find((x) => x.type === type);
  return c?.status === 'True';
}

/** The STATUS column added in v1.30 (kubernetes#123226). */
export function jobStatus(job: Job): string {
  const conditions = job.status?.conditions;
  if (hasJobCondition(conditions, 'Complete')) return 'Complete';
  if (hasJobCondition(conditions, 'Failed')) return 'Failed';
  if (job.metadata?.deletionTimestamp) return 'Terminating';
  if (hasJobCondition(conditions, 'Suspended')) return 'Suspended';
  if (hasJobCondition(conditions, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

function jobCompletions(job: Job): string {
  const succeeded = job.status?.succeeded ?? 0;
  if (job.spec?.completions !== undefined && job.spec.completions !== null) {
    return `${succeeded}/${job.spec.completions}`;
  }
  const parallelism = job.spec?.parallelism ?? 0;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

function jobDuration(job: Job, now: number): string {
  const start = toSeconds(job.status?.startTime);
  if (start === undefined) return '';
  const end = toSeconds(job.status?.completionTime);
  return between(start, end ?? now);
}

export const jobPrinter: ResourcePrinter = {
  resource: 'jobs',
  groupKind: 'job.batch',
  namespaced: true,
  columns: [
    NAME,
    { name: 'Status' },
    { name: 'Completions' },
    { name: 'Duration' },
    AGE,
    ...WIDE_CONTAINERS,
  ],
  row(obj, { now }) {
    const job = as<Job>(obj);
    return workloadRow(job, now, [jobStatus(job), jobCompletions(job), jobDuration(job, now)]);
  },
};
