/**
 * The rules syncProxyRules writes for one service port (proxier.go's loop body, v1.30): which
 * policy chains it uses, capturing its clusterIP, externalIPs, load-balancer IPs and node port,
 * masquerading, the firewall chain, and the endpoint chains with their DNAT. Its own file because
 * it is the per-service half of the sync; the table-wide rules stay in syncProxyRules.ts.
 */
import {
  KUBE_EXTERNAL_SERVICES,
  KUBE_MARK_MASQ,
  KUBE_NODEPORTS,
  KUBE_PROXY_FIREWALL,
  KUBE_SERVICES,
} from './chainNames.ts';
import { categorizeEndpoints, type EndpointInfo } from './endpointsMap.ts';
import type { Match, Rule } from './ruleTable.ts';
import type { ServicePortInfo } from './serviceInfo.ts';
import type { ProxierOptions } from './syncProxyRules.ts';
import { comment, proto, writeServiceToEndpointRules, type Tables } from './tableBuilder.ts';

export function writeServicePortRules(
  t: Tables,
  svc: ServicePortInfo,
  all: EndpointInfo[],
  options: ProxierOptions,
): void {
  const p = svc.protocol.toLowerCase();
  const name = svc.name;
  const { clusterEndpoints, localEndpoints, allReachableEndpoints, hasAnyEndpoints } =
    categorizeEndpoints(all, svc);
  const usesClusterPolicyChain = clusterEndpoints.length > 0;
  const usesLocalPolicyChain = localEndpoints.length > 0;
  let internalTrafficChain = svc.clusterPolicyChain;
  let hasInternalEndpoints = hasAnyEndpoints;
  if (svc.internalPolicyLocal) {
    internalTrafficChain = svc.localPolicyChain;
    if (localEndpoints.length === 0) hasInternalEndpoints = false;
  }
  let externalPolicyChain = svc.clusterPolicyChain;
  let hasExternalEndpoints = hasAnyEndpoints;
  if (svc.externalPolicyLocal) {
    externalPolicyChain = svc.localPolicyChain;
    if (localEndpoints.length === 0) hasExternalEndpoints = false;
  }
  const externalTrafficChain = svc.externalChain;
  const usesExternalTrafficChain = hasAnyEndpoints && svc.externallyAccessible;
  const usesFWChain =
    hasAnyEndpoints && svc.loadBalancerVIPs.length > 0 && svc.loadBalancerSourceRanges.length > 0;
  const loadBalancerTrafficChain = usesFWChain ? svc.firewallChain : externalTrafficChain;

  let internalFilterTarget = '';
  let internalFilterComment = '';
  let externalFilterTarget = '';
  let externalFilterComment = '';
  if (!hasAnyEndpoints) {
    internalFilterTarget = externalFilterTarget = 'REJECT';
    internalFilterComment = externalFilterComment = `${name} has no endpoints`;
  } else {
    if (!hasInternalEndpoints) {
      internalFilterTarget = 'DROP';
      internalFilterComment = `${name} has no local endpoints`;
    }
    if (!hasExternalEndpoints) {
      externalFilterTarget = 'DROP';
      externalFilterComment = `${name} has no local endpoints`;
    }
  }
  const rejectArgs = (target: string) =>
    target === 'REJECT' ? ['--reject-with', 'icmp-port-unreachable'] : undefined;
  const filterRule = (
    c: string,
    dest: string | undefined,
    port: number,
    target: string,
    extra: Match[] = [],
  ): Rule => ({
    ...(dest ? { destination: dest } : {}),
    protocol: p,
    matches: [comment(c), ...extra, proto(p, port)],
    target,
    ...(rejectArgs(target) ? { targetArgs: rejectArgs(target)! } : {}),
  });

  // Capture the clusterIP.
  if (hasInternalEndpoints) {
    t.add('nat', KUBE_SERVICES, {
      destination: svc.clusterIP,
      protocol: p,
      matches: [comment(`${name} cluster IP`), proto(p, svc.port)],
      target: internalTrafficChain,
    });
  } else {
    t.add(
      'filter',
      KUBE_SERVICES,
      filterRule(internalFilterComment, svc.clusterIP, svc.port, internalFilterTarget),
    );
  }
  // Capture externalIPs.
  for (const ip of svc.externalIPs) {
    if (hasAnyEndpoints)
      t.add('nat', KUBE_SERVICES, {
        destination: ip,
        protocol: p,
        matches: [comment(`${name} external IP`), proto(p, svc.port)],
        target: externalTrafficChain,
      });
    if (!hasExternalEndpoints)
      t.add(
        'filter',
        KUBE_EXTERNAL_SERVICES,
        filterRule(externalFilterComment, ip, svc.port, externalFilterTarget),
      );
  }
  // Capture load-balancer ingress.
  for (const ip of svc.loadBalancerVIPs) {
    if (hasAnyEndpoints)
      t.add('nat', KUBE_SERVICES, {
        destination: ip,
        protocol: p,
        matches: [comment(`${name} loadbalancer IP`), proto(p, svc.port)],
        target: loadBalancerTrafficChain,
      });
    if (usesFWChain)
      t.add(
        'filter',
        KUBE_PROXY_FIREWALL,
        filterRule(`${name} traffic not accepted by ${svc.firewallChain}`, ip, svc.port, 'DROP'),
      );
  }
  if (!hasExternalEndpoints)
    for (const ip of svc.loadBalancerVIPs)
      t.add(
        'filter',
        KUBE_EXTERNAL_SERVICES,
        filterRule(externalFilterComment, ip, svc.port, externalFilterTarget),
      );
  // Capture nodeports.
  if (svc.nodePort !== 0) {
    if (hasAnyEndpoints)
      t.add('nat', KUBE_NODEPORTS, {
        protocol: p,
        matches: [comment(name), proto(p, svc.nodePort)],
        target: externalTrafficChain,
      });
    if (!hasExternalEndpoints)
      t.add(
        'filter',
        KUBE_EXTERNAL_SERVICES,
        filterRule(externalFilterComment, undefined, svc.nodePort, externalFilterTarget, [
          { module: 'addrtype', dstType: 'LOCAL' },
        ]),
      );
  }

  // Internal traffic from outside the pod network is masqueraded (ClusterCIDR detector).
  if (hasInternalEndpoints) {
    t.add('nat', internalTrafficChain, {
      source: options.clusterCIDR,
      sourceInvert: true,
      destination: svc.clusterIP,
      protocol: p,
      matches: [comment(`${name} cluster IP`), proto(p, svc.port)],
      target: KUBE_MARK_MASQ,
    });
  }
  if (usesExternalTrafficChain) {
    if (!svc.externalPolicyLocal) {
      t.add('nat', externalTrafficChain, {
        matches: [comment(`masquerade traffic for ${name} external destinations`)],
        target: KUBE_MARK_MASQ,
      });
    } else {
      t.add('nat', externalTrafficChain, {
        source: options.clusterCIDR,
        matches: [comment(`pod traffic for ${name} external destinations`)],
        target: svc.clusterPolicyChain,
      });
      t.add('nat', externalTrafficChain, {
        matches: [
          comment(`masquerade LOCAL traffic for ${name} external destinations`),
          { module: 'addrtype', srcType: 'LOCAL' },
        ],
        target: KUBE_MARK_MASQ,
      });
      t.add('nat', externalTrafficChain, {
        matches: [
          comment(`route LOCAL traffic for ${name} external destinations`),
          { module: 'addrtype', srcType: 'LOCAL' },
        ],
        target: svc.clusterPolicyChain,
      });
    }
    if (hasExternalEndpoints)
      t.add('nat', externalTrafficChain, { matches: [], target: externalPolicyChain });
    else t.chain('nat', externalTrafficChain);
  }
  if (usesFWChain) {
    for (const cidr of svc.loadBalancerSourceRanges)
      t.add('nat', svc.firewallChain, {
        source: cidr,
        matches: [comment(`${name} loadbalancer IP`)],
        target: externalTrafficChain,
      });
    t.add('nat', svc.firewallChain, {
      matches: [comment(`other traffic to ${name} will be dropped by KUBE-PROXY-FIREWALL`)],
      target: '',
    });
  }
  if (usesClusterPolicyChain)
    writeServiceToEndpointRules(t, name, svc.clusterPolicyChain, clusterEndpoints);
  if (usesLocalPolicyChain)
    writeServiceToEndpointRules(t, name, svc.localPolicyChain, localEndpoints);
  for (const ep of allReachableEndpoints) {
    t.add('nat', ep.chain, { source: ep.ip, matches: [comment(name)], target: KUBE_MARK_MASQ });
    t.add('nat', ep.chain, {
      protocol: p,
      matches: [comment(name), proto(p)],
      target: 'DNAT',
      targetArgs: ['--to-destination', ep.endpoint],
    });
  }
}
