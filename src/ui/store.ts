/**
 * The UI's view of the cluster: the latest snapshot the runtime published, and what the learner
 * has selected on the diagram (the inspector shows it). A vanilla zustand store so the runtime
 * can feed it outside React; components read it through selectors.
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { ClusterSnapshot } from '../runtime/snapshot.ts';

/**
 * What the inspector shows: a thing on the diagram (a component by id, a node by name, a pod or
 * Service by namespace/name), or a delivered message by its trace seq (from the message log).
 */
export interface Selection {
  kind: 'component' | 'node' | 'pod' | 'service' | 'message';
  id: string;
}

export interface ViewState {
  snapshot: ClusterSnapshot | undefined;
  selection: Selection | undefined;
}

export const viewStore = createStore<ViewState>(() => ({
  snapshot: undefined,
  selection: undefined,
}));

export function useView<T>(selector: (state: ViewState) => T): T {
  return useStore(viewStore, selector);
}

export function select(selection: Selection | undefined): void {
  const current = viewStore.getState().selection;
  if (current?.kind === selection?.kind && current?.id === selection?.id) return;
  viewStore.setState({ selection });
}

export const selectSnapshot = (s: ViewState) => s.snapshot;
export const selectSelection = (s: ViewState) => s.selection;
