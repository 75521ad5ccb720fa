/**
 * The simulated cloud provider's API, as the cloud-controller-manager's cloud provider
 * interface calls it (InstancesV2: InstanceExists, InstanceShutdown, InstanceMetadata;
 * LoadBalancer: GetLoadBalancer, EnsureLoadBalancer, UpdateLoadBalancer,
 * EnsureLoadBalancerDeleted), plus the machine inventory a user changes (not part of the
 * interface). Owned by the cloud-controller-manager work.
 *
 * Replies are `cloud.response` with `inReplyTo` the request's message id and either
 * `response` (shaped per method, see CloudResponses) or `error` (the cloud's error text, e.g.
 * 'instance not found' as cloudprovider.InstanceNotFound reads).
 */

export interface ServiceRef {
  namespace: string;
  name: string;
  uid: string;
}

export interface LoadBalancerPort {
  name?: string;
  port: number;
  nodePort: number;
  protocol: string;
}

export interface NodeAddress {
  type: 'InternalIP' | 'ExternalIP' | 'Hostname' | 'InternalDNS' | 'ExternalDNS';
  address: string;
}

export type CloudRequest =
  /** Instances are looked up by providerID, or by node name when the Node has none yet. */
  | { method: 'InstanceExists'; providerID: string; nodeName: string }
  | { method: 'InstanceShutdown'; providerID: string; nodeName: string }
  | { method: 'InstanceMetadata'; providerID: string; nodeName: string }
  | { method: 'GetLoadBalancer'; clusterName: string; service: ServiceRef }
  | {
      method: 'EnsureLoadBalancer';
      clusterName: string;
      service: ServiceRef;
      nodes: string[];
      ports: LoadBalancerPort[];
    }
  | { method: 'UpdateLoadBalancer'; clusterName: string; service: ServiceRef; nodes: string[] }
  | { method: 'EnsureLoadBalancerDeleted'; clusterName: string; service: ServiceRef }
  /** Inventory changes made by the user (not part of the cloud provider interface). */
  | {
      method: 'AddMachine';
      nodeName: string;
      zone?: string;
      instanceType?: string;
      internalIP?: string;
    }
  | { method: 'RemoveMachine'; nodeName: string }
  | { method: 'StopMachine'; nodeName: string }
  | { method: 'StartMachine'; nodeName: string };

/** What each method answers with. */
export interface CloudResponses {
  InstanceExists: { exists: boolean };
  InstanceShutdown: { shutdown: boolean };
  InstanceMetadata: {
    providerID: string;
    instanceType: string;
    nodeAddresses: NodeAddress[];
    zone: string;
    region: string;
  };
  GetLoadBalancer: { exists: boolean; ingress?: { ip: string; ipMode: 'VIP' }[] };
  EnsureLoadBalancer: { ingress: { ip: string; ipMode: 'VIP' }[] };
  UpdateLoadBalancer: Record<string, never>;
  EnsureLoadBalancerDeleted: { existed: boolean };
}

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
