import { memo, useCallback } from 'react';
import type { NodeProps } from '@xyflow/react';
import { useView, type ViewState } from '../../store.ts';
import type { DiagramNode } from '../diagramTypes.ts';
import { CONTROLLER_CATALOG } from '../../../engine/display.ts';
import { selectBusy } from '../selectors.ts';
import { componentHandles } from '../handles.ts';
import { Anchors } from './Anchor.tsx';

/** What each component is for, in a few words a newcomer can hold on to. */
const ROLES: Record<string, string> = {
  kubectl: 'you: every action is an API request',
  'kube-apiserver': 'the hub: every component talks only to it',
  etcd: 'the database: all cluster state',
  'kube-scheduler': 'picks a node for each new pod',
  'kube-controller-manager': 'control loops: make what runs match what is asked',
  'cloud-controller-manager': 'ties Nodes to cloud machines',
  'metrics-server': 'CPU and memory from every kubelet',
  cloud: 'the cloud provider: machines',
  loadgen: 'outside traffic: load on workloads',
};

export const TITLES: Record<string, string> = { loadgen: 'load generator', cloud: 'cloud API' };

/** The seq of the last delivery to `id` while it is recent, for the "reconciling" pulse. */
export function useBusy(id: string): number | undefined {
  return useView(useCallback((s: ViewState) => selectBusy(s).get(id), [id]));
}

type Props = NodeProps<Extract<DiagramNode, { type: 'component' }>>;

export const ComponentNode = memo(function ComponentNode({
  id,
  data,
  selected,
  width,
  height,
}: Props) {
  const c = data.component;
  const busy = useBusy(id);
  const reconciling = busy !== undefined && c.status === 'running';
  const state = c.status === 'running' ? (reconciling ? 'reconciling' : 'running') : c.status;
  return (
    <>
      <Anchors handles={componentHandles(width ?? 0, height ?? 0)} />
      <div
        className={`cmp status-${c.status}${reconciling ? ' busy' : ''}${selected ? ' selected' : ''}`}
        data-testid={`component-${id}`}
        data-status={c.status}
      >
        {reconciling && <span key={busy} className="pulse" aria-hidden="true" />}
        <div className="cmp-head">
          <span className="cmp-title">{TITLES[id] ?? id}</span>
          <span className={`cmp-state state-${state}`}>{state}</span>
        </div>
        <div className="cmp-role">{ROLES[id] ?? c.type}</div>
        {c.error && (
          <div className="cmp-error" title={c.error}>
            {c.error}
          </div>
        )}
        {id === 'kube-controller-manager' && (
          <ul className="controllers" aria-label="Controllers it runs">
            {CONTROLLER_CATALOG.map((ctl) => (
              <li key={ctl.name} title={ctl.name}>
                {ctl.label}
              </li>
            ))}
          </ul>
        )}
      </div>
    </>
  );
});
