import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/objects.ts';
import { kcmCluster, ok } from '../nodelifecycle/testCluster.ts';
import { allocateNext, newCidrSet, occupy, release } from './cidrSet.ts';
import { nodeIpamController } from './index.ts';

const spec = (o: KubeObject) => o.spec as { podCIDR?: string; podCIDRs?: string[] };

describe('cidrSet', () => {
  it('hands out /24 blocks round-robin, skips occupied ones, and reuses released ones after wrapping', () => {
    const s = newCidrSet('10.244.0.0/22', 24);
    expect(occupy(s, '10.244.1.0/24')).toBe(true);
    expect(allocateNext(s)).toBe('10.244.0.0/24');
    expect(allocateNext(s)).toBe('10.244.2.0/24');
    release(s, '10.244.0.0/24');
    expect(allocateNext(s)).toBe('10.244.3.0/24');
    expect(allocateNext(s)).toBe('10.244.0.0/24');
    expect(allocateNext(s)).toBeUndefined();
    expect(occupy(s, '10.9.0.0/24')).toBe(false);
  });
});

describe('node IPAM (real cluster)', () => {
  it('gives each node its own pod CIDR and frees it when the node is deleted', () => {
    const c = kcmCluster([nodeIpamController]);
    const node = (name: string) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name } });
    ok(c.call('POST', '/api/v1/nodes', { body: node('node-1') }));
    ok(c.call('POST', '/api/v1/nodes', { body: node('node-2') }));
    c.sequencer.runFor(100);
    const n1 = c.stored('/registry/minions/node-1')[0]!;
    const n2 = c.stored('/registry/minions/node-2')[0]!;
    expect(spec(n1)).toMatchObject({ podCIDR: '10.244.0.0/24', podCIDRs: ['10.244.0.0/24'] });
    expect(spec(n2)).toMatchObject({ podCIDR: '10.244.1.0/24', podCIDRs: ['10.244.1.0/24'] });
    ok(c.call('DELETE', '/api/v1/nodes/node-1'));
    c.sequencer.runFor(100);
    ok(c.call('POST', '/api/v1/nodes', { body: node('node-3') }));
    c.sequencer.runFor(100);
    // Round-robin: the next block, not the one just freed.
    expect(spec(c.stored('/registry/minions/node-3')[0]!).podCIDR).toBe('10.244.2.0/24');
  });

  it('occupies the blocks nodes already have when it starts', () => {
    const c = kcmCluster([nodeIpamController], {}, 1, false);
    ok(
      c.call('POST', '/api/v1/nodes', {
        body: {
          apiVersion: 'v1',
          kind: 'Node',
          metadata: { name: 'old' },
          spec: { podCIDR: '10.244.0.0/24', podCIDRs: ['10.244.0.0/24'] },
        },
      }),
    );
    c.sequencer.startComponent('kube-controller-manager', 'kube-controller-manager', {});
    ok(
      c.call('POST', '/api/v1/nodes', {
        body: { apiVersion: 'v1', kind: 'Node', metadata: { name: 'new' } },
      }),
    );
    c.sequencer.runFor(200);
    expect(spec(c.stored('/registry/minions/new')[0]!).podCIDR).toBe('10.244.1.0/24');
  });
});
