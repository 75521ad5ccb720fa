import { memo } from 'react';
import type { SchedulingTable as Table } from '../../engine/index.ts';

/** A plugin name that may wrap between its words: NodeResources|Balanced|Allocation. */
function breakable(name: string) {
  return name.split(/(?=[A-Z][a-z])/).map((part, i) => (
    <span key={i}>
      {i > 0 && <wbr />}
      {part}
    </span>
  ));
}

/** "NodeResourcesFit: Insufficient cpu" for a rejected node. */
function rejection(plugin: string | undefined, reasons: string[] | undefined): string {
  const why = (reasons ?? []).join(', ');
  return plugin ? `${plugin}: ${why}` : why;
}

function caption(t: Table): string {
  const nodes = `${t.evaluated} of ${t.nodes} node${t.nodes === 1 ? '' : 's'} filtered, ${t.feasible} passed`;
  return `Filter and score for pod ${t.pod}: ${nodes}`;
}

/**
 * The scheduler's filter and score table for one attempt: a row per node with the filter
 * verdict and the total score, the winner marked in words as well as colour, and each score
 * plugin's weighted part below (rows are plugins so a narrow column still fits a few nodes).
 */
export const SchedulingTable = memo(function SchedulingTable({ table }: { table: Table }) {
  const scored = table.rows.filter((r) => r.scores);
  return (
    <div className="scheduling" data-testid="scheduling-table">
      <div className="scheduling-scroll">
        <table className="scheduling-nodes">
          <caption>{caption(table)}</caption>
          <thead>
            <tr>
              <th scope="col">Node</th>
              <th scope="col">Filter</th>
              <th scope="col" className="num">
                Score
              </th>
            </tr>
          </thead>
          <tbody>
            {table.rows.map((r) => (
              <tr key={r.node} className={r.winner ? 'winner' : r.filter} data-node={r.node}>
                <th scope="row">
                  {r.node}
                  {r.winner && <span className="badge">★ chosen</span>}
                </th>
                <td>{r.filter === 'passed' ? 'passed' : rejection(r.plugin, r.reasons)}</td>
                <td className="num">{r.total ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {table.omitted > 0 && <p className="hint">{table.omitted} more nodes not shown.</p>}
      {table.tied.length > 1 && (
        <p className="hint">
          {table.tied.join(', ')} tied for the top score; one was picked at random.
        </p>
      )}
      {scored.length > 0 && table.scorePlugins.length > 0 && (
        <details className="scheduling-plugins">
          <summary>Score by plugin</summary>
          <div className="scheduling-scroll">
            <table>
              <caption>
                Each plugin scores a node 0–100; times the plugin&apos;s weight, the parts add up to
                the Score.
              </caption>
              <thead>
                <tr>
                  <th scope="col">Plugin × weight</th>
                  {scored.map((r) => (
                    <th scope="col" key={r.node} className="num">
                      {r.node}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {table.scorePlugins.map((p, i) => (
                  <tr key={p.name}>
                    <th scope="row">
                      {breakable(p.name)} <span className="weight">×{p.weight}</span>
                    </th>
                    {scored.map((r) => {
                      const s = r.scores![i];
                      return (
                        <td
                          key={r.node}
                          className="num"
                          title={s ? `raw ${s.raw}, normalized ${s.normalized}` : undefined}
                        >
                          {s?.weighted ?? '—'}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      )}
    </div>
  );
});
