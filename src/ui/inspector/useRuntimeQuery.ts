/**
 * Asking the runtime a question from a component: the answer arrives later (the cluster may run
 * in Web Workers), is dropped if the question changed meanwhile, and is asked again whenever one
 * of `deps` changes.
 */
import { useEffect, useState } from 'react';
import type { KeyVersionView, TraceEvent } from '../../engine/index.ts';
import { useRuntime } from '../runtimeContext.ts';

export function useAsk<T>(
  ask: (() => Promise<T>) | undefined,
  deps: readonly unknown[],
  /** Keep showing the last answer while a new one is on its way (instead of nothing). */
  keepStale = false,
): T | undefined {
  const [answer, setAnswer] = useState<{ deps: readonly unknown[]; value: T }>();
  useEffect(() => {
    if (!ask) return;
    let live = true;
    void ask().then((value) => {
      if (live) setAnswer({ deps, value });
    });
    return () => {
      live = false;
    };
    // `ask` is rebuilt each render; `deps` say when the question is a new one.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  if (!answer) return undefined;
  const fresh = answer.deps.length === deps.length && answer.deps.every((d, i) => d === deps[i]);
  return fresh || keepStale ? answer.value : undefined;
}

export interface KeyHistory {
  /** etcd's revision when it answered. */
  revision: number;
  versions: KeyVersionView[];
}

/** Every version of an etcd key still in the store, asked again when `version` changes. */
export function useKeyHistory(key: string, version: string | undefined): KeyHistory | undefined {
  const runtime = useRuntime();
  return useAsk(
    async () => {
      const answer = await runtime.query('etcd', { kind: 'keyHistory', key });
      return answer.kind === 'keyHistory'
        ? { revision: answer.revision, versions: answer.versions }
        : { revision: 0, versions: [] };
    },
    [runtime, key, version],
    true,
  );
}

/** The causes of the write that stored `key` at `revision`, oldest first. */
export function useWhy(key: string, revision: number | undefined): TraceEvent[] | undefined {
  const runtime = useRuntime();
  return useAsk(revision === undefined ? undefined : () => runtime.why(key, revision), [
    runtime,
    key,
    revision,
  ]);
}
