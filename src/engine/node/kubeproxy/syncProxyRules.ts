/**
 * syncProxyRules as a pure function: the whole filter and nat tables the iptables proxier
 * would restore for a set of service ports and their endpoints, following
 * pkg/proxy/iptables/proxier.go rule by rule (v1.30). Service ports are taken in name order
 * (Go iterates a map, so the real order varies from sync to sync).
 */
import {
  KUBE_EXTERNAL_SERVICES,
  KUBE_FORWARD,
  KUBE_MARK_MASQ,
  KUBE_NODEPORTS,
  KUBE_POSTROUTING,
  KUBE_PROXY_FIREWALL,
  KUBE_SERVICES,
} from './chainNames.ts';
import { categorizeEndpoints, servicePortKey, type EndpointInfo } from './endpointsMap.ts';
import type { Chain, Match, Rule, RuleTable, Table } from './ruleTable.ts';
import type { ServicePortInfo } from './serviceInfo.ts';

export interface ProxierOptions {
  /** --cluster-cidr, used by the ClusterCIDR local-traffic detector (`-s` / `! -s`). */
  clusterCIDR: string;
  /** 1 << --iptables-masquerade-bit (14), as iptables-save prints it. */
  masqueradeMark: string;
}

export const DEFAULT_PROXIER_OPTIONS: ProxierOptions = {
  clusterCIDR: '10.244.0.0/16',
  masqueradeMark: '0x4000',
};

/** computeProbability: 1/n with ten decimals, the string iptables-restore parses. */
export function computeProbability(n: number): number {
  return Number((1 / n).toFixed(10));
}

const comment = (text: string): Match => ({ module: 'comment', comment: text });
const proto = (p: string, dport?: number): Match =>
  dport === undefined ? { module: p as 'tcp' } : { module: p as 'tcp', dport };

class Tables {
  private readonly chains = { filter: new Map<string, Rule[]>(), nat: new Map<string, Rule[]>() };
  chain(table: 'filter' | 'nat', name: string): void {
    if (!this.chains[table].has(name)) this.chains[table].set(name, []);
  }
  add(table: 'filter' | 'nat', chain: string, rule: Rule): void {
    this.chain(table, chain);
    this.chains[table].get(chain)!.push(rule);
  }
  build(table: 'filter' | 'nat', builtins: Record<string, Rule[]>): Table {
    const chains: Chain[] = Object.entries(builtins).map(([name, rules]) => ({
      name,
      policy: 'ACCEPT',
      rules,
    }));
    // libiptc keeps user-defined chains sorted by name; iptables-save prints them that way.
    const names = [...this.chains[table].keys()].sort();
    for (const name of names) chains.push({ name, rules: this.chains[table].get(name)! });
    return { name: table, chains };
  }
}

/** The jumps from the built-in chains, as EnsureRule(Prepend, ...) leaves them. */
function builtinJumps(): { filter: Record<string, Rule[]>; nat: Record<string, Rule[]> } {
  const jump = (c: string, target: string, ctNew: boolean): Rule => ({
    matches: [...(ctNew ? [{ module: 'conntrack', ctstate: 'NEW' } as Match] : []), comment(c)],
    target,
  });
  const firewall = jump('kubernetes load balancer firewall', KUBE_PROXY_FIREWALL, true);
  return {
    filter: {
      INPUT: [
        firewall,
        jump('kubernetes health check service ports', KUBE_NODEPORTS, false),
        jump('kubernetes externally-visible service portals', KUBE_EXTERNAL_SERVICES, true),
      ],
      FORWARD: [
        firewall,
        jump('kubernetes forwarding rules', KUBE_FORWARD, false),
        jump('kubernetes service portals', KUBE_SERVICES, true),
        jump('kubernetes externally-visible service portals', KUBE_EXTERNAL_SERVICES, true),
      ],
      OUTPUT: [firewall, jump('kubernetes service portals', KUBE_SERVICES, true)],
    },
    nat: {
      PREROUTING: [jump('kubernetes service portals', KUBE_SERVICES, false)],
      INPUT: [],
      OUTPUT: [jump('kubernetes service portals', KUBE_SERVICES, false)],
      POSTROUTING: [jump('kubernetes postrouting rules', KUBE_POSTROUTING, false)],
    },
  };
}

export function syncProxyRules(
  services: readonly ServicePortInfo[],
  endpointsMap: Readonly<Record<string, EndpointInfo[]>>,
  options: ProxierOptions,
  now: number,
): RuleTable {
  const t = new Tables();
  const mark = options.masqueradeMark;
  for (const c of [
    KUBE_SERVICES,
    KUBE_EXTERNAL_SERVICES,
    KUBE_FORWARD,
    KUBE_NODEPORTS,
    KUBE_PROXY_FIREWALL,
  ])
    t.chain('filter', c);
  for (const c of [KUBE_SERVICES, KUBE_NODEPORTS, KUBE_POSTROUTING, KUBE_MARK_MASQ])
    t.chain('nat', c);
  t.add('nat', KUBE_POSTROUTING, {
    matches: [{ module: 'mark', mark: `${mark}/${mark}`, invert: true }],
    target: 'RETURN',
  });
  t.add('nat', KUBE_POSTROUTING, { matches: [], target: 'MARK', targetArgs: ['--xor-mark', mark] });
  t.add('nat', KUBE_POSTROUTING, {
    matches: [comment('kubernetes service traffic requiring SNAT')],
    target: 'MASQUERADE',
    targetArgs: ['--random-fully'],
  });
  t.add('nat', KUBE_MARK_MASQ, { matches: [], target: 'MARK', targetArgs: ['--or-mark', mark] });

  let numEndpoints = 0;
  const sorted = [...services].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const svc of sorted) {
    const p = svc.protocol.toLowerCase();
    const name = svc.name;
    const all =
      endpointsMap[servicePortKey(svc.namespace, svc.service, svc.portName, svc.protocol)] ?? [];
    numEndpoints += all.length;
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
  // The tail call to the nodeports chain, last in KUBE-SERVICES (nodePortAddresses match all).
  t.add('nat', KUBE_SERVICES, {
    matches: [
      comment('kubernetes service nodeports; NOTE: this must be the last rule in this chain'),
      { module: 'addrtype', dstType: 'LOCAL' },
    ],
    target: KUBE_NODEPORTS,
  });
  t.add('filter', KUBE_FORWARD, {
    matches: [{ module: 'conntrack', ctstate: 'INVALID' }],
    target: 'DROP',
  });
  t.add('filter', KUBE_FORWARD, {
    matches: [comment('kubernetes forwarding rules'), { module: 'mark', mark: `${mark}/${mark}` }],
    target: 'ACCEPT',
  });
  t.add('filter', KUBE_FORWARD, {
    matches: [
      comment('kubernetes forwarding conntrack rule'),
      { module: 'conntrack', ctstate: 'RELATED,ESTABLISHED' },
    ],
    target: 'ACCEPT',
  });
  const builtins = builtinJumps();
  return {
    filter: t.build('filter', builtins.filter),
    nat: t.build('nat', builtins.nat),
    syncedAt: now,
    numServices: services.length,
    numEndpoints,
  };
}

/** writeServiceToEndpointRules: rule i matches with probability 1/(n-i); the last always. */
function writeServiceToEndpointRules(
  t: Tables,
  name: string,
  chain: string,
  endpoints: EndpointInfo[],
) {
  const n = endpoints.length;
  endpoints.forEach((ep, i) => {
    const matches: Match[] = [comment(`${name} -> ${ep.endpoint}`)];
    if (i < n - 1) matches.push({ module: 'statistic', probability: computeProbability(n - i) });
    t.add('nat', chain, { matches, target: ep.chain });
  });
}
