import { useView } from './store.ts';
import { ClusterStatus } from './panels/ClusterStatus.tsx';
import { DeploymentForm } from './panels/DeploymentForm.tsx';
import { EventLog } from './panels/EventLog.tsx';
import { KubectlView } from './panels/KubectlView.tsx';
import { MessageLog } from './panels/MessageLog.tsx';
import { NamespacePanel } from './panels/NamespacePanel.tsx';
import { PlaybackBar } from './panels/PlaybackBar.tsx';

const EMPTY: never[] = [];

export function App() {
  const nodes = useView((s) => s.snapshot?.nodes ?? EMPTY);
  const pods = useView((s) => s.snapshot?.pods ?? EMPTY);
  const deployments = useView((s) => s.snapshot?.deployments ?? EMPTY);
  const events = useView((s) => s.snapshot?.events ?? EMPTY);
  const wallNow = useView((s) =>
    s.snapshot ? s.snapshot.startSeconds + s.snapshot.now / 1000 : 0,
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
        <div className="column">
          <ClusterStatus />
          <DeploymentForm />
          <NamespacePanel />
        </div>
        <div className="column">
          <KubectlView
            title="Nodes"
            command="kubectl get nodes"
            resource="nodes"
            objects={nodes}
            now={wallNow}
            testId="nodes"
          />
          <KubectlView
            title="Deployments"
            command="kubectl get deployments"
            resource="deployments"
            objects={deployments}
            now={wallNow}
            testId="deployments"
          />
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
          <EventLog events={events} now={wallNow} />
        </div>
        <MessageLog />
      </main>
    </div>
  );
}
