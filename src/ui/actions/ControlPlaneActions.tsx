import { useState } from 'react';
import { CONTROL_PLANE } from '../../engine/display.ts';
import type { ComponentView } from '../../runtime/view.ts';
import { useRuntime } from '../runtimeContext.ts';
import { useView } from '../store.ts';
import { done, type Outcome } from './kubectl.ts';
import { Output, attempt } from './parts.tsx';

const NO_COMPONENTS: ComponentView[] = [];

/**
 * Stops and starts the control-plane processes. A stopped one loses its memory, as a killed
 * process does; started again, it re-lists everything from the apiserver.
 */
export function ControlPlaneActions() {
  const runtime = useRuntime();
  const components = useView((s) => s.snapshot?.components ?? NO_COMPONENTS);
  const [outcome, report] = useState<Outcome | undefined>();

  function toggle(id: string, running: boolean) {
    void attempt(report, async () => {
      await runtime.act({ type: 'setComponentRunning', id, running });
      return done(
        running ? `${id} started: it lists and watches from the apiserver again` : `${id} stopped`,
      );
    });
  }

  return (
    <div className="action-group">
      <ul className="component-list">
        {CONTROL_PLANE.map((id) => {
          const status = components.find((c) => c.id === id)?.status ?? 'stopped';
          const running = status === 'running';
          return (
            <li key={id}>
              <span className="component-name">{id}</span>
              <span className={`status-pill status-${status}`} data-testid={`control-status-${id}`}>
                {status}
              </span>
              <button
                type="button"
                className="button small"
                data-testid={`control-toggle-${id}`}
                aria-label={`${running ? 'Stop' : 'Start'} ${id}`}
                onClick={() => toggle(id, !running)}
              >
                {running ? 'Stop' : status === 'crashed' ? 'Restart' : 'Start'}
              </button>
            </li>
          );
        })}
      </ul>
      <p className="hint">
        etcd and kube-apiserver keep running here: restarting them is not modelled yet.
      </p>
      <Output outcome={outcome} testId="control-result" />
    </div>
  );
}
