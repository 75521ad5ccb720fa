import { useState, type FormEvent } from 'react';
import { useRuntime } from '../../runtimeContext.ts';
import { nextNodeName, type Machine } from '../choices.ts';
import { done, failed, type Outcome } from '../kubectl.ts';
import { parseNodeName, parsePositiveQuantity } from '../validate.ts';
import { Output, attempt, TextField } from '../parts.tsx';

/** The most machines a page runs (as `?nodes=` allows at boot). */
const MAX_MACHINES = 100;

/** A new machine joins: the cloud knows it, its kubelet registers a Node. */
export function AddNode({ taken }: { taken: readonly Machine[] }) {
  const runtime = useRuntime();
  const suggested = nextNodeName(taken);
  const [name, setName] = useState<string | undefined>();
  const [cpu, setCpu] = useState('4');
  const [memory, setMemory] = useState('8Gi');
  const [outcome, report] = useState<Outcome | undefined>();
  const shown = name ?? suggested;

  function submit(e: FormEvent) {
    e.preventDefault();
    void attempt(report, async () => {
      const parsed = parseNodeName(shown);
      if (!parsed.ok) return failed(parsed.error);
      if (taken.some((m) => m.name === parsed.value))
        return failed(`error: node ${parsed.value} already exists`);
      if (taken.filter((m) => m.power !== undefined).length >= MAX_MACHINES)
        return failed(`error: Kubeviz runs at most ${MAX_MACHINES} machines`);
      const cpuOk = parsePositiveQuantity(cpu, 'CPU');
      if (!cpuOk.ok) return failed(cpuOk.error);
      const memoryOk = parsePositiveQuantity(memory, 'memory');
      if (!memoryOk.ok) return failed(memoryOk.error);
      await runtime.act({
        type: 'addNode',
        spec: { name: parsed.value, cpu: cpuOk.value, memory: memoryOk.value },
      });
      setName(undefined);
      return done(`machine ${parsed.value} added: its kubelet registers node/${parsed.value}`);
    });
  }

  return (
    <form className="action-form add-node" onSubmit={submit} aria-label="Add a node">
      <TextField
        label="New node"
        testId="add-node-name"
        value={shown}
        onChange={setName}
        spellCheck={false}
      />
      <TextField label="CPU" testId="add-node-cpu" value={cpu} onChange={setCpu} />
      <TextField label="Memory" testId="add-node-memory" value={memory} onChange={setMemory} />
      <button type="submit" className="button primary" data-testid="add-node-submit">
        Add node
      </button>
      <Output outcome={outcome} testId="add-node-result" />
    </form>
  );
}
