import { describe, expect, it } from 'vitest';
import { KubevizCluster } from '../cluster/fullCluster.ts';
import { narrate } from '../narration/narrate.ts';

describe("the learner's actions in the trace", () => {
  it('records a user.action event before the first effect, and it causes what follows', () => {
    const c = new KubevizCluster({ seed: 4 });
    c.sequencer.runUntil(3_000);
    const before = c.sequencer.trace.length;
    const marker = c.sequencer.userAction('stop node node-2', () => c.stopNode('node-2'));
    const recorded = c.sequencer.trace.slice(before);
    expect(recorded[0]).toBe(marker);
    expect(marker).toMatchObject({ kind: 'user.action', summary: 'stop node node-2', cause: null });
    // Its lifecycle events and the message to the cloud all name it as their cause.
    expect(recorded.slice(1).map((e) => [e.kind, e.cause])).toEqual([
      ['component.stop', marker!.seq],
      ['component.stop', marker!.seq],
      ['component.stop', marker!.seq],
    ]);
    c.sequencer.runUntil(3_100);
    const cloud = c.sequencer.trace.find((e) => e.to === 'cloud' && e.seq > marker!.seq)!;
    expect(cloud.cause).toBe(marker!.seq);
    expect(narrate(marker!, undefined, {}).headline).toBe('You: stop node node-2.');
  });

  it('leaves no trace when the action fails before doing anything', () => {
    const c = new KubevizCluster({ seed: 4 });
    c.sequencer.runUntil(1_000);
    const before = c.sequencer.trace.length;
    expect(() => c.sequencer.userAction('stop node nope', () => c.stopNode('nope'))).toThrow(
      'no node named nope',
    );
    expect(c.sequencer.trace.length).toBe(before);
    // The next request is the user's own again, not tied to a stale action.
    c.request('GET', '/api/v1/nodes');
    c.sequencer.runUntil(1_100);
    expect(c.sequencer.trace.slice(before).find((e) => e.from === 'kubectl')!.cause).toBeNull();
  });
});
