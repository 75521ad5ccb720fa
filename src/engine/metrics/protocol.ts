/**
 * The simulated resource metrics pipeline: metrics-server scrapes each kubelet's resource
 * metrics endpoint, and a load generator (the outside world) tells nodes how much CPU each
 * workload's pods are asked to burn. Owned by the metrics pipeline; extend as needed.
 */
export interface MetricsScrapePayload {
  kind: 'metrics.scrape';
}

export interface PodUsage {
  namespace: string;
  name: string;
  /** CPU in millicores, memory in bytes, averaged over the scrape window. */
  containers: { name: string; cpuMilli: number; memoryBytes: number }[];
  /** RFC 3339 time of the sample and the window it covers. */
  timestamp: string;
  windowSeconds: number;
}

export interface MetricsReportPayload {
  kind: 'metrics.report';
  inReplyTo: string;
  node: string;
  pods: PodUsage[];
}

/**
 * CPU demand per pod, in millicores, from the load generator to a node's kubelet. Each message is
 * the node's whole demand: a pod it does not list is asked for nothing (an empty map ends the load).
 */
export interface LoadPayload {
  kind: 'load.demand';
  /** pod uid -> millicores the pod's containers are asked to use. */
  demand: Record<string, number>;
}

/**
 * A workload's total CPU demand: what the outside world asks of the pods a label selector picks
 * in a namespace (`{namespace: 'default', selector: 'app=web', millicores: 1200}`). The load
 * generator spreads it evenly over the workload's Running and Ready pods. 0 removes the workload.
 */
export interface WorkloadDemand {
  namespace: string;
  /** Label selector text, as `kubectl get -l` takes it. */
  selector: string;
  millicores: number;
}

/** The user (or a lesson) sets a workload's demand on the load generator. */
export interface LoadSetPayload {
  kind: 'load.set';
  workload: WorkloadDemand;
}

/** Component ids of the pipeline. */
export const METRICS_SERVER = 'metrics-server';
export const LOADGEN = 'loadgen';

/** The kubelet a scrape or a demand goes to. */
export function kubeletOf(node: string): string {
  return `kubelet/${node}`;
}
