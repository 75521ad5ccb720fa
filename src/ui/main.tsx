import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { PLACEMENT_MODES, type PlacementMode } from '../runtime/placement.ts';
import type { ClusterSnapshot } from '../runtime/snapshot.ts';
import { startRuntime } from '../runtime/startRuntime.ts';
import { App } from './App.tsx';
import { RuntimeContext } from './runtimeContext.ts';
import { viewStore } from './store.ts';
import { installTestApi } from './testApi.ts';
import './styles.css';

/** `?placement=single-worker` (or in-process) picks another placement; `?paused` starts paused. */
const params = new URLSearchParams(location.search);
const DEFAULT_WARM_UP_MS = 30_000;
const asked = params.get('placement') as PlacementMode | null;
const placement: PlacementMode = asked && PLACEMENT_MODES.includes(asked) ? asked : 'per-component';
const seed = Number(params.get('seed') ?? 1) || 1;

// The page opens on a cluster that has booted (nodes registered and Ready): 30 s of virtual
// time run before the first frame. `?warmup=0` shows the boot itself; the timeline starts there.
const warmUpMs = Math.max(0, Number(params.get('warmup') ?? DEFAULT_WARM_UP_MS) || 0);
// `?nodes=20` boots that many worker nodes (1 to 100).
const nodes = Math.min(100, Math.max(1, Number(params.get('nodes') ?? 3) || 3));
const runtime = await startRuntime({ seed, speed: 1, placement, warmUpMs, nodes });
let frame = 0;
// Coalesce snapshots to one store update per animation frame.
let pending: ClusterSnapshot | undefined;
runtime.subscribe((snapshot) => {
  pending = snapshot;
  if (frame) return;
  frame = requestAnimationFrame(() => {
    frame = 0;
    viewStore.setState({ snapshot: pending });
    // React has rendered it: the run may compute the next frame.
    runtime.frameShown();
  });
});
installTestApi(runtime);
if (!params.has('paused')) runtime.play();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <RuntimeContext.Provider value={runtime}>
      <App />
    </RuntimeContext.Provider>
  </StrictMode>,
);
