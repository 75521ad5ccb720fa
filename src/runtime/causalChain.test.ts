import { describe, expect, it } from 'vitest';
import { KubevizCluster, type KubeObject } from '../engine/index.ts';
import { whyWritten } from './causalChain.ts';
import { deployment } from '../engine/testing/objects.ts';

const DEPLOYMENT = deployment('web', 1);

describe('causal chain', () => {
  it("walks from a ReplicaSet's pod back to the user's Deployment POST", () => {
    const c = new KubevizCluster({ seed: 2 });
    c.sequencer.runUntil(5_000);
    c.request('POST', '/apis/apps/v1/namespaces/default/deployments', { body: DEPLOYMENT });
    c.sequencer.runUntil(6_000);
    const pod = c.stored('/registry/pods/default/')[0] as KubeObject;
    const key = `/registry/pods/default/${pod.metadata.name}`;
    // The pod's first version: find it in etcd's history through the trace.
    const created = c.sequencer.trace.find(
      (e) => e.to === 'etcd' && e.summary.includes(key) && e.summary.startsWith('txn'),
    )!;
    const revision = Number(/at rev (\d+)$/.exec(created.notes![0]!)![1]);
    const chain = whyWritten(c.sequencer.trace, key, revision);
    expect(chain.at(-1)).toBe(created);
    expect(chain[0]!.cause).toBeNull();
    expect(chain[0]!.from).toBe('kubectl');
    expect(chain[0]!.summary).toBe('POST /apis/apps/v1/namespaces/default/deployments');
    // Every link is the cause of the next, and the ReplicaSet controller is on the way.
    for (let i = 1; i < chain.length; i++) expect(chain[i]!.cause).toBe(chain[i - 1]!.seq);
    expect(chain.some((e) => e.to === 'kube-controller-manager')).toBe(true);
    expect(chain.map((e) => e.summary)).toContain(
      'POST /apis/apps/v1/namespaces/default/replicasets',
    );
  });

  it('gives nothing for a write that never happened', () => {
    const c = new KubevizCluster({ seed: 2 });
    c.sequencer.runUntil(2_000);
    expect(whyWritten(c.sequencer.trace, '/registry/pods/default/nope', 3)).toEqual([]);
  });
});
