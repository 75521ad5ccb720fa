import { useState, type FormEvent } from 'react';
import { formatMilli, workloadSelectorText, type KubeObject } from '../../../engine/display.ts';
import { useRuntime } from '../../runtimeContext.ts';
import { done, failed, type Outcome } from '../kubectl.ts';
import { parseCpu } from '../validate.ts';
import { Output, attempt, useObjectChoice, TextField } from '../parts.tsx';
import { DeploymentSelect } from '../ObjectSelect.tsx';

/**
 * Outside traffic as CPU demand on a Deployment's pods: the load generator spreads it over the
 * Ready pods, metrics-server reports it, and a HorizontalPodAutoscaler scales on it.
 */
export function SetLoad({ deployments }: { deployments: readonly KubeObject[] }) {
  const runtime = useRuntime();
  const { choices, target, setTarget, chosen, object } = useObjectChoice(deployments);
  const selector = workloadSelectorText(object);
  const [cpu, setCpu] = useState('1500m');
  const [outcome, report] = useState<Outcome | undefined>();

  function submit(e: FormEvent) {
    e.preventDefault();
    void attempt(report, async () => {
      if (!chosen || !selector) return failed('error: choose a Deployment to put load on');
      const milli = parseCpu(cpu, 'CPU load');
      if (!milli.ok) return failed(milli.error);
      await runtime.act({
        type: 'setLoad',
        namespace: chosen.namespace,
        selector,
        millicores: milli.value,
      });
      return done(
        milli.value === 0
          ? `load on ${chosen.label} (${selector}) removed`
          : `load on ${chosen.label} (${selector}) set to ${formatMilli(milli.value)} CPU in total`,
      );
    });
  }

  return (
    <form className="action-form" onSubmit={submit} aria-label="Set the load on a Deployment">
      <DeploymentSelect
        choices={choices}
        value={target}
        onChange={setTarget}
        testId="load-target"
      />
      <TextField
        label="CPU in total"
        testId="load-cpu"
        value={cpu}
        onChange={setCpu}
        spellCheck={false}
      />
      <p className="hint">
        Spread over its Ready pods; a HorizontalPodAutoscaler on it scales on what metrics-server
        reports. 0 removes the load.
      </p>
      <button type="submit" className="button primary" data-testid="load-submit">
        Set load
      </button>
      <Output outcome={outcome} testId="load-result" />
    </form>
  );
}
