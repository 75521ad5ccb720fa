/**
 * Chain names as the iptables proxier derives them (pkg/proxy/iptables/proxier.go): the first
 * 16 characters of base32(sha256(servicePortName + protocol)), so that a name fits iptables'
 * 28-character limit and stays stable across restarts. servicePortName is
 * ServicePortName.String(), "namespace/name" plus ":portName" when the port is named, and the
 * protocol is lower case ("tcp"). Endpoint chains hash the endpoint ("10.244.1.5:8080") too.
 */
import { base32, sha256, utf8 } from './sha256.ts';

export const KUBE_SERVICES = 'KUBE-SERVICES';
export const KUBE_EXTERNAL_SERVICES = 'KUBE-EXTERNAL-SERVICES';
export const KUBE_NODEPORTS = 'KUBE-NODEPORTS';
export const KUBE_POSTROUTING = 'KUBE-POSTROUTING';
export const KUBE_MARK_MASQ = 'KUBE-MARK-MASQ';
export const KUBE_FORWARD = 'KUBE-FORWARD';
export const KUBE_PROXY_FIREWALL = 'KUBE-PROXY-FIREWALL';

export function portProtoHash(servicePortName: string, protocol: string): string {
  return base32(sha256(utf8(servicePortName + protocol))).slice(0, 16);
}

/** KUBE-SVC-: dispatches to the endpoints under the Cluster traffic policy. */
export function servicePortPolicyClusterChain(servicePortName: string, protocol: string): string {
  return `KUBE-SVC-${portProtoHash(servicePortName, protocol)}`;
}

/** KUBE-SVL-: dispatches to this node's endpoints under the Local traffic policy. */
export function servicePortPolicyLocalChainName(servicePortName: string, protocol: string): string {
  return `KUBE-SVL-${portProtoHash(servicePortName, protocol)}`;
}

/** KUBE-FW-: loadBalancerSourceRanges filtering. */
export function serviceFirewallChainName(servicePortName: string, protocol: string): string {
  return `KUBE-FW-${portProtoHash(servicePortName, protocol)}`;
}

/** KUBE-EXT-: where NodePort, LoadBalancer and external IP traffic enters. */
export function serviceExternalChainName(servicePortName: string, protocol: string): string {
  return `KUBE-EXT-${portProtoHash(servicePortName, protocol)}`;
}

/** KUBE-SEP-: one endpoint of one service port: the DNAT. */
export function servicePortEndpointChainName(
  servicePortName: string,
  protocol: string,
  endpoint: string,
): string {
  return `KUBE-SEP-${base32(sha256(utf8(servicePortName + protocol + endpoint))).slice(0, 16)}`;
}
