import { useState } from 'react';
import type { KubeObject } from '../../../engine/index.ts';
import type { ClusterAction } from '../../../runtime/runtimeProtocol.ts';
import type { ComponentView } from '../../../runtime/view.ts';
import { useRuntime } from '../../runtimeContext.ts';
import { useView, viewStore, type ViewState } from '../../store.ts';
import { machines, type Machine } from '../choices.ts';
import { done, failed, type Outcome } from '../kubectl.ts';
import { Command, Output, attempt, useChoice, useKubectl } from '../parts.tsx';
import { AddNode } from './AddNode.tsx';
import { cordon, drain, type Emit } from './drain.ts';
import { ObjectSelect } from '../ObjectSelect.tsx';

const NO_COMPONENTS: ComponentView[] = [];
const NO_NODES: KubeObject[] = [];

/** Resolves once the snapshot no longer holds this pod (this uid: a namesake is another pod). */
function podGone(pod: KubeObject): Promise<void> {
  const present = (s: ViewState) =>
    s.snapshot?.pods.some((p) => p.metadata.uid === pod.metadata.uid) ?? true;
  return new Promise((resolve) => {
    if (!present(viewStore.getState())) return resolve();
    const stop = viewStore.subscribe((s) => {
      if (present(s)) return;
      stop();
      resolve();
    });
  });
}

type Verb =
  | 'cordon'
  | 'uncordon'
  | 'drain'
  | 'stop'
  | 'start'
  | 'partition'
  | 'heal'
  | 'remove'
  | 'stop-kubelet'
  | 'start-kubelet'
  | 'restart-kubelet';

// In rows of three: scheduling (kubectl), the machine's power, its kubelet, its network.
const VERBS: { verb: Verb; label: string; title: string }[] = [
  { verb: 'cordon', label: 'Cordon', title: 'Mark the node unschedulable' },
  { verb: 'uncordon', label: 'Uncordon', title: 'Mark the node schedulable again' },
  { verb: 'drain', label: 'Drain', title: 'Cordon, then evict its pods' },
  { verb: 'stop', label: 'Stop', title: 'Power the machine off' },
  { verb: 'start', label: 'Start', title: 'Power the machine on' },
  { verb: 'remove', label: 'Remove', title: 'Delete the machine in the cloud' },
  { verb: 'stop-kubelet', label: 'Stop kubelet', title: 'Stop the kubelet process alone' },
  { verb: 'start-kubelet', label: 'Start kubelet', title: 'Start the kubelet process again' },
  {
    verb: 'restart-kubelet',
    label: 'Restart kubelet',
    title: 'Stop the kubelet and start it at once, as systemctl restart does',
  },
  { verb: 'partition', label: 'Partition', title: 'Cut the machine off the network' },
  { verb: 'heal', label: 'Heal', title: 'Reconnect the machine' },
];

/** The kubectl command a verb stands for; the others happen to the machine, not through the API. */
function commandFor(verb: Verb | undefined, node: string): string | undefined {
  if (verb === 'drain') return `kubectl drain ${node} --ignore-daemonsets`;
  if (verb === 'cordon' || verb === 'uncordon') return `kubectl ${verb} ${node}`;
  return undefined;
}

/** What a learner does to machines and their Nodes. */
export function NodeActions() {
  const runtime = useRuntime();
  const call = useKubectl();
  const components = useView((s) => s.snapshot?.components ?? NO_COMPONENTS);
  const nodes = useView((s) => s.snapshot?.nodes ?? NO_NODES);
  const all = machines(components, nodes);
  const [node, setNode] = useChoice(all.map((m) => m.name));
  const [outcome, report] = useState<Outcome | undefined>();
  const [last, setLast] = useState<{ verb: Verb; node: string }>();
  const machine = all.find((m) => m.name === node);
  const command = last && commandFor(last.verb, last.node);

  /** Runs a kubectl command whose lines arrive one by one (drain prints as it goes). */
  async function streamed(run: (emit: Emit) => Promise<boolean>): Promise<Outcome> {
    const lines: string[] = [];
    const emit: Emit = (line) => {
      lines.push(line);
      report({ ok: true, lines: [...lines] });
    };
    const ok = await run(emit);
    return { ok, lines };
  }

  async function onMachine(action: ClusterAction, m: Machine, text: string): Promise<Outcome> {
    if (m.power === undefined)
      return failed(`error: no machine named ${m.name}: its Node is all that is left`);
    await runtime.act(action);
    return done(text);
  }

  /** Stops and/or starts the node's kubelet; the machine and its containers keep running. */
  async function onKubelet(m: Machine, stop: boolean, start: boolean): Promise<Outcome> {
    if (m.power !== 'running') return failed(`error: machine ${m.name} is not running`);
    const id = `kubelet/${m.name}`;
    const running = components.find((c) => c.id === id)?.status === 'running';
    if (stop && !start && !running) return failed(`error: the kubelet on ${m.name} is not running`);
    if (start && !stop && running)
      return failed(`error: the kubelet on ${m.name} is already running`);
    if (stop && running) await runtime.act({ type: 'setComponentRunning', id, running: false });
    if (!start)
      return done(
        `kubelet on ${m.name} stopped: its containers keep running, but nothing renews the node's Lease or reports its pods`,
      );
    await runtime.act({ type: 'setComponentRunning', id, running: true });
    return done(
      `kubelet on ${m.name} ${stop ? 'restarted' : 'started'}: it starts empty, lists its pods from the apiserver and asks containerd what runs`,
    );
  }

  function perform(verb: Verb) {
    setLast({ verb, node });
    void attempt(report, async () => {
      if (!machine) return failed('error: no node to act on');
      const name = machine.name;
      switch (verb) {
        case 'cordon':
        case 'uncordon':
          return streamed((emit) => cordon(call, name, verb === 'cordon', emit));
        case 'drain':
          return streamed((emit) => drain({ call, emit, gone: podGone }, name));
        case 'stop':
          if (machine.power === 'stopped')
            return failed(`error: machine ${name} is already stopped`);
          return onMachine(
            { type: 'stopNode', name },
            machine,
            `machine ${name} stopped: its kubelet, kube-proxy and containerd are down`,
          );
        case 'start':
          if (machine.power === 'running')
            return failed(`error: machine ${name} is already running`);
          return onMachine(
            { type: 'startNode', name },
            machine,
            `machine ${name} started: its kubelet re-registers and syncs its pods`,
          );
        case 'partition':
        case 'heal':
          return onMachine(
            { type: 'partitionNode', name, partitioned: verb === 'partition' },
            machine,
            verb === 'partition'
              ? `machine ${name} cut off from the network`
              : `machine ${name} back on the network`,
          );
        case 'remove':
          return onMachine(
            { type: 'removeNode', name },
            machine,
            `machine ${name} deleted in the cloud; the cloud-controller-manager deletes its Node`,
          );
        case 'stop-kubelet':
          return onKubelet(machine, true, false);
        case 'start-kubelet':
          return onKubelet(machine, false, true);
        case 'restart-kubelet':
          return onKubelet(machine, true, true);
      }
    });
  }

  return (
    <div className="action-group">
      <ObjectSelect
        label="Node"
        empty="(no nodes yet)"
        choices={all.map((m) => ({
          value: m.name,
          label:
            m.name +
            (m.power === 'stopped' ? ' (stopped)' : m.power === undefined ? ' (machine gone)' : ''),
        }))}
        value={node}
        onChange={setNode}
        testId="node-target"
      />
      <div className="verbs" role="group" aria-label="Node actions">
        {VERBS.map(({ verb, label, title }) => (
          <button
            key={verb}
            type="button"
            className="button small"
            title={title}
            data-testid={`node-${verb}`}
            onClick={() => perform(verb)}
          >
            {label}
          </button>
        ))}
      </div>
      {command && <Command>{command}</Command>}
      <Output outcome={outcome} testId="node-result" />
      <AddNode taken={all} />
    </div>
  );
}
