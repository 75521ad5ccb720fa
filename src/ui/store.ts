/**
 * The UI's view of the cluster: the latest snapshot the runtime published. A vanilla zustand
 * store so the runtime can feed it outside React; components read it through selectors.
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { ClusterSnapshot } from '../runtime/localRuntime.ts';

export interface ViewState {
  snapshot: ClusterSnapshot | undefined;
}

export const viewStore = createStore<ViewState>(() => ({ snapshot: undefined }));

export function useView<T>(selector: (state: ViewState) => T): T {
  return useStore(viewStore, selector);
}

export const selectSnapshot = (s: ViewState) => s.snapshot;
