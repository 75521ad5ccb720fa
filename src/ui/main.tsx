import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { LocalRuntime } from '../runtime/localRuntime.ts';
import { App } from './App.tsx';
import { RuntimeContext } from './runtimeContext.ts';
import { viewStore } from './store.ts';
import { installTestApi } from './testApi.ts';
import './styles.css';

const runtime = new LocalRuntime({ seed: 1, speed: 1 });
let frame = 0;
// Coalesce snapshots to one store update per animation frame.
let pending: ReturnType<LocalRuntime['snapshot']> | undefined;
runtime.subscribe((snapshot) => {
  pending = snapshot;
  if (frame) return;
  frame = requestAnimationFrame(() => {
    frame = 0;
    viewStore.setState({ snapshot: pending });
  });
});
installTestApi(runtime);
runtime.play();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <RuntimeContext.Provider value={runtime}>
      <App />
    </RuntimeContext.Provider>
  </StrictMode>,
);
