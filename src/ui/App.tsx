import { useView } from './store.ts';
import { ActionsPanel } from './actions/ActionsPanel.tsx';
import { Diagram } from './diagram/Diagram.tsx';
import { Inspector } from './inspector/Inspector.tsx';
import { ClusterStatus } from './panels/ClusterStatus.tsx';
import { EventLog } from './panels/EventLog.tsx';
import { KubectlView } from './panels/KubectlView.tsx';
import { MessageLog } from './panels/MessageLog.tsx';
import { NarrationPanel } from './narration/NarrationPanel.tsx';
import { NamespacePanel } from './panels/NamespacePanel.tsx';
import { PlaybackBar } from './playback/PlaybackBar.tsx';

const EMPTY: never[] = [];

/**
 * The diagram fills the first screen with the actions beside it; kubectl's views, the events and
 * the message log follow below, for reading what the diagram shows moving.
 */
export function App() {
  const nodes = useView((s) => s.snapshot?.nodes ?? EMPTY);
  const pods = useView((s) => s.snapshot?.pods ?? EMPTY);
  const deployments = useView((s) => s.snapshot?.deployments ?? EMPTY);
  const events = useView((s) => s.snapshot?.events ?? EMPTY);
  // Whole seconds: kubectl's AGE columns count no finer, so the tables re-print once a second
  // of virtual time instead of every frame.
  const wallNow = useView((s) =>
    s.snapshot ? s.snapshot.startSeconds + Math.floor(s.snapshot.now / 1000) : 0,
  );
  return (
    <div className="app">
      <header className="app-header">
        <div className="brand">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <div>
            <h1>Kubeviz</h1>
            <p className="tagline">A real Kubernetes control plane, running in your browser.</p>
          </div>
        </div>
        <PlaybackBar />
      </header>
      <main className="app-main">
        <div className="stage">
          <Diagram />
          <Inspector />
          <aside className="side" aria-label="Actions">
            <NarrationPanel />
            <ActionsPanel />
            <ClusterStatus />
            <NamespacePanel />
          </aside>
        </div>
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
            <MessageLog />
          </div>
          <div className="panel-events">
            <EventLog events={events} now={wallNow} />
          </div>
        </div>
      </main>
    </div>
  );
}
