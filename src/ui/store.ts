/**
 * The UI's view of the cluster: the latest snapshot the runtime published, and what the learner
 * has selected on the diagram (the inspector shows it). A vanilla zustand store so the runtime
 * can feed it outside React; components read it through selectors.
 */
import { createStore } from 'zustand/vanilla';
import { useEffect, useRef, useState } from 'react';
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

/**
 * Like useView, but while the run plays it re-renders at most once per `intervalMs`: for the
 * panels below the diagram (kubectl's tables, the logs), which nobody reads sixty times a
 * second and which would otherwise re-render and repaint with every frame. Paused or stepping,
 * every change shows at once.
 */
export function useThrottledView<T>(selector: (state: ViewState) => T, intervalMs: number): T {
  const [value, setValue] = useState(() => selector(viewStore.getState()));
  const latest = useRef(selector);
  useEffect(() => {
    latest.current = selector;
  });
  useEffect(() => {
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const update = () => {
      last = performance.now();
      timer = undefined;
      const next = latest.current(viewStore.getState());
      setValue((previous) => (Object.is(previous, next) ? previous : next));
    };
    const stop = viewStore.subscribe((state) => {
      if (!state.snapshot?.running) {
        clearTimeout(timer);
        update();
        return;
      }
      if (timer !== undefined) return;
      const wait = last + intervalMs - performance.now();
      if (wait <= 0) update();
      else timer = setTimeout(update, wait);
    });
    update();
    return () => {
      stop();
      clearTimeout(timer);
    };
  }, [intervalMs]);
  return value;
}
