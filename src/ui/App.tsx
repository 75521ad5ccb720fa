import { ActionsPanel } from './actions/ActionsPanel.tsx';
import { Diagram } from './diagram/Diagram.tsx';
import { Inspector } from './inspector/Inspector.tsx';
import { ClusterPanels } from './panels/ClusterPanels.tsx';
import { ClusterStatus } from './panels/ClusterStatus.tsx';
import { NarrationPanel } from './narration/NarrationPanel.tsx';
import { NamespacePanel } from './panels/NamespacePanel.tsx';
import { PlaybackBar } from './playback/PlaybackBar.tsx';

/**
 * The diagram fills the first screen with the actions beside it; kubectl's views, the events and
 * the message log follow below, for reading what the diagram shows moving.
 */
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
        <ClusterPanels />
      </main>
    </div>
  );
}
