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

/** CPU demand per pod, in millicores, from the load generator to a node's kubelet. */
export interface LoadPayload {
  kind: 'load.demand';
  /** pod uid -> millicores the pod's containers are asked to use. */
  demand: Record<string, number>;
}
