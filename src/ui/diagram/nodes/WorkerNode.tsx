import { memo, useCallback, type MouseEvent } from 'react';
import type { NodeProps } from '@xyflow/react';
import type { ComponentView } from '../../../runtime/view.ts';
import { select, useView, type ViewState } from '../../store.ts';
import { percent, type Allocation } from '../allocation.ts';
import { AGENT_CHIPS, type NodeMode } from '../geometry.ts';
import type { PodGroup } from '../groups.ts';
import type { DiagramNode } from '../diagramTypes.ts';
import type { NodeView } from '../model.ts';
import { formatCpu, formatMemory } from '../quantity.ts';
import { selectBusy } from '../selectors.ts';
import { workerHandles } from '../handles.ts';
import { Anchors } from './Anchor.tsx';

type Props = NodeProps<Extract<DiagramNode, { type: 'worker' }>>;

const CONDITION_TONE: Record<NodeView['condition'], string> = {
  Ready: 'ok',
  NotReady: 'error',
  Unknown: 'warn',
  Unregistered: 'progress',
};

const SHORT: Record<string, string> = { 'kube-proxy': 'proxy', containerd: 'cri' };

/** Requested against allocatable, as `kubectl describe node` reports "Allocated resources". */
function Bar({
  name,
  used,
  total,
  text,
  compact,
}: {
  name: string;
  used: number;
  total: number;
  text: string;
  compact: boolean;
}) {
  const pct = percent(used, total);
  return (
    <div className="bar" title={`${name} requested by pods / allocatable: ${text} (${pct}%)`}>
      <span className="bar-label">{compact ? name : `${name} req`}</span>
      <span
        className="bar-track"
        role="meter"
        aria-label={`${name} requested`}
        aria-valuenow={pct}
        aria-valuemin={0}
        aria-valuemax={100}
      >
        <span
          className={`bar-fill${pct > 90 ? ' high' : ''}`}
          style={{ width: `${Math.min(100, pct)}%` }}
        />
      </span>
      <span className="bar-text">{compact ? `${pct}%` : `${text} (${pct}%)`}</span>
    </div>
  );
}

function Bars({ a, compact }: { a: Allocation; compact: boolean }) {
  const cpu = `${formatCpu(a.requested.cpu)} / ${formatCpu(a.allocatable.cpu)}`;
  const mem = `${formatMemory(a.requested.memory)} / ${formatMemory(a.allocatable.memory)}`;
  return (
    <>
      <Bar
        name="cpu"
        used={a.requested.cpu}
        total={a.allocatable.cpu}
        text={cpu}
        compact={compact}
      />
      <Bar
        name="mem"
        used={a.requested.memory}
        total={a.allocatable.memory}
        text={mem}
        compact={compact}
      />
    </>
  );
}

/** The agents' chips: each a button that selects that component. */
function Agents({ agents, mode }: { agents: ComponentView[]; mode: NodeMode }) {
  const busyKey = useView(
    useCallback(
      (s: ViewState) => agents.map((a) => selectBusy(s).get(a.id) ?? '').join('|'),
      [agents],
    ),
  );
  const busy = busyKey.split('|');
  const chosen = useView(
    useCallback(
      (s: ViewState) =>
        s.selection?.kind === 'component' && agents.some((a) => a.id === s.selection!.id)
          ? s.selection.id
          : undefined,
      [agents],
    ),
  );
  const onClick = (id: string) => (e: MouseEvent) => {
    e.stopPropagation();
    select({ kind: 'component', id });
  };
  return (
    <>
      {agents.map((a, i) => {
        const chip = AGENT_CHIPS[mode][a.type]!;
        const seq = busy[i];
        const reconciling = seq !== '' && a.status === 'running';
        return (
          <button
            key={a.id}
            type="button"
            className={`agent nodrag status-${a.status}${reconciling ? ' busy' : ''}${chosen === a.id ? ' selected' : ''}`}
            style={{ left: chip.x, top: chip.y, width: chip.width, height: chip.height }}
            onClick={onClick(a.id)}
            title={`${a.id}: ${a.status}${a.error ? ` (${a.error})` : ''}`}
            aria-label={`${a.id}, ${reconciling ? 'reconciling' : a.status}`}
            data-testid={`component-${a.id}`}
            data-status={a.status}
          >
            {reconciling && <span key={seq} className="pulse" aria-hidden="true" />}
            {mode === 'compact' ? (SHORT[a.type] ?? a.type) : a.type}
          </button>
        );
      })}
    </>
  );
}

function Groups({ groups, max }: { groups: PodGroup[]; max: number }) {
  const shown = groups.slice(0, max);
  const rest = groups.length - shown.length;
  return (
    <ul className="groups" aria-label="Pods by owner">
      {shown.map((g) => (
        <li key={g.owner}>
          <span className="group-owner">
            {g.owner} <strong>×{g.total}</strong>
          </span>
          <span className="group-counts">
            {g.counts.map((c) => (
              <span key={c.status} className={`count tone-${c.tone}`}>
                {c.count} {c.status}
              </span>
            ))}
          </span>
        </li>
      ))}
      {rest > 0 && <li className="group-more">+{rest} more owners</li>}
    </ul>
  );
}

/** A machine: its Node's status, taints and requested resources, its agents, and its pods. */
export const WorkerNode = memo(function WorkerNode({ data, selected }: Props) {
  const { node: n, mode, agents, groups } = data;
  const compact = mode === 'compact';
  const total = n.pods.length;
  return (
    <>
      <Anchors handles={workerHandles(mode)} />
      <div
        className={`worker ${mode} cond-${CONDITION_TONE[n.condition]}${n.cordoned ? ' cordoned' : ''}${selected ? ' selected' : ''}`}
        data-testid={`node-${n.name}`}
        data-status={n.status}
      >
        <div className="worker-head">
          <span className="worker-name">{n.name}</span>
          <span className={`badge tone-${CONDITION_TONE[n.condition]}`} title={n.status}>
            {compact ? n.status.split(',')[0] : n.status}
          </span>
        </div>
        {!compact && (
          <div className="taints" title={n.taints.join('\n')}>
            {n.taints.length ? `taints: ${n.taints.join(', ')}` : 'no taints'}
          </div>
        )}
        <Bars a={n.allocation} compact={compact} />
        <Agents agents={agents} mode={mode} />
        {groups ? (
          compact ? (
            <div className="tile-pods" title={summary(groups)}>
              <strong>
                {total} pod{total === 1 ? '' : 's'}
              </strong>{' '}
              {summary(groups)}
            </div>
          ) : (
            <Groups groups={groups} max={3} />
          )
        ) : (
          total === 0 && <div className="no-pods">no pods</div>
        )}
      </div>
    </>
  );
});

function summary(groups: PodGroup[]): string {
  const byStatus = new Map<string, number>();
  for (const g of groups)
    for (const c of g.counts) byStatus.set(c.status, (byStatus.get(c.status) ?? 0) + c.count);
  return [...byStatus]
    .sort((a, b) => b[1] - a[1])
    .map(([s, c]) => `${c} ${s}`)
    .join(', ');
}
