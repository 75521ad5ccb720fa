import { useCallback, useEffect, useLayoutEffect, useRef } from 'react';
import { select, selectSelection, useView, type Selection } from '../store.ts';
import { isTextEntry } from '../textEntry.ts';
import { ComponentInspector } from './ComponentInspector.tsx';
import { MessageInspector } from './MessageInspector.tsx';
import { ObjectInspector } from './ObjectInspector.tsx';
import './inspector.css';

const TITLES: Record<Selection['kind'], string> = {
  component: 'Component',
  node: 'Node',
  pod: 'Pod',
  service: 'Service',
  message: 'Message',
};

function title(selection: Selection): string {
  return selection.kind === 'message'
    ? `${TITLES.message} #${selection.id}`
    : `${TITLES[selection.kind]} ${selection.id}`;
}

/**
 * The inspector: what the selected thing is, as etcd and the components see it. A side panel
 * over the page's edge, not a modal: the diagram stays live and clickable beside it. Each new
 * selection brings focus to its heading; Escape or Close clears the selection and gives focus
 * back to what opened the panel.
 */
export function Inspector() {
  const selection = useView(selectSelection);
  const panel = useRef<HTMLElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const opener = useRef<HTMLElement | null>(null);

  useLayoutEffect(() => {
    if (!selection) return;
    const active = document.activeElement;
    // Choosing something else from inside the panel keeps the original opener.
    if (active instanceof HTMLElement && !panel.current?.contains(active)) opener.current = active;
    // Focus moves once the event that selected has finished: Enter on an agent's chip inside a
    // node box selects the node on keydown and the chip on the click that follows, and that
    // click goes to whatever holds focus by then. Focusing scrolls the panel into view, for a
    // message chosen in the log further down the page.
    const later = setTimeout(() => heading.current?.focus(), 0);
    return () => clearTimeout(later);
  }, [selection]);

  const close = useCallback(() => {
    select(undefined);
    const back = opener.current;
    opener.current = null;
    if (back?.isConnected) back.focus();
  }, []);

  useEffect(() => {
    if (!selection) return;
    const onKey = (e: KeyboardEvent) => {
      // Escape typed into a field or a list box is theirs, not ours to take.
      if (e.key !== 'Escape' || e.defaultPrevented || isTextEntry(e.target)) return;
      e.preventDefault();
      close();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [selection, close]);

  if (!selection) return null;
  return (
    <section
      ref={panel}
      className="inspector"
      role="dialog"
      aria-modal="false"
      aria-labelledby="inspector-title"
      data-testid="inspector"
    >
      <header className="inspector-head">
        <h2 id="inspector-title" ref={heading} tabIndex={-1}>
          {title(selection)}
        </h2>
        <button type="button" className="button" onClick={close} data-testid="inspector-close">
          Close <kbd>Esc</kbd>
        </button>
      </header>
      <div className="inspector-body" tabIndex={0} aria-label={`Details of ${title(selection)}`}>
        {selection.kind === 'component' ? (
          <ComponentInspector key={selection.id} id={selection.id} />
        ) : selection.kind === 'message' ? (
          <MessageInspector key={selection.id} seq={Number(selection.id)} />
        ) : (
          <ObjectInspector
            key={`${selection.kind}:${selection.id}`}
            kind={selection.kind}
            id={selection.id}
          />
        )}
      </div>
    </section>
  );
}
