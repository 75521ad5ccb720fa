import { useImperativeHandle, useRef, type Ref } from 'react';

export interface ShortcutsDialogHandle {
  open(): void;
}

const SHORTCUTS: [string, string][] = [
  ['Space', 'Play or pause'],
  ['→', 'Step forward one message'],
  ['Shift + →', 'Step forward one story beat'],
  ['←', 'Step back'],
  ['Home', 'Go to the start'],
  ['End', 'Go to the latest point'],
  ['?', 'Show this list'],
];

/** The keyboard shortcuts, in a modal dialog (Escape or the button closes it). */
export function ShortcutsDialog({ ref }: { ref: Ref<ShortcutsDialogHandle> }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useImperativeHandle(ref, () => ({ open: () => dialog.current?.showModal() }), []);
  return (
    <dialog
      ref={dialog}
      className="shortcuts-dialog"
      aria-labelledby="shortcuts-title"
      data-testid="shortcuts-dialog"
    >
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <p className="shortcuts-note">They work anywhere except while you type in a field.</p>
      <table>
        <tbody>
          {SHORTCUTS.map(([key, what]) => (
            <tr key={key}>
              <th scope="row">
                <kbd>{key}</kbd>
              </th>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form method="dialog">
        <button type="submit" className="button primary" autoFocus>
          Close
        </button>
      </form>
    </dialog>
  );
}
