/**
 * syncProxyRules as a pure function: the whole filter and nat tables the iptables proxier
 * would restore for a set of service ports and their endpoints, following
 * pkg/proxy/iptables/proxier.go rule by rule (v1.30). Service ports are taken in name order
 * (Go iterates a map, so the real order varies from sync to sync). This file holds the
 * table-wide rules; each service port's rules are in serviceRules.ts.
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
import { servicePortKey, type EndpointInfo } from './endpointsMap.ts';
import type { RuleTable } from './ruleTable.ts';
import type { ServicePortInfo } from './serviceInfo.ts';
import { writeServicePortRules } from './serviceRules.ts';
import { builtinJumps, comment, Tables } from './tableBuilder.ts';

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
    const all =
      endpointsMap[servicePortKey(svc.namespace, svc.service, svc.portName, svc.protocol)] ?? [];
    numEndpoints += all.length;
    writeServicePortRules(t, svc, all, options);
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

export { computeProbability } from './tableBuilder.ts';
