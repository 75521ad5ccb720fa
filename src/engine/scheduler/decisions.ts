/**
 * Decision records: what each scheduling attempt saw and decided, as plain data for the
 * inspector's filter-and-score table and for lessons ("the scheduler rejected node-3 for
 * Insufficient cpu"). Kept for the last attempts only; large clusters keep the top-scored rows.
 */
import type { FilterResult } from './filterPass.ts';
import type { ScoreResult, Selection } from './scorePass.ts';
import type { NodeInfo } from './types.ts';

export const MAX_DECISIONS = 1000;
/** Rows kept per record for each of rejected and scored nodes. */
export const MAX_ROWS = 100;

export interface RejectedRow {
  node: string;
  plugin: string;
  reasons: string[];
}

/** One scored node as a table row (built on demand from the record's columns). */
export interface ScoredRow {
  node: string;
  /** Per plugin of `scorePlugins`: raw, normalized and weighted score. */
  scores: { plugin: string; raw: number; normalized: number; weighted: number }[];
  total: number;
}

/** A column of the score table: one value per node of the table's `nodes`. */
export type ScoreColumn = readonly number[] | Float64Array;

/**
 * The score table by columns (cheap to keep for every attempt). A plugin without NormalizeScore
 * has the same column for raw and normalized; weighted is normalized × the plugin's weight. The
 * scheduler's records keep every column in one Float64Array (views into it): a record lives
 * through many collections, and numbers in a typed array are not the collector's to copy.
 */
export interface ScoreColumns {
  nodes: string[];
  totals: ScoreColumn;
  /** Per plugin, in `scorePlugins` order. */
  raw: ScoreColumn[];
  normalized: ScoreColumn[];
}

export type DecisionOutcome = 'binding' | 'unschedulable' | 'error' | 'skipped';

export interface DecisionRecord {
  /** namespace/name */
  pod: string;
  uid: string;
  cycle: number;
  attempt: number;
  at: number;
  numAllNodes: number;
  startIndex: number;
  numNodesToFind: number;
  evaluated: number;
  feasible: number;
  rejected: RejectedRow[];
  rejectedTruncated: number;
  scorePlugins: { name: string; weight: number }[];
  skippedScorePlugins: string[];
  scored: ScoreColumns;
  scoredTruncated: number;
  winner: string | null;
  /** The nodes that tied for the top score (the seeded tie-break chose among them). */
  tied: string[];
  outcome: DecisionOutcome;
  message: string;
  /** The one-line summary noted on the trace. */
  summary: string;
}

export function newRecord(
  base: Pick<
    DecisionRecord,
    'pod' | 'uid' | 'cycle' | 'attempt' | 'at' | 'numAllNodes' | 'startIndex'
  >,
): DecisionRecord {
  // Fields listed rather than spread: one record per scheduling attempt.
  return {
    pod: base.pod,
    uid: base.uid,
    cycle: base.cycle,
    attempt: base.attempt,
    at: base.at,
    numAllNodes: base.numAllNodes,
    startIndex: base.startIndex,
    numNodesToFind: 0,
    evaluated: 0,
    feasible: 0,
    rejected: [],
    rejectedTruncated: 0,
    scorePlugins: [],
    skippedScorePlugins: [],
    scored: { nodes: [], totals: [], raw: [], normalized: [] },
    scoredTruncated: 0,
    winner: null,
    tied: [],
    outcome: 'error',
    message: '',
    summary: '',
  };
}

export function recordFilter(r: DecisionRecord, f: FilterResult, maxRows = MAX_ROWS): void {
  r.numNodesToFind = f.numNodesToFind;
  r.evaluated = f.processed;
  r.feasible = f.feasible.length;
  for (const { node, status } of f.rejected.slice(0, maxRows))
    r.rejected.push({ node: node.name, plugin: status.plugin, reasons: [...status.reasons] });
  r.rejectedTruncated = Math.max(0, f.rejected.length - maxRows);
}

/** Scratch for kthSmallest, grown as needed (one scheduling cycle at a time). */
let selectScratch = new Float64Array(1024);

/** The value at index `k` of `values` sorted ascending (quickselect on a scratch copy). */
function kthSmallest(values: readonly number[], k: number): number {
  const n = values.length;
  if (selectScratch.length < n) selectScratch = new Float64Array(2 * n);
  const a = selectScratch;
  for (let i = 0; i < n; i++) a[i] = values[i]!;
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    // Hoare partition around the middle value.
    const pivot = a[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}

/**
 * The rows a record keeps: every node in order when they fit, else the indices of the `k` highest
 * totals, highest first, ties by index (what sorting every index that way and keeping the first
 * `k` gives, without sorting hundreds of nodes for every pod).
 */
export function topIndices(totals: readonly number[], k: number): number[] {
  const n = totals.length;
  if (n <= k) return Array.from({ length: n }, (_, i) => i);
  const byRank = (a: number, b: number) => totals[b]! - totals[a]! || a - b;
  // The k-th highest total: everything above it is in, and the lowest indices among its equals.
  const cut = kthSmallest(totals, n - k);
  let above = 0;
  for (let i = 0; i < n; i++) if (totals[i]! > cut) above++;
  let equal = k - above;
  const order: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = totals[i]!;
    if (t > cut || (t === cut && equal-- > 0)) order.push(i);
  }
  return order.sort(byRank);
}

export function recordScores(
  r: DecisionRecord,
  nodes: readonly NodeInfo[],
  s: ScoreResult,
  sel: Selection,
  maxRows = MAX_ROWS,
): void {
  r.scorePlugins = s.plugins.map((p) => ({ name: p.name, weight: p.weight }));
  r.skippedScorePlugins = [...s.skipped];
  const order = topIndices(s.totals, maxRows);
  const rows = order.length;
  let columns = 1 + s.plugins.length;
  for (const p of s.plugins) if (p.normalized !== p.raw) columns++;
  const buffer = new Float64Array(rows * columns);
  let next = 0;
  const pick = (values: readonly number[]): Float64Array => {
    const column = buffer.subarray(next * rows, ++next * rows);
    for (let i = 0; i < rows; i++) column[i] = values[order[i]!]!;
    return column;
  };
  const raw = s.plugins.map((p) => pick(p.raw));
  r.scored = {
    nodes: order.map((i) => nodes[i]!.name),
    totals: pick(s.totals),
    raw,
    normalized: s.plugins.map((p, j) => (p.normalized === p.raw ? raw[j]! : pick(p.normalized))),
  };
  r.scoredTruncated = nodes.length - order.length;
  r.tied = sel.tied.map((i) => nodes[i]!.name);
}

/** The trace note: `filtered 3 nodes (node-3: Insufficient cpu); scored 2; node-1 won 187 to 161; binding`. */
export function summarize(
  r: DecisionRecord,
  totals?: readonly number[],
  winnerIndex?: number,
): string {
  const parts: string[] = [];
  const shown = r.rejected.slice(0, 3).map((x) => `${x.node}: ${x.reasons.join(', ')}`);
  const more = r.rejected.length + r.rejectedTruncated - shown.length;
  const detail = shown.length ? ` (${shown.join('; ')}${more > 0 ? `; ${more} more` : ''})` : '';
  parts.push(`filtered ${r.evaluated} node${r.evaluated === 1 ? '' : 's'}${detail}`);
  if (r.winner && totals && winnerIndex !== undefined && totals.length > 1) {
    parts.push(`scored ${totals.length}`);
    let runnerUp = -Infinity;
    totals.forEach((t, i) => {
      if (i !== winnerIndex && t > runnerUp) runnerUp = t;
    });
    const tie = r.tied.length > 1 ? ` (tie among ${r.tied.length}, seeded pick)` : '';
    parts.push(`${r.winner} won ${totals[winnerIndex]} to ${runnerUp}${tie}`);
  } else if (r.winner) parts.push(`${r.winner} is the only feasible node`);
  parts.push(r.outcome === 'binding' ? 'binding' : r.message);
  return parts.join('; ');
}

/** The score table as rows, one per scored node (for the inspector). */
export function scoredRows(r: DecisionRecord): ScoredRow[] {
  const t = r.scored;
  return t.nodes.map((node, i) => ({
    node,
    scores: r.scorePlugins.map((p, j) => ({
      plugin: p.name,
      raw: t.raw[j]![i]!,
      normalized: t.normalized[j]![i]!,
      weighted: t.normalized[j]![i]! * p.weight,
    })),
    total: t.totals[i]!,
  }));
}

/** The latest decision about a pod (namespace/name), or undefined. */
export function latestDecision(
  decisions: readonly DecisionRecord[],
  pod: string,
): DecisionRecord | undefined {
  for (let i = decisions.length - 1; i >= 0; i--)
    if (decisions[i]!.pod === pod) return decisions[i];
  return undefined;
}

export function pushDecision(decisions: DecisionRecord[], r: DecisionRecord): void {
  decisions.push(r);
  if (decisions.length > MAX_DECISIONS) decisions.splice(0, decisions.length - MAX_DECISIONS);
}
