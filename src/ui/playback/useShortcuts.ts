import { useEffect } from 'react';
import type { RuntimeClient } from '../../runtime/runtimeClient.ts';
import { viewStore } from '../store.ts';
import { isTextEntry } from '../textEntry.ts';

/** Space already activates a focused button or link; it must not also toggle playback. */
function activatesOnSpace(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement && target.closest('button, a, summary, [role="button"]') !== null
  );
}

/**
 * The playback keys: Space play/pause, Right step, Shift+Right beat, Left step back, Home and
 * End, ? the list. None fires while a text field has focus, with a modifier held (browser
 * shortcuts), or when something on the page already handled the key (the diagram's arrows).
 */
export function useShortcuts(runtime: RuntimeClient, openHelp: () => void): void {
  // Subscribed once, not again on every render: whether the run plays is read when a key comes.
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
      if (isTextEntry(e.target)) return;
      if (document.querySelector('dialog[open]')) return;
      let handled = true;
      switch (e.key) {
        case ' ':
          if (activatesOnSpace(e.target)) return;
          if (viewStore.getState().snapshot?.running) runtime.pause();
          else runtime.play();
          break;
        case 'ArrowRight':
          if (e.shiftKey) runtime.stepBeat();
          else runtime.step();
          break;
        case 'ArrowLeft':
          runtime.stepBack();
          break;
        case 'Home':
          runtime.seek({ to: 'start' });
          break;
        case 'End':
          runtime.seek({ to: 'end' });
          break;
        case '?':
          openHelp();
          break;
        default:
          handled = false;
      }
      if (handled) e.preventDefault();
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [runtime, openHelp]);
}
