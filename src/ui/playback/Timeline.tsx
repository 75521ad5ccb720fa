import { useEffect, useRef, useState } from 'react';
import { useRuntime } from '../runtimeContext.ts';
import { useView } from '../store.ts';
import { formatVirtualTime } from '../format.ts';

/** How often a drag asks the run to jump (each jump restores a checkpoint and replays). */
const SEEK_EVERY_MS = 150;
const NO_MARKERS: never[] = [];

/**
 * The run as a scrubbable line of virtual time, from the earliest point it can go back to up
 * to the furthest it reached, with a marker for each of the learner's actions and each fault.
 */
export function Timeline() {
  const runtime = useRuntime();
  const now = useView((s) => s.snapshot?.now ?? 0);
  const start = useView((s) => s.snapshot?.timeline?.start ?? 0);
  const headNow = useView((s) => s.snapshot?.timeline?.head.now ?? 0);
  const markers = useView((s) => s.snapshot?.timeline?.markers ?? NO_MARKERS);
  const [dragging, setDragging] = useState<number | undefined>();
  const lastSeek = useRef(0);
  const trailing = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(trailing.current), []);

  const end = Math.max(headNow, now, start + 1);
  const value = dragging ?? now;
  const at = (t: number) =>
    `${((Math.min(Math.max(t, start), end) - start) / (end - start)) * 100}%`;

  function seekTo(time: number) {
    window.clearTimeout(trailing.current);
    const wait = lastSeek.current + SEEK_EVERY_MS - performance.now();
    const go = () => {
      lastSeek.current = performance.now();
      runtime.seek({ time });
    };
    if (wait <= 0) go();
    else trailing.current = window.setTimeout(go, wait);
  }

  return (
    <div className="timeline" data-testid="timeline">
      <div className="timeline-track">
        <div className="timeline-lived" style={{ width: at(headNow) }} aria-hidden="true" />
        <input
          type="range"
          className="timeline-range"
          data-testid="timeline-range"
          aria-label="Timeline: virtual time"
          aria-valuetext={`${formatVirtualTime(value)} of ${formatVirtualTime(end)}`}
          min={start}
          max={end}
          step={100}
          value={value}
          onChange={(e) => {
            const time = Number(e.target.value);
            setDragging(time);
            seekTo(time);
          }}
          onPointerUp={() => setDragging(undefined)}
          onKeyUp={() => setDragging(undefined)}
          onBlur={() => setDragging(undefined)}
        />
        <ol className="timeline-markers" aria-label="Actions and faults">
          {markers.map((m) => (
            <li key={`${m.index}-${m.kind}`} style={{ left: at(m.now) }}>
              <button
                type="button"
                className={`timeline-marker ${m.kind}`}
                data-testid="timeline-marker"
                aria-label={`Go to just before: ${m.label} (${formatVirtualTime(m.now)})`}
                title={`${m.label} at ${formatVirtualTime(m.now)}`}
                onClick={() => runtime.seek({ index: m.index })}
              />
            </li>
          ))}
        </ol>
      </div>
    </div>
  );
}
