/**
 * A daemon pod on a node that goes silent, in the whole simulated cluster: the DaemonSet
 * controller gives its pods NoExecute tolerations of not-ready and unreachable with no
 * tolerationSeconds, so the taint eviction controller leaves them in place while it evicts the
 * node's other pods after their default 300 s.
 */
import { describe, expect, it } from 'vitest';
import {
  bootCluster,
  createDeployment,
  expect0Crashes,
  nodeTaints,
  pods,
  runningReady,
  runUntil,
} from '../../scenarios/helpers.ts';

const AGENT = { app: 'agent' };
const WEB = { app: 'web' };

describe('a daemon pod on a node that stops heartbeating', () => {
  it('is not evicted, while the Deployment pods on that node are', () => {
    const c = bootCluster();
    const r = c.call('POST', '/apis/apps/v1/namespaces/default/daemonsets', {
      body: {
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        metadata: { name: 'agent' },
        spec: {
          selector: { matchLabels: AGENT },
          template: {
            metadata: { labels: AGENT },
            spec: { containers: [{ name: 'agent', image: 'kubeviz/sleep' }] },
          },
        },
      },
    });
    expect(r.code).toBe(201);
    createDeployment(c, 'web', 3);
    const nodes = c.nodeNames();
    runUntil(
      c,
      () => runningReady(c, AGENT).length === nodes.length && runningReady(c, WEB).length === 3,
      60_000,
    );
    const victim = 'node-1';
    const daemon = runningReady(c, AGENT).find((p) => p.node === victim)!;
    const lost = runningReady(c, WEB).filter((p) => p.node === victim);
    expect(lost.length).toBeGreaterThan(0);
    expect((daemon.obj.spec as { tolerations?: unknown[] }).tolerations).toEqual(
      expect.arrayContaining([
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
      ]),
    );

    c.stopNode(victim);
    runUntil(
      c,
      () =>
        nodeTaints(c, victim).some(
          (t) => t.key === 'node.kubernetes.io/unreachable' && t.effect === 'NoExecute',
        ),
      120_000,
    );
    // The Deployment's pods go once their 300 s toleration runs out...
    runUntil(
      c,
      () => lost.every((l) => pods(c, WEB).find((p) => p.uid === l.uid)?.deleting !== false),
      320_000,
    );
    // ...and, a minute later still, the daemon pod stays, bound to its node and not deleted.
    c.sequencer.runFor(60_000);
    const still = pods(c, AGENT).filter((p) => p.node === victim);
    expect(still.map((p) => [p.uid, p.deleting])).toEqual([[daemon.uid, false]]);
    expect(pods(c, AGENT).filter((p) => !p.deleting)).toHaveLength(nodes.length);
    expect0Crashes(c);
  });
});
