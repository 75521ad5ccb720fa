import { ClusterStatus } from './panels/ClusterStatus.tsx';
import { MessageLog } from './panels/MessageLog.tsx';
import { NamespacePanel } from './panels/NamespacePanel.tsx';
import { PlaybackBar } from './panels/PlaybackBar.tsx';

export function App() {
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
          <NamespacePanel />
        </div>
        <MessageLog />
      </main>
    </div>
  );
}
