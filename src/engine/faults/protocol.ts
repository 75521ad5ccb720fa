/**
 * Faults a user (or a lesson) injects into the simulated world, beyond what the Kubernetes API
 * can do: they act on machines and processes, not on API objects. Each is sent from 'user' to the
 * component that suffers it, so it is an explicit event in the trace.
 */
export type Fault =
  /** The container's process exits (exitCode != 0), or is OOM-killed (exit 137, reason OOMKilled). */
  {
    type: 'crashContainer';
    namespace: string;
    pod: string;
    container: string;
    exitCode?: number;
    oomKilled?: boolean;
  };

export interface FaultPayload {
  kind: 'fault';
  fault: Fault;
}
