/**
 * A simulated network request to a Service, followed hop by hop: client -> a node's kube-proxy
 * rules -> the chosen backend pod. Owned by kube-proxy; extend as needed.
 */
export interface TrafficPayload {
  kind: 'traffic';
  /** Identifies one request across its hops. */
  requestId: string;
  /** ClusterIP:port, NodeIP:nodePort, or the load balancer's IP:port. */
  destination: string;
  protocol: 'TCP' | 'UDP' | 'SCTP';
  /** The hops so far, for the trace and the UI. */
  hops: string[];
  /** Set on the reply. */
  response?: { status: number; servedBy?: string; error?: string };
}
