/**
 * A simulated network request to a Service, followed hop by hop: a client ('user', a pod's
 * runtime, or the cloud's load balancer) -> a node's kube-proxy rules -> the chosen backend's
 * container runtime, and the reply back the same way. Owned by kube-proxy.
 *
 * The protocol, hop by hop:
 * - The client sends `traffic` without `response` to `kube-proxy/<node>` (or, for a load
 *   balancer IP, to `cloud`), with `destination` the address it dialled and `hops` [itself].
 * - kube-proxy matches it against its node's rules. On a DNAT it records the connection
 *   (conntrack) and forwards the request to `containerd/<endpoint's node>` with `destination`
 *   rewritten to the endpoint "podIP:port" and its own id appended to `hops`.
 * - containerd answers the component that sent it the request (`envelope.from`) with the same
 *   `requestId`, its own id appended to `hops`, and `response` set: { status: 200, servedBy:
 *   '<namespace>/<pod>' } or { status: 0, error: 'connection refused' } when nothing listens there.
 * - kube-proxy finds the connection by `requestId`, restores the original `destination` (the
 *   reverse NAT) and passes the reply to the client, appending itself to `hops` again.
 * - When no rule takes the packet, or a rule rejects or drops it, kube-proxy answers the client
 *   at once with status 0 and the error a client would see ('connection refused',
 *   'connection timed out').
 */
export interface TrafficPayload {
  kind: 'traffic';
  /** Identifies one request across its hops. */
  requestId: string;
  /** ClusterIP:port, NodeIP:nodePort, the load balancer's IP:port; after DNAT podIP:port. */
  destination: string;
  protocol: 'TCP' | 'UDP' | 'SCTP';
  /** The client's IP; absent for a client outside the cluster. Kept across hops. */
  source?: string;
  /** The components visited so far, the client first, for the trace and the UI. */
  hops: string[];
  /** Set on the reply. */
  response?: { status: number; servedBy?: string; error?: string };
}
