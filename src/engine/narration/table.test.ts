import { describe, expect, it } from 'vitest';
import { scoreLine } from './table.ts';
import type { SchedulingRow, SchedulingTable } from './types.ts';

function table(totals: Record<string, number>, winner: string, tied: string[]): SchedulingTable {
  const rows: SchedulingRow[] = Object.entries(totals).map(([node, total]) => ({
    node,
    filter: 'passed',
    total,
    winner: node === winner,
  }));
  return {
    pod: 'default/web-x',
    outcome: 'binding',
    nodes: rows.length,
    evaluated: rows.length,
    feasible: rows.length,
    scorePlugins: [],
    rows,
    omitted: 0,
    winner,
    tied,
    message: '',
  };
}

describe('score line', () => {
  it('names the winner and the runner-up', () => {
    expect(scoreLine(table({ 'node-1': 187, 'node-2': 161 }, 'node-1', []))).toBe(
      'node-1 won 187 to 161',
    );
  });

  it('says a tie is a tie, broken at random', () => {
    const tied = ['node-1', 'node-2', 'node-3'];
    expect(scoreLine(table({ 'node-1': 697, 'node-2': 697, 'node-3': 697 }, 'node-2', tied))).toBe(
      'node-1, node-2 and node-3 tied at 697; node-2 was picked at random',
    );
    expect(scoreLine(table({ 'node-1': 5, 'node-2': 5 }, 'node-1', ['node-1', 'node-2']))).toBe(
      'node-1 and node-2 tied at 5; node-1 was picked at random',
    );
  });
});
