/**
 * Walks the first packet of a connection through a node's rules, as netfilter would: the nat
 * table's PREROUTING (which may DNAT it to an endpoint), and when nothing rewrote it, the
 * filter table's INPUT (addressed to the node) or FORWARD (anything else). Statistic matches
 * draw from the caller's seeded generator, so the choice of endpoint is the one the rule
 * probabilities give and is deterministic for a seed.
 */
import { nextFloat, type PrngState } from '../../../shared/index.ts';
import { renderRule } from './iptablesSave.ts';
import { findChain, type Match, type Rule, type RuleTable, type Table } from './ruleTable.ts';

export interface Packet {
  /** Source address; undefined for a client outside the cluster (its address is irrelevant). */
  source?: string;
  destination: string;
  dport: number;
  protocol: string;
  /** Sent by a process on the node itself (addrtype --src-type LOCAL). */
  fromLocalHost?: boolean;
}

export type Verdict =
  | { kind: 'DNAT'; to: string; ip: string; port: number; chain: string }
  | { kind: 'REJECT'; rule: string }
  | { kind: 'DROP'; rule: string }
  /** No rule took the packet: it goes wherever routing sends it. */
  | { kind: 'NONE' };

export interface PacketResult {
  verdict: Verdict;
  /** The rules that matched, in order, as iptables-save prints them. */
  trace: string[];
  masquerade: boolean;
}

interface Walk {
  packet: Packet;
  localAddresses: readonly string[];
  rng: PrngState;
  trace: string[];
  marked: boolean;
  depth: number;
}

type Outcome = { done: true; verdict: Verdict } | { done: false };

function ipToInt(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    const v = Number(p);
    if (!Number.isInteger(v) || v < 0 || v > 255) return undefined;
    n = n * 256 + v;
  }
  return n;
}

/** Whether an address falls in an address or CIDR. */
export function inRange(ip: string | undefined, range: string): boolean {
  if (ip === undefined) return false;
  const [base, bitsText] = range.split('/');
  const a = ipToInt(ip);
  const b = ipToInt(base ?? '');
  if (a === undefined || b === undefined) return false;
  const bits = bitsText === undefined ? 32 : Number(bitsText);
  if (bits === 0) return true;
  const size = 2 ** (32 - bits);
  return Math.floor(a / size) === Math.floor(b / size);
}

function matchOne(m: Match, w: Walk): boolean {
  const p = w.packet;
  switch (m.module) {
    case 'comment':
      return true;
    case 'statistic':
      return nextFloat(w.rng) < m.probability;
    case 'addrtype':
      if (m.dstType === 'LOCAL' && !w.localAddresses.includes(p.destination)) return false;
      if (m.srcType === 'LOCAL' && !p.fromLocalHost) return false;
      return true;
    case 'mark': {
      return m.invert ? !w.marked : w.marked;
    }
    case 'conntrack':
      return m.ctstate.split(',').includes('NEW');
    default:
      return m.dport === undefined || m.dport === p.dport;
  }
}

function matches(rule: Rule, w: Walk): boolean {
  const p = w.packet;
  if (rule.source !== undefined && inRange(p.source, rule.source) === !!rule.sourceInvert)
    return false;
  if (
    rule.destination !== undefined &&
    inRange(p.destination, rule.destination) === !!rule.destinationInvert
  )
    return false;
  if (rule.protocol !== undefined && rule.protocol !== p.protocol.toLowerCase()) return false;
  // Matches are evaluated in order and stop at the first that fails, like the kernel: a
  // statistic match after a failing one draws nothing.
  for (const m of rule.matches) if (!matchOne(m, w)) return false;
  return true;
}

function walkChain(table: Table, name: string, w: Walk): Outcome {
  const chain = findChain(table, name);
  if (!chain || w.depth > 16) return { done: false };
  for (const rule of chain.rules) {
    if (!matches(rule, w)) continue;
    w.trace.push(renderRule(name, rule));
    const target = rule.target;
    if (target === '') continue;
    if (target === 'RETURN') return { done: false };
    if (target === 'MARK') {
      w.marked = rule.targetArgs?.[0] === '--or-mark' ? true : w.marked;
      continue;
    }
    if (target === 'ACCEPT') return { done: true, verdict: { kind: 'NONE' } };
    if (target === 'DROP' || target === 'REJECT')
      return { done: true, verdict: { kind: target, rule: renderRule(name, rule) } };
    if (target === 'DNAT') {
      const to = rule.targetArgs?.[1] ?? '';
      const colon = to.lastIndexOf(':');
      return {
        done: true,
        verdict: {
          kind: 'DNAT',
          to,
          ip: to.slice(0, colon),
          port: Number(to.slice(colon + 1)),
          chain: name,
        },
      };
    }
    w.depth++;
    const out = walkChain(table, target, w);
    w.depth--;
    if (out.done) return out;
  }
  return { done: false };
}

/** Routes the first packet of a connection through the node's current rules. */
export function routePacket(
  rules: RuleTable,
  packet: Packet,
  localAddresses: readonly string[],
  rng: PrngState,
): PacketResult {
  const w: Walk = { packet, localAddresses, rng, trace: [], marked: false, depth: 0 };
  const nat = walkChain(rules.nat, packet.fromLocalHost ? 'OUTPUT' : 'PREROUTING', w);
  if (nat.done && nat.verdict.kind === 'DNAT')
    return { verdict: nat.verdict, trace: w.trace, masquerade: w.marked };
  const builtin = packet.fromLocalHost
    ? 'OUTPUT'
    : localAddresses.includes(packet.destination)
      ? 'INPUT'
      : 'FORWARD';
  const filter = walkChain(rules.filter, builtin, w);
  return {
    verdict: filter.done ? filter.verdict : { kind: 'NONE' },
    trace: w.trace,
    masquerade: w.marked,
  };
}
