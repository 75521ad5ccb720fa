/**
 * Partitions: components cut off together (one machine's agents) still reach each other, and a
 * stream (a watch) is held across the partition, never punched full of holes: what was sent
 * while the path was down arrives, in order, once it is back. Plain requests are lost.
 */
import { describe, expect, it } from 'vitest';
import type { Payload } from '../protocol.ts';
import { recorder, type RecorderState } from './recorder.ts';
import { Sequencer } from './sequencer.ts';

function sequencer() {
  const s = new Sequencer({ seed: 1, registry: { recorder } });
  for (const id of ['server', 'kubelet', 'runtime']) s.startComponent(id, 'recorder');
  return s;
}

const watchEvent = (n: number): Payload => ({
  kind: 'api.watch',
  watchId: 'kubelet#0',
  type: 'MODIFIED',
  object: { metadata: { name: `p${n}` } },
});

const inbox = (s: Sequencer, id: string) => s.stateOf<RecorderState>(id)!.inbox;

describe('network partitions', () => {
  it('keeps the links inside an island and cuts those leaving it', () => {
    const s = sequencer();
    s.setPartitioned('kubelet', true, 'node/node-1');
    s.setPartitioned('runtime', true, 'node/node-1');
    s.inject('kubelet', 'runtime', { kind: 'timer', name: 'local' });
    s.inject('kubelet', 'server', { kind: 'timer', name: 'remote' });
    s.runFor(100);
    expect(inbox(s, 'runtime')).toHaveLength(1);
    expect(inbox(s, 'server')).toHaveLength(0);
    expect(s.trace.some((e) => e.to === 'server' && e.dropped === 'network partition')).toBe(true);
  });

  it('holds a watch stream across a partition and delivers it in order after the heal', () => {
    const s = sequencer();
    s.inject('server', 'kubelet', watchEvent(1));
    s.runFor(100);
    s.setPartitioned('kubelet', true, 'node/node-1');
    for (const n of [2, 3, 4]) s.inject('server', 'kubelet', watchEvent(n));
    s.inject('server', 'kubelet', { kind: 'timer', name: 'lost request' });
    s.runFor(5_000);
    expect(inbox(s, 'kubelet')).toHaveLength(1);
    s.setPartitioned('kubelet', false);
    s.inject('server', 'kubelet', watchEvent(5));
    s.runFor(100);
    const names = inbox(s, 'kubelet').map((m) =>
      m.payload.kind === 'api.watch' ? (m.payload.object.metadata as { name: string }).name : '',
    );
    expect(names).toEqual(['p1', 'p2', 'p3', 'p4', 'p5']);
  });

  it('checkpoints what it holds', () => {
    const s = sequencer();
    s.setPartitioned('kubelet', true);
    s.inject('server', 'kubelet', watchEvent(1));
    s.runFor(100);
    const checkpoint = s.checkpoint();
    s.setPartitioned('kubelet', false);
    s.runFor(100);
    expect(inbox(s, 'kubelet')).toHaveLength(1);
    s.restore(checkpoint);
    expect(inbox(s, 'kubelet')).toHaveLength(0);
    s.setPartitioned('kubelet', false);
    s.runFor(100);
    expect(inbox(s, 'kubelet')).toHaveLength(1);
  });
});
