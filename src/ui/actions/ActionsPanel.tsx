import { ControlPlaneActions } from './ControlPlaneActions.tsx';
import { RunActions } from './RunActions.tsx';
import { Tabs } from './Tabs.tsx';
import { NodeActions } from './nodes/NodeActions.tsx';
import { WorkloadActions } from './workloads/WorkloadActions.tsx';
import './actions.css';

/**
 * Everything a learner does without typing, in four groups. Commands go through the real API as
 * kubectl would send them; the rest (machines, processes, faults, load) are cluster actions.
 */
export function ActionsPanel() {
  return (
    <section className="card actions" aria-labelledby="actions-title" data-testid="actions">
      <h2 id="actions-title">Actions</h2>
      <Tabs
        label="Action groups"
        tabs={[
          { id: 'workloads', label: 'Workloads', panel: <WorkloadActions /> },
          { id: 'nodes', label: 'Nodes', panel: <NodeActions /> },
          { id: 'control-plane', label: 'Control plane', panel: <ControlPlaneActions /> },
          { id: 'run', label: 'Run', panel: <RunActions /> },
        ]}
      />
    </section>
  );
}
