import { useCallback, useRef, type ReactNode } from 'react';
import { useRuntime } from '../runtimeContext.ts';
import { useView } from '../store.ts';
import { formatVirtualTime } from '../format.ts';
import { ShortcutsDialog, type ShortcutsDialogHandle } from './ShortcutsDialog.tsx';
import { SkipToEndIcon, SkipToStartIcon } from './icons.tsx';
import { Timeline } from './Timeline.tsx';
import { useShortcuts } from './useShortcuts.ts';
import './playback.css';

/** Times real time; fast-forward drops the slowing down for messages in flight. */
export const SPEEDS = [0.25, 0.5, 1, 2, 4, 8, 16, 32, 64];

/**
 * The run's controls: play and pause, step one message, one story beat or back, the speed, and
 * the timeline. Every control has a key (see ShortcutsDialog).
 */
/** A square button whose name (and tooltip) says what it does and its key. */
function IconButton(props: {
  testId: string;
  label: string;
  onClick: () => void;
  wide?: boolean;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      className={props.wide ? 'icon-button wide' : 'icon-button'}
      data-testid={props.testId}
      aria-label={props.label}
      title={props.label}
      onClick={props.onClick}
    >
      {props.children}
    </button>
  );
}

export function PlaybackBar() {
  const runtime = useRuntime();
  const running = useView((s) => s.snapshot?.running ?? false);
  const speed = useView((s) => s.snapshot?.speed ?? 1);
  const fastForward = useView((s) => s.snapshot?.fastForward ?? false);
  const now = useView((s) => s.snapshot?.now ?? 0);
  const inPast = useView((s) => s.snapshot?.inPast ?? false);
  const dialog = useRef<ShortcutsDialogHandle>(null);
  // Stable, so the keyboard listener is not replaced on each of this bar's many renders.
  const openHelp = useCallback(() => dialog.current?.open(), []);
  useShortcuts(runtime, openHelp);

  return (
    <div className="playback" role="group" aria-label="Playback">
      <div className="playback-controls">
        <IconButton
          testId="seek-start"
          label="Go to the start (Home)"
          onClick={() => runtime.seek({ to: 'start' })}
        >
          <SkipToStartIcon />
        </IconButton>
        <IconButton
          testId="step-back"
          label="Step back (Left arrow)"
          onClick={() => runtime.stepBack()}
        >
          ◀
        </IconButton>
        <button
          type="button"
          className="button primary play"
          data-testid="play-pause"
          aria-keyshortcuts="Space"
          onClick={() => (running ? runtime.pause() : runtime.play())}
        >
          {running ? 'Pause' : 'Play'}
        </button>
        <IconButton
          testId="step"
          label="Step one message (Right arrow)"
          onClick={() => runtime.step()}
        >
          ▶
        </IconButton>
        <IconButton
          testId="step-beat"
          label="Step one story beat (Shift+Right arrow)"
          onClick={() => runtime.stepBeat()}
          wide
        >
          ▶▶
        </IconButton>
        <IconButton
          testId="seek-end"
          label="Go to the latest point (End)"
          onClick={() => runtime.seek({ to: 'end' })}
        >
          <SkipToEndIcon />
        </IconButton>
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
        <button
          type="button"
          className="toggle-button"
          data-testid="fast-forward"
          aria-pressed={fastForward}
          title="Fast-forward: run at the chosen speed without slowing down for each message"
          onClick={() => runtime.setFastForward(!fastForward)}
        >
          Fast-forward
        </button>
        <span
          className="clock"
          data-testid="virtual-time"
          title="Virtual time since the cluster started"
        >
          {formatVirtualTime(now)}
        </span>
        {inPast && (
          <span
            className="past-note"
            data-testid="past-note"
            role="status"
            title="Play or step to see it again. Act here and the run forks: what came after is discarded."
          >
            In the past: acting here forks the run
          </span>
        )}
        <button
          type="button"
          className="icon-button"
          aria-label="Keyboard shortcuts (?)"
          title="Keyboard shortcuts (?)"
          data-testid="shortcuts"
          onClick={() => dialog.current?.open()}
        >
          ?
        </button>
      </div>
      <Timeline />
      <ShortcutsDialog ref={dialog} />
    </div>
  );
}
