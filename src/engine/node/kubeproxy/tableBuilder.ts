/**
 * The pieces syncProxyRules assembles tables from: a builder that collects rules per chain and
 * emits them in iptables-save order, the built-in chains' jumps, and the per-endpoint
 * probability rules. Shared by the global rules (syncProxyRules.ts) and the per-service rules
 * (serviceRules.ts). The builder is a local of one sync, never component state.
 */
import {
  KUBE_EXTERNAL_SERVICES,
  KUBE_FORWARD,
  KUBE_NODEPORTS,
  KUBE_POSTROUTING,
  KUBE_PROXY_FIREWALL,
  KUBE_SERVICES,
} from './chainNames.ts';
import type { EndpointInfo } from './endpointsMap.ts';
import type { Chain, Match, Rule, Table } from './ruleTable.ts';

/** computeProbability: 1/n with ten decimals, the string iptables-restore parses. */
export function computeProbability(n: number): number {
  return Number((1 / n).toFixed(10));
}

export const comment = (text: string): Match => ({ module: 'comment', comment: text });
export const proto = (p: string, dport?: number): Match =>
  dport === undefined ? { module: p as 'tcp' } : { module: p as 'tcp', dport };

export class Tables {
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
export function builtinJumps(): { filter: Record<string, Rule[]>; nat: Record<string, Rule[]> } {
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

/** writeServiceToEndpointRules: rule i matches with probability 1/(n-i); the last always. */
export function writeServiceToEndpointRules(
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
