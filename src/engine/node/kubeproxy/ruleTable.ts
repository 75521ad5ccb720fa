/**
 * kube-proxy's iptables rules as plain data: per table, the chains and their rules, each rule
 * the header fields iptables keeps for every rule (-s, -d, -p) and its match modules in the
 * order they were given, then the target. iptablesSave.ts prints it as `iptables-save` does
 * and packetPath.ts walks a packet through it.
 */

export type Match =
  | { module: 'comment'; comment: string }
  /** -m tcp [--dport N] (also udp, sctp). */
  | { module: 'tcp' | 'udp' | 'sctp'; dport?: number }
  /** -m statistic --mode random --probability p: the value kube-proxy wrote ("%0.10f" of 1/n). */
  | { module: 'statistic'; probability: number }
  | { module: 'addrtype'; srcType?: 'LOCAL'; dstType?: 'LOCAL' }
  | { module: 'mark'; mark: string; invert?: boolean }
  | { module: 'conntrack'; ctstate: string };

export interface Rule {
  /** -s, with `!` when sourceInvert. An address or CIDR. */
  source?: string;
  sourceInvert?: boolean;
  /** -d; an address (printed /32) or CIDR; `!` when destinationInvert. */
  destination?: string;
  destinationInvert?: boolean;
  /** -p, lower case. */
  protocol?: string;
  matches: Match[];
  /** A chain, or DNAT, REJECT, DROP, ACCEPT, RETURN, MARK, MASQUERADE. */
  target: string;
  /** Target options: ['--to-destination', '10.244.1.5:80'], ['--or-mark', '0x4000'], ... */
  targetArgs?: string[];
}

export interface Chain {
  name: string;
  /** Built-in chains have a policy (ACCEPT); user chains print '-'. */
  policy?: 'ACCEPT' | 'DROP';
  rules: Rule[];
}

export interface Table {
  name: 'filter' | 'nat';
  chains: Chain[];
}

/** What one sync wrote, and when: the node's `iptables-save` state. */
export interface RuleTable {
  filter: Table;
  nat: Table;
  /** Virtual time of the sync that produced it; -1 before the first. */
  syncedAt: number;
  /** Counts per sync, as kube-proxy's "Reloading service iptables data" log reports them. */
  numServices: number;
  numEndpoints: number;
}

export function emptyRuleTable(): RuleTable {
  return {
    filter: { name: 'filter', chains: [] },
    nat: { name: 'nat', chains: [] },
    syncedAt: -1,
    numServices: 0,
    numEndpoints: 0,
  };
}

export function findChain(table: Table, name: string): Chain | undefined {
  return table.chains.find((c) => c.name === name);
}

/** The comment of a rule, if it has one. */
export function ruleComment(rule: Rule): string | undefined {
  for (const m of rule.matches) if (m.module === 'comment') return m.comment;
  return undefined;
}

/**
 * How a KUBE-SVC/KUBE-SVL chain splits traffic: each endpoint chain with the probability its
 * rule matches once reached (the last is unconditional: 1), and the DNAT target behind it.
 */
export function chainSplit(
  nat: Table,
  chainName: string,
): { chain: string; probability: number; endpoint: string }[] {
  const chain = findChain(nat, chainName);
  if (!chain) return [];
  const out: { chain: string; probability: number; endpoint: string }[] = [];
  for (const rule of chain.rules) {
    if (!rule.target.startsWith('KUBE-SEP-')) continue;
    const stat = rule.matches.find((m) => m.module === 'statistic');
    const sep = findChain(nat, rule.target);
    const dnat = sep?.rules.find((r) => r.target === 'DNAT');
    out.push({
      chain: rule.target,
      probability: stat && stat.module === 'statistic' ? stat.probability : 1,
      endpoint: dnat?.targetArgs?.[1] ?? '',
    });
  }
  return out;
}
