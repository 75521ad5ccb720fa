/**
 * Message ids are unique in a run, restarts included: a restarted process continues its
 * predecessor's counter, so a reply or watch event still in flight to the old process can never
 * be taken for one addressed to the new one (their request ids would otherwise repeat).
 */
import { describe, expect, it } from 'vitest';
import { recorder } from './recorder.ts';
import { Sequencer } from './sequencer.ts';

describe('component restarts', () => {
  it('never reuse a message id', () => {
    const s = new Sequencer({ seed: 1, registry: { recorder } });
    s.startComponent('server', 'recorder');
    s.startComponent('client', 'recorder');
    const first = s.inject('client', 'server', { kind: 'timer', name: 'a' });
    s.stopComponent('client');
    s.startComponent('client', 'recorder');
    const second = s.inject('client', 'server', { kind: 'timer', name: 'b' });
    const checkpoint = s.checkpoint();
    s.stopComponent('client');
    s.startComponent('client', 'recorder');
    const third = s.inject('client', 'server', { kind: 'timer', name: 'c' });
    expect(new Set([first, second, third]).size).toBe(3);
    s.restore(checkpoint);
    s.stopComponent('client');
    s.startComponent('client', 'recorder');
    expect(s.inject('client', 'server', { kind: 'timer', name: 'c' })).toBe(third);
  });
});
