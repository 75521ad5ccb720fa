/**
 * The scheduler's decision record as the filter and score table the narration panel shows: one
 * row per node it looked at, with the filter verdict, each score plugin's raw, normalized and
 * weighted score, the total, and the winner.
 */
import { scoredRows, type DecisionRecord } from '../scheduler/index.ts';
import type { SchedulingRow, SchedulingTable } from './types.ts';

export function schedulingTable(record: DecisionRecord): SchedulingTable {
  const rows: SchedulingRow[] = [];
  const scored = scoredRows(record);
  for (const row of scored)
    rows.push({
      node: row.node,
      filter: 'passed',
      scores: row.scores,
      total: row.total,
      winner: row.node === record.winner,
    });
  // A single feasible node is not scored: it wins without a score row.
  if (record.winner && !scored.some((r) => r.node === record.winner))
    rows.push({ node: record.winner, filter: 'passed', winner: true });
  for (const r of record.rejected)
    rows.push({
      node: r.node,
      filter: 'rejected',
      plugin: r.plugin,
      reasons: [...r.reasons],
      winner: false,
    });
  return {
    pod: record.pod,
    outcome: record.outcome,
    nodes: record.numAllNodes,
    evaluated: record.evaluated,
    feasible: record.feasible,
    scorePlugins: record.scorePlugins.map((p) => ({ ...p })),
    rows,
    omitted: record.rejectedTruncated + record.scoredTruncated,
    winner: record.winner,
    tied: record.tied.length > 1 ? [...record.tied] : [],
    message: record.message,
  };
}

/** "node-3: Insufficient cpu" for each rejected node, at most `max` of them. */
export function rejectionsText(table: SchedulingTable, max = 3): string | undefined {
  const rejected = table.rows.filter((r) => r.filter === 'rejected');
  if (!rejected.length) return undefined;
  const shown = rejected.slice(0, max).map((r) => `${r.node}: ${(r.reasons ?? []).join(', ')}`);
  const more = rejected.length - shown.length;
  return `${shown.join('; ')}${more > 0 ? `; ${more} more` : ''}`;
}

/** The winner's total and the best other total, when nodes were scored. */
export function scoreLine(table: SchedulingTable): string | undefined {
  const scored = table.rows.filter((r) => r.total !== undefined);
  const win = scored.find((r) => r.winner);
  if (!win || scored.length < 2) return undefined;
  if (table.tied.length > 1)
    return `${listed(table.tied)} tied at ${win.total}; ${win.node} was picked at random`;
  const runnerUp = Math.max(...scored.filter((r) => r !== win).map((r) => r.total!));
  return `${win.node} won ${win.total} to ${runnerUp}`;
}

/** "a, b and c" */
function listed(names: readonly string[]): string {
  return names.length < 3
    ? names.join(' and ')
    : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
