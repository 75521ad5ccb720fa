import { useRuntime } from '../runtimeContext.ts';
import { useView } from '../store.ts';
import { formatVirtualTime } from '../format.ts';

const SPEEDS = [0.25, 0.5, 1, 2, 4, 8, 16, 32, 64];

export function PlaybackBar() {
  const runtime = useRuntime();
  const running = useView((s) => s.snapshot?.running ?? false);
  const speed = useView((s) => s.snapshot?.speed ?? 1);
  const now = useView((s) => s.snapshot?.now ?? 0);
  return (
    <div className="playback" role="group" aria-label="Playback">
      <button
        type="button"
        className="button primary"
        data-testid="play-pause"
        onClick={() => (running ? runtime.pause() : runtime.play())}
      >
        {running ? 'Pause' : 'Play'}
      </button>
      <label className="speed">
        Speed
        <select
          data-testid="speed"
          value={speed}
          onChange={(e) => runtime.setSpeed(Number(e.target.value))}
        >
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}×
            </option>
          ))}
        </select>
      </label>
      <span
        className="clock"
        aria-live="off"
        data-testid="virtual-time"
        title="Virtual time since the cluster started"
      >
        {formatVirtualTime(now)}
      </span>
    </div>
  );
}
