/**
 * The proxier's view of one service port (proxy.BaseServicePortInfo plus the iptables
 * proxier's precomputed chain names), built from a Service as the ServiceChangeTracker does.
 */
import type { KubeObject } from '../../api/objects.ts';
import {
  serviceExternalChainName,
  serviceFirewallChainName,
  servicePortPolicyClusterChain,
  servicePortPolicyLocalChainName,
} from './chainNames.ts';

export interface ServicePortInfo {
  /** ServicePortName.String(): "default/web" or "default/web:http". */
  name: string;
  namespace: string;
  service: string;
  portName: string;
  /** Upper case, as in the API ("TCP"); the rules use the lower-case form. */
  protocol: string;
  clusterIP: string;
  port: number;
  /** 0 when the port has none. */
  nodePort: number;
  externalIPs: string[];
  /** status.loadBalancer.ingress IPs whose ipMode is VIP (or unset). */
  loadBalancerVIPs: string[];
  loadBalancerSourceRanges: string[];
  externallyAccessible: boolean;
  externalPolicyLocal: boolean;
  internalPolicyLocal: boolean;
  clusterPolicyChain: string;
  localPolicyChain: string;
  externalChain: string;
  firewallChain: string;
}

interface ServiceSpecView {
  type?: string;
  clusterIP?: string;
  externalIPs?: string[];
  externalTrafficPolicy?: string;
  internalTrafficPolicy?: string;
  loadBalancerSourceRanges?: string[];
  ports?: { name?: string; protocol?: string; port?: number; nodePort?: number }[];
}

interface LoadBalancerIngress {
  ip?: string;
  ipMode?: string;
}

/** The service's ports as the proxier tracks them; none for headless or ExternalName services. */
export function servicePortInfos(service: KubeObject): ServicePortInfo[] {
  const spec = (service.spec ?? {}) as ServiceSpecView;
  const clusterIP = spec.clusterIP ?? '';
  // ShouldSkipService: no cluster IP to proxy.
  if (!clusterIP || clusterIP === 'None' || spec.type === 'ExternalName') return [];
  const namespace = service.metadata.namespace ?? '';
  const name = service.metadata.name ?? '';
  const type = spec.type ?? 'ClusterIP';
  const externalIPs = spec.externalIPs ?? [];
  const externallyAccessible =
    type === 'LoadBalancer' || type === 'NodePort' || externalIPs.length > 0;
  const status = service.status as
    { loadBalancer?: { ingress?: LoadBalancerIngress[] } } | undefined;
  const vips = (status?.loadBalancer?.ingress ?? [])
    .filter((i) => i.ip && (i.ipMode === undefined || i.ipMode === 'VIP'))
    .map((i) => i.ip!);
  return (spec.ports ?? []).map((port) => {
    const portName = port.name ?? '';
    const spn = `${namespace}/${name}${portName ? `:${portName}` : ''}`;
    const protocol = port.protocol ?? 'TCP';
    const lower = protocol.toLowerCase();
    return {
      name: spn,
      namespace,
      service: name,
      portName,
      protocol,
      clusterIP,
      port: port.port ?? 0,
      nodePort: port.nodePort ?? 0,
      externalIPs,
      loadBalancerVIPs: type === 'LoadBalancer' ? vips : [],
      loadBalancerSourceRanges:
        type === 'LoadBalancer' ? (spec.loadBalancerSourceRanges ?? []) : [],
      externallyAccessible,
      // Only externally accessible services have an external policy at all.
      externalPolicyLocal: externallyAccessible && spec.externalTrafficPolicy === 'Local',
      internalPolicyLocal: spec.internalTrafficPolicy === 'Local',
      clusterPolicyChain: servicePortPolicyClusterChain(spn, lower),
      localPolicyChain: servicePortPolicyLocalChainName(spn, lower),
      externalChain: serviceExternalChainName(spn, lower),
      firewallChain: serviceFirewallChainName(spn, lower),
    };
  });
}

/** UsesClusterEndpoints: some traffic to this port is routed under the Cluster policy. */
export function usesClusterEndpoints(svc: ServicePortInfo): boolean {
  return !svc.internalPolicyLocal || (svc.externallyAccessible && !svc.externalPolicyLocal);
}

/** UsesLocalEndpoints: some traffic to this port is routed under the Local policy. */
export function usesLocalEndpoints(svc: ServicePortInfo): boolean {
  return svc.internalPolicyLocal || (svc.externallyAccessible && svc.externalPolicyLocal);
}
