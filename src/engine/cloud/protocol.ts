/**
 * The simulated cloud provider's API, as the cloud-controller-manager's cloud provider interface
 * calls it (Instances, LoadBalancer), plus the machine inventory a user changes by adding and
 * removing nodes. Owned by the cloud-controller-manager work; extend as needed.
 */
export type CloudRequest =
  | { method: 'InstanceExists'; providerID: string }
  | { method: 'InstanceMetadata'; nodeName: string }
  | {
      method: 'EnsureLoadBalancer';
      clusterName: string;
      service: { namespace: string; name: string; uid: string };
      nodes: string[];
      ports: { port: number; nodePort: number; protocol: string }[];
    }
  | {
      method: 'EnsureLoadBalancerDeleted';
      clusterName: string;
      service: { namespace: string; name: string; uid: string };
    }
  /** Inventory changes made by the user (not part of the cloud provider interface). */
  | { method: 'AddMachine'; nodeName: string; zone: string; instanceType: string }
  | { method: 'RemoveMachine'; nodeName: string };

export interface CloudRequestPayload {
  kind: 'cloud.request';
  request: CloudRequest;
}

export interface CloudResponsePayload {
  kind: 'cloud.response';
  inReplyTo: string;
  response?: Record<string, unknown>;
  error?: string;
}
