import { useEffect, useState } from 'react';
import { useRuntime } from '../runtimeContext.ts';
import { useView, viewStore } from '../store.ts';
import { formatVirtualTime } from '../format.ts';
import {
  compareWithEtcd,
  readComponentState,
  readEtcdState,
  type CacheComparison,
  type ComponentMemory,
  type EtcdContents,
} from './componentState.ts';
import { InformerTable, QueueTable } from './MemoryViews.tsx';

/** How often (wall ms) the copy of the component's memory is taken again while the run moves. */
const REFRESH_MS = 1000;
/**
 * A big cluster's etcd takes tens of milliseconds to copy across from its worker (about 20 ms
 * each way at 50 nodes); copying stays under 2% of the time by waiting this many times longer.
 */
const COST_FACTOR = 50;

interface Reading {
  /** Whether the component had any state to copy (a stopped one has none). */
  present: boolean;
  memory: ComponentMemory;
  etcd: EtcdContents | undefined;
  /** Virtual time of the copy. */
  at: number;
}

/**
 * Copies of the component's state and of etcd's, taken together and again each second while
 * the cluster runs (not while it is paused: nothing would change). etcd is copied only when
 * the component has informers to compare with it.
 */
function useReading(id: string, again: number): Reading | undefined {
  const runtime = useRuntime();
  const [reading, setReading] = useState<Reading>();
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let seen = -1;
    const read = async () => {
      const snap = viewStore.getState().snapshot;
      const delivered = snap?.delivered ?? 0;
      const started = performance.now();
      if (delivered !== seen) {
        seen = delivered;
        const state = await runtime.inspect(id);
        const memory = readComponentState(state);
        const etcd =
          memory.informers.length > 0 || id === 'etcd'
            ? readEtcdState(await runtime.inspect('etcd'))
            : undefined;
        if (!live) return;
        setReading({ present: state !== undefined, memory, etcd, at: snap?.now ?? 0 });
      }
      const cost = performance.now() - started;
      if (live) timer = setTimeout(() => void read(), Math.max(REFRESH_MS, cost * COST_FACTOR));
    };
    void read();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [runtime, id, again]);
  return reading;
}

/**
 * A component: whether it runs, its work queues, and each informer cache (what it believes
 * exists, at which resourceVersion) next to what etcd holds, with the objects they disagree on.
 */
export function ComponentInspector({ id }: { id: string }) {
  const view = useView((s) => s.snapshot?.components.find((c) => c.id === id));
  const [again, setAgain] = useState(0);
  const reading = useReading(id, again);
  const comparisons: CacheComparison[] =
    reading?.etcd && reading.memory.informers.length > 0
      ? reading.memory.informers.map((i) => compareWithEtcd(i, reading.etcd!))
      : [];

  return (
    <>
      <p className="status-line" data-testid="inspector-status">
        <span className={`status-pill status-${view?.status ?? 'unknown'}`}>
          {view?.status ?? 'unknown'}
        </span>
        {view?.error && (
          <span className="status-error">
            Crashed with: <code>{view.error}</code>
          </span>
        )}
      </p>
      {!reading ? (
        <p className="hint">Copying the component's memory…</p>
      ) : !reading.present ? (
        <p className="hint">
          No process, so no memory: started again, it begins empty and lists everything afresh from
          the apiserver.
        </p>
      ) : (
        <>
          <p className="hint">
            Copied at {formatVirtualTime(reading.at)}
            {reading.etcd && <>, etcd at revision {reading.etcd.revision}</>}.{' '}
            <button type="button" className="link-button" onClick={() => setAgain((n) => n + 1)}>
              Copy again
            </button>
          </p>
          {id === 'etcd' && reading.etcd && (
            <p data-testid="inspector-etcd">
              etcd holds {reading.etcd.under('').size} live keys at revision {reading.etcd.revision}
              .
            </p>
          )}
          <h3>Work queues</h3>
          <QueueTable queues={reading.memory.queues} />
          <h3>Informer caches</h3>
          <InformerTable comparisons={comparisons} />
        </>
      )}
    </>
  );
}
