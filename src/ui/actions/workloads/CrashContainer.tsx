import { useState, type FormEvent } from 'react';
import type { KubeObject } from '../../../engine/index.ts';
import { useRuntime } from '../../runtimeContext.ts';
import { done, failed, type Outcome } from '../kubectl.ts';
import { containersOf } from '../choices.ts';
import { parseExitCode } from '../validate.ts';
import { Field, Output, attempt, useChoice, useObjectChoice } from '../parts.tsx';
import { ObjectSelect } from '../ObjectSelect.tsx';

/** Whether the kubelet last reported the container running (only a running process can die). */
function isRunning(pod: KubeObject | undefined, container: string): boolean {
  const statuses = (
    pod?.status as
      { containerStatuses?: { name: string; state?: { running?: unknown } }[] } | undefined
  )?.containerStatuses;
  return statuses?.some((s) => s.name === container && s.state?.running !== undefined) ?? false;
}

/**
 * A fault, not a command: the container's process dies on its node. The kubelet sees it exit and
 * restarts it with back-off, as `restartPolicy: Always` asks.
 */
export function CrashContainer({ pods }: { pods: readonly KubeObject[] }) {
  const runtime = useRuntime();
  const { choices, target, setTarget, chosen, object: pod } = useObjectChoice(pods);
  const containers = containersOf(pod);
  const [container, setContainer] = useChoice(containers.map((c) => c.name ?? ''));
  const [exitCode, setExitCode] = useState('1');
  const [oomKilled, setOomKilled] = useState(false);
  const [outcome, report] = useState<Outcome | undefined>();

  function submit(e: FormEvent) {
    e.preventDefault();
    void attempt(report, async () => {
      if (!chosen || !container) return failed('error: choose a pod and one of its containers');
      // The OOM killer's SIGKILL always reads as 137 (128 + 9).
      const code = oomKilled ? { ok: true as const, value: 137 } : parseExitCode(exitCode);
      if (!code.ok) return failed(code.error);
      if (!isRunning(pod, container))
        return failed(`error: container ${container} of pod ${chosen.label} is not running`);
      await runtime.act({
        type: 'crashContainer',
        namespace: chosen.namespace,
        pod: chosen.name,
        container,
        exitCode: code.value,
        ...(oomKilled ? { oomKilled } : {}),
      });
      return done(
        `container ${container} of pod ${chosen.label} ${oomKilled ? 'OOMKilled' : `exited with code ${code.value}`}`,
      );
    });
  }

  return (
    <form className="action-form" onSubmit={submit} aria-label="Crash a container">
      <ObjectSelect
        label="Pod"
        empty="(no pods yet)"
        choices={choices}
        value={target}
        onChange={setTarget}
        testId="crash-pod"
      />
      <ObjectSelect
        label="Container"
        empty="(no containers)"
        choices={containers.map((c) => ({ value: c.name ?? '', label: c.name ?? '' }))}
        value={container}
        onChange={setContainer}
        testId="crash-container"
      />
      <Field label="Exit code">
        <input
          data-testid="crash-exit-code"
          value={oomKilled ? '137' : exitCode}
          disabled={oomKilled}
          onChange={(e) => setExitCode(e.target.value)}
          inputMode="numeric"
          autoComplete="off"
        />
      </Field>
      <label className="check">
        <input
          type="checkbox"
          data-testid="crash-oom"
          checked={oomKilled}
          onChange={(e) => setOomKilled(e.target.checked)}
        />
        Killed for using too much memory (OOMKilled)
      </label>
      <button type="submit" className="button primary" data-testid="crash-submit">
        Crash container
      </button>
      <Output outcome={outcome} testId="crash-result" />
    </form>
  );
}
