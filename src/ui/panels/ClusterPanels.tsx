import { useThrottledView } from '../store.ts';
import { EventLog } from './EventLog.tsx';
import { KubectlView } from './KubectlView.tsx';
import { MessageLog } from './MessageLog.tsx';

const EMPTY: never[] = [];
/** While the run plays, the panels re-print at most four times a second. */
export const PANEL_INTERVAL_MS = 250;

/**
 * Below the diagram: kubectl's views of the cluster, the message log and the events, for
 * reading what the diagram shows moving.
 */
export function ClusterPanels() {
  const nodes = useThrottledView((s) => s.snapshot?.nodes ?? EMPTY, PANEL_INTERVAL_MS);
  const pods = useThrottledView((s) => s.snapshot?.pods ?? EMPTY, PANEL_INTERVAL_MS);
  const deployments = useThrottledView((s) => s.snapshot?.deployments ?? EMPTY, PANEL_INTERVAL_MS);
  const events = useThrottledView((s) => s.snapshot?.events ?? EMPTY, PANEL_INTERVAL_MS);
  const trace = useThrottledView((s) => s.snapshot?.recentTrace ?? EMPTY, PANEL_INTERVAL_MS);
  // Whole seconds: kubectl's AGE columns count no finer, so the tables re-print once a second
  // of virtual time instead of every frame.
  const wallNow = useThrottledView(
    (s) => (s.snapshot ? s.snapshot.startSeconds + Math.floor(s.snapshot.now / 1000) : 0),
    PANEL_INTERVAL_MS,
  );
  return (
    <div className="panels">
      <div className="panel-nodes">
        <KubectlView
          title="Nodes"
          command="kubectl get nodes"
          resource="nodes"
          objects={nodes}
          now={wallNow}
          testId="nodes"
        />
      </div>
      <div className="panel-deployments">
        <KubectlView
          title="Deployments"
          command="kubectl get deployments"
          resource="deployments"
          objects={deployments}
          now={wallNow}
          testId="deployments"
        />
      </div>
      <div className="panel-pods">
        <KubectlView
          title="Pods"
          command="kubectl get pods -A -o wide"
          resource="pods"
          objects={pods}
          now={wallNow}
          wide
          allNamespaces
          testId="pods"
        />
      </div>
      <div className="panel-messages">
        <MessageLog trace={trace} />
      </div>
      <div className="panel-events">
        <EventLog events={events} now={wallNow} />
      </div>
    </div>
  );
}
