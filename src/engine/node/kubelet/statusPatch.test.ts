/**
 * The status manager's two-way patch: lists that merge by key (conditions by type, podIPs and
 * hostIPs by ip) must say which elements go, or the merge keeps them. A pod whose sandbox was
 * recreated with a new IP once kept both IPs, and the kubelet patched it again forever.
 */
import { describe, expect, it } from 'vitest';
import { statusPatch } from './statusManager.ts';

describe('statusPatch', () => {
  it('deletes the IPs the pod no longer has, by their merge key', () => {
    const before = { podIP: '10.244.1.6', podIPs: [{ ip: '10.244.1.6' }] };
    const after = { podIP: '10.244.1.3', podIPs: [{ ip: '10.244.1.3' }] };
    expect(statusPatch(before, after)).toEqual({
      podIP: '10.244.1.3',
      '$setElementOrder/podIPs': [{ ip: '10.244.1.3' }],
      podIPs: [{ ip: '10.244.1.3' }, { ip: '10.244.1.6', $patch: 'delete' }],
    });
  });

  it('sends only the conditions that changed, and deletes a dropped one', () => {
    const ready = { type: 'Ready', status: 'True' };
    const before = { conditions: [ready, { type: 'DisruptionTarget', status: 'True' }] };
    const after = { conditions: [ready] };
    expect(statusPatch(before, after)).toEqual({
      '$setElementOrder/conditions': [{ type: 'Ready' }],
      conditions: [{ type: 'DisruptionTarget', $patch: 'delete' }],
    });
  });

  it('is empty when nothing changed', () => {
    const s = { phase: 'Running', podIPs: [{ ip: '10.244.0.2' }] };
    expect(statusPatch(s, structuredClone(s))).toBeUndefined();
  });
});
