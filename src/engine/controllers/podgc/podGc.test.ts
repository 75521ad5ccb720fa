/**
 * PodGC in a whole cluster: a pod bound to a node that does not exist is left alone for the
 * quarantine, then marked Failed with the DisruptionTarget condition and force-deleted.
 */
import { describe, expect, it } from 'vitest';
import { KubevizCluster } from '../../cluster/fullCluster.ts';
import { QUARANTINE_MS } from './podGcController.ts';

describe('the pod garbage collector', () => {
  it('force-deletes a pod bound to a vanished node after the quarantine', () => {
    const c = new KubevizCluster({ seed: 5 });
    c.sequencer.runFor(20_000);
    c.setComponentRunning('kube-scheduler', false);
    c.call('POST', '/api/v1/namespaces/default/pods', {
      body: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'stray' },
        spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] },
      },
    });
    // The Binding API does not check the node, as in Kubernetes.
    const bound = c.call('POST', '/api/v1/namespaces/default/pods/stray/binding', {
      body: {
        apiVersion: 'v1',
        kind: 'Binding',
        metadata: { name: 'stray' },
        target: { kind: 'Node', name: 'gone' },
      },
    });
    expect(bound.code).toBe(201);
    const start = c.sequencer.now;
    type Status = { phase?: string; conditions?: { type: string; reason?: string }[] };
    let failed: { at: number; status: Status } | undefined;
    c.sequencer.onTrace(() => {
      const status = c.stored('/registry/pods/default/stray')[0]?.status as Status | undefined;
      if (!failed && status?.phase === 'Failed') failed = { at: c.sequencer.now, status };
    });
    c.sequencer.runFor(QUARANTINE_MS);
    expect(c.stored('/registry/pods/default/stray')).toHaveLength(1);
    c.sequencer.runFor(45_000);
    expect(c.stored('/registry/pods/default/stray')).toHaveLength(0);
    expect(
      c.sequencer.trace.some((e) =>
        e.notes?.some((n) =>
          n.includes('Found orphaned Pod default/stray assigned to the Node gone'),
        ),
      ),
    ).toBe(true);
    // Marked Failed before it went, and only once the quarantine was over.
    expect(failed!.at - start).toBeGreaterThan(QUARANTINE_MS);
    expect(failed!.status.conditions).toContainEqual(
      expect.objectContaining({
        type: 'DisruptionTarget',
        status: 'True',
        reason: 'DeletionByPodGC',
        message: 'PodGC: node no longer exists',
      }),
    );
  });
});
