import { useState, type FormEvent } from 'react';
import type { KubeObject } from '../../../engine/index.ts';
import { useRuntime } from '../../runtimeContext.ts';
import { useView, viewStore } from '../../store.ts';
import { done, failed, type Outcome } from '../kubectl.ts';
import { ObjectSelect } from '../ObjectSelect.tsx';
import { Command, Output, attempt, useChoice, useObjectChoice } from '../parts.tsx';
import { CONNECT_TIMEOUT_SECONDS, curlResult, requestTargets, type CurlResult } from './curl.ts';
import type { TraceEvent } from '../../../engine/index.ts';

const NO_NODES: KubeObject[] = [];
let sent = 0;

/** Resolves with what curl prints once the reply to this request is back at kubectl. */
function replyTo(after: number, sentAt: number, destination: string): Promise<CurlResult> {
  // Frames bring a sliding window of the trace: keep the packets that passed, so no hop is
  // missed (the hops from the request to its reply are all traffic messages).
  const packets = new Map<number, TraceEvent>();
  const look = (): CurlResult | undefined => {
    const snapshot = viewStore.getState().snapshot;
    for (const e of snapshot?.recentTrace ?? [])
      if (e.seq > after && e.kind === 'traffic') packets.set(e.seq, e);
    const waited = (snapshot?.now ?? sentAt) - sentAt;
    return curlResult([...packets.values()], after, destination, waited);
  };
  return new Promise((resolve) => {
    const now = look();
    if (now) return resolve(now);
    const stop = viewStore.subscribe(() => {
      const result = look();
      if (!result) return;
      stop();
      resolve(result);
    });
  });
}

/**
 * curl to a Service, simulated: the packet enters a node's kube-proxy rules (or the load
 * balancer), is DNATed to one backend pod and answered by its node, and the reply travels back;
 * every hop is a message in the diagram and the log.
 */
export function SendRequest({ services }: { services: readonly KubeObject[] }) {
  const runtime = useRuntime();
  const nodes = useView((s) => s.snapshot?.nodes ?? NO_NODES);
  const { choices, target, setTarget, object } = useObjectChoice(services);
  const targets = object ? requestTargets(object, nodes) : [];
  const [choice, setChoice] = useChoice(targets.map((t) => t.label));
  const chosen = targets.find((t) => t.label === choice);
  const [outcome, report] = useState<Outcome | undefined>();

  function submit(e: FormEvent) {
    e.preventDefault();
    void attempt(report, async () => {
      if (!object)
        return failed('error: no Service to send a request to: expose a Deployment first');
      if (!chosen) return failed('error: this Service has no address to send a request to');
      const snapshot = viewStore.getState().snapshot;
      const after = snapshot?.traceLength ?? 0;
      report(done(`sending to ${chosen.destination}…`));
      await runtime.act({
        type: 'sendRequest',
        via: chosen.via,
        destination: chosen.destination,
        requestId: `curl-${++sent}`,
      });
      return replyTo(after, snapshot?.now ?? 0, chosen.destination);
    });
  }

  return (
    <form className="action-form" onSubmit={submit} aria-label="Send a request to a Service">
      <ObjectSelect
        label="Service"
        empty="(no Services yet: expose a Deployment)"
        choices={choices}
        value={target}
        onChange={setTarget}
        testId="curl-service"
      />
      <ObjectSelect
        label="Address"
        empty="(no address yet)"
        choices={targets.map((t) => ({ value: t.label, label: t.label }))}
        value={choice}
        onChange={setChoice}
        testId="curl-address"
      />
      <Command>{`curl --connect-timeout ${CONNECT_TIMEOUT_SECONDS} http://${chosen?.destination ?? 'ADDRESS'}/`}</Command>
      <button type="submit" className="button primary" data-testid="curl-submit">
        Send request
      </button>
      <Output outcome={outcome} testId="curl-result" />
      <p className="hint">
        Simulated: a pod answers when something listens on the target port, and the reply names the
        pod that served it.
      </p>
    </form>
  );
}
