import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { SchedulingTable as Table } from '../../engine/index.ts';
import { SchedulingTable } from './SchedulingTable.tsx';

const score = (plugin: string, normalized: number, weight: number) => ({
  plugin,
  raw: normalized,
  normalized,
  weighted: normalized * weight,
});

const TABLE: Table = {
  pod: 'default/web-7c9d-x2kqp',
  outcome: 'binding',
  nodes: 3,
  evaluated: 3,
  feasible: 2,
  scorePlugins: [
    { name: 'TaintToleration', weight: 3 },
    { name: 'NodeResourcesBalancedAllocation', weight: 1 },
  ],
  rows: [
    {
      node: 'node-1',
      filter: 'passed',
      scores: [score('TaintToleration', 100, 3), score('NodeResourcesBalancedAllocation', 87, 1)],
      total: 387,
      winner: true,
    },
    {
      node: 'node-2',
      filter: 'passed',
      scores: [score('TaintToleration', 100, 3), score('NodeResourcesBalancedAllocation', 61, 1)],
      total: 361,
      winner: false,
    },
    {
      node: 'node-3',
      filter: 'rejected',
      plugin: 'NodeResourcesFit',
      reasons: ['Insufficient cpu'],
      winner: false,
    },
  ],
  omitted: 0,
  winner: 'node-1',
  tied: [],
  message: '',
};

const html = renderToStaticMarkup(createElement(SchedulingTable, { table: TABLE }));
const [nodesTable, pluginsTable] = html.split('</table>');

/** The text of each body row's cells. */
function bodyRows(table: string): string[][] {
  const body = table.slice(table.indexOf('<tbody>'));
  return [...body.matchAll(/<tr[^>]*>(.*?)<\/tr>/g)].map((row) =>
    [...row[1]!.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((c) => c[1]!.replace(/<[^>]+>/g, '')),
  );
}

describe('SchedulingTable', () => {
  it('has a caption, header cells with scopes, and a row per node', () => {
    expect(html).toContain(
      '<caption>Filter and score for pod default/web-7c9d-x2kqp: 3 of 3 nodes filtered, 2 passed</caption>',
    );
    expect(html).toContain('<th scope="col">Node</th>');
    expect(bodyRows(nodesTable!)).toEqual([
      ['node-1★ chosen', 'passed', '387'],
      ['node-2', 'passed', '361'],
      ['node-3', 'NodeResourcesFit: Insufficient cpu', '—'],
    ]);
  });

  it('marks the winner in words, not only by colour', () => {
    expect(html).toMatch(
      /<tr class="winner" data-node="node-1"><th scope="row">node-1<span class="badge">★ chosen<\/span>/,
    );
    expect(html.match(/★ chosen/g)).toHaveLength(1);
  });

  it("breaks each scored node's total down by plugin and weight", () => {
    expect(pluginsTable).toContain('<th scope="col" class="num">node-1</th>');
    expect(pluginsTable).not.toContain('node-3');
    expect(bodyRows(pluginsTable!)).toEqual([
      ['TaintToleration ×3', '300', '300'],
      ['NodeResourcesBalancedAllocation ×1', '87', '61'],
    ]);
  });
});
