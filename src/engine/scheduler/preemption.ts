/**
 * DefaultPreemption's PostFilter (v1.30), after no node passed the filters: nodes whose rejection
 * was UnschedulableAndUnresolvable are "not helpful"; on the others, removing every lower-priority
 * pod must make the pod fit (a dry run), or the node says why not. If some node works, the cheapest
 * candidate is chosen and its victims returned; otherwise the message becomes the "preemption:"
 * part of the FitError.
 */
import { nextInt, type PrngState } from '../../shared/index.ts';
import { fitErrorMessage, runFilters, type PreFilterState } from './filterPass.ts';
import { clonePreFilterState, preFilterAddPod, preFilterRemovePod } from './preFilterExtensions.ts';
import type { FilterStatus, NodeInfo, PodInfo } from './types.ts';

const NOT_HELPFUL: FilterStatus = {
  plugin: 'DefaultPreemption',
  code: 'UnschedulableAndUnresolvable',
  reasons: ['Preemption is not helpful for scheduling'],
};
const NO_VICTIMS: FilterStatus = {
  plugin: 'DefaultPreemption',
  code: 'UnschedulableAndUnresolvable',
  reasons: ['No preemption victims found for incoming pod'],
};

export interface PreemptionResult {
  /** The PostFilter status message ("" on success). */
  message: string;
  candidate?: { node: string; victims: PodInfo[] };
}

/** The node as it would be without `removed` (a NodeInfo snapshot for the dry run). */
function without(n: NodeInfo, removed: ReadonlySet<string>): NodeInfo {
  const pods = n.pods.filter((p) => !removed.has(p.key));
  const sum = (f: (p: PodInfo) => number) => pods.reduce((a, p) => a + f(p), 0);
  return {
    ...n,
    pods,
    reqCpu: sum((p) => p.reqCpu),
    reqMem: sum((p) => p.reqMem),
    nzCpu: sum((p) => p.nzCpu),
    nzMem: sum((p) => p.nzMem),
    usedPorts: pods.flatMap((p) => p.hostPorts),
    generation: -1,
    matchMemo: new Map(),
    memoGeneration: -2,
  };
}

/**
 * GetPodStartTime: status.startTime; a pod that has not started counts as starting now, later
 * than every pod that has (RFC 3339 times in UTC compare as strings).
 */
function startTime(p: PodInfo): string {
  const t = (p.pod.status as { startTime?: unknown } | undefined)?.startTime;
  return typeof t === 'string' ? t : '\uffff';
}

/** util.MoreImportantPod: higher priority first, then the one that started earlier. */
export function moreImportant(a: PodInfo, b: PodInfo): number {
  if (a.priority !== b.priority) return b.priority - a.priority;
  const ta = startTime(a);
  const tb = startTime(b);
  return ta < tb ? -1 : ta > tb ? 1 : 0;
}

/**
 * SelectVictimsOnNode without PodDisruptionBudgets, on its own copy of the PreFilter state: the
 * PreFilter extensions (RemovePod/AddPod) follow every pod taken off or put back, so spread and
 * inter-pod affinity counts no longer include the pods the dry run removed.
 */
function selectVictims(
  cycle: PreFilterState,
  p: PodInfo,
  n: NodeInfo,
): { victims: PodInfo[] } | { status: FilterStatus } {
  const lower = n.pods.filter((q) => q.priority < p.priority);
  if (lower.length === 0) return { status: NO_VICTIMS };
  const s = clonePreFilterState(cycle);
  for (const q of lower) preFilterRemovePod(s, p, q, n);
  const removed = new Set(lower.map((q) => q.key));
  const status = runFilters(s, p, without(n, removed));
  if (status) return { status };
  const victims: PodInfo[] = [];
  for (const q of lower.sort(moreImportant)) {
    removed.delete(q.key);
    preFilterAddPod(s, p, q, n);
    if (runFilters(s, p, without(n, removed))) {
      removed.add(q.key);
      preFilterRemovePod(s, p, q, n);
      victims.push(q);
    }
  }
  return { victims };
}

/** calculateNumCandidates: 10% of the nodes, at least 100, at most all. */
function numCandidates(numNodes: number): number {
  const n = Math.max(Math.trunc(numNodes / 10), 100);
  return Math.min(n, numNodes);
}

export function preempt(
  s: PreFilterState,
  p: PodInfo,
  all: readonly NodeInfo[],
  statuses: ReadonlyMap<string, FilterStatus>,
  rng: PrngState,
): PreemptionResult {
  if (p.preemptionPolicy === 'Never')
    return { message: 'preemption: not eligible due to preemptionPolicy=Never.' };
  const potential: NodeInfo[] = [];
  const nodeStatuses = new Map<string, FilterStatus>();
  for (const n of all) {
    if (statuses.get(n.name)?.code === 'UnschedulableAndUnresolvable')
      nodeStatuses.set(n.name, NOT_HELPFUL);
    else potential.push(n);
  }
  const candidates: { node: string; victims: PodInfo[] }[] = [];
  if (potential.length > 0) {
    const offset = nextInt(rng, potential.length);
    const want = numCandidates(potential.length);
    for (let i = 0; i < potential.length && candidates.length < want; i++) {
      const n = potential[(offset + i) % potential.length]!;
      const r = selectVictims(s, p, n);
      if ('victims' in r && r.victims.length > 0)
        candidates.push({ node: n.name, victims: r.victims });
      else if ('status' in r) nodeStatuses.set(n.name, r.status);
    }
  }
  if (candidates.length === 0)
    return {
      message: `preemption: ${fitErrorMessage(nodeStatuses.size, nodeStatuses.values(), '')}`,
    };
  return { message: '', candidate: pickOneNode(candidates) };
}

/** pickOneNodeForPreemption: lowest top victim priority, then lowest priority sum, then fewest victims. */
function pickOneNode(cs: { node: string; victims: PodInfo[] }[]): {
  node: string;
  victims: PodInfo[];
} {
  const key = (c: { victims: PodInfo[] }) => [
    Math.max(...c.victims.map((v) => v.priority)),
    c.victims.reduce((a, v) => a + v.priority + 2147483648, 0),
    c.victims.length,
  ];
  let best = cs[0]!;
  for (const c of cs.slice(1)) {
    const a = key(c);
    const b = key(best);
    for (let i = 0; i < a.length; i++) {
      if (a[i]! < b[i]!) {
        best = c;
        break;
      }
      if (a[i]! > b[i]!) break;
    }
  }
  return best;
}
