import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../engine/index.ts';
import { kubectlCluster, nodeOf } from '../kubectlCluster.testdata.ts';
import { cordon, drain, type Emit } from './drain.ts';

function cluster() {
  const { c, call, pods, until, running } = kubectlCluster();
  const gone = (pod: KubeObject) => {
    until(() => !pods().some((p) => p.metadata.uid === pod.metadata.uid), 120_000);
    return Promise.resolve();
  };
  return { c, call, gone, until, running, nodeOf };
}

function recorder() {
  const lines: string[] = [];
  const emit: Emit = (line, stream) => lines.push(`${stream}: ${line}`);
  return { lines, emit };
}

const labels = { app: 'web' };
const web = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels },
  spec: {
    replicas: 3,
    selector: { matchLabels: labels },
    template: {
      metadata: { labels },
      spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] },
    },
  },
};
const agent = {
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'agent' },
  spec: {
    selector: { matchLabels: { app: 'agent' } },
    template: {
      metadata: { labels: { app: 'agent' } },
      spec: { containers: [{ name: 'agent', image: 'busybox:1.36' }] },
    },
  },
};

describe('kubectl cordon, uncordon and drain', () => {
  it('cordons once, says so the second time, and prints the API error for a missing node', async () => {
    const { call, c } = cluster();
    const out = recorder();
    expect(await cordon(call, 'node-2', true, out.emit)).toBe(true);
    expect(await cordon(call, 'node-2', true, out.emit)).toBe(true);
    expect(await cordon(call, 'node-2', false, out.emit)).toBe(true);
    expect(await cordon(call, 'node-2', false, out.emit)).toBe(true);
    expect(await cordon(call, 'nope', true, out.emit)).toBe(false);
    expect(out.lines).toEqual([
      'out: node/node-2 cordoned',
      'out: node/node-2 already cordoned',
      'out: node/node-2 uncordoned',
      'out: node/node-2 already uncordoned',
      'err: Error from server (NotFound): nodes "nope" not found',
    ]);
    const node = c.stored('/registry/minions/node-2')[0]!;
    expect((node.spec as { unschedulable?: boolean }).unschedulable).toBeUndefined();
  });

  it('evicts the ReplicaSet pods, leaves the DaemonSet pod, and the pods come back elsewhere', async () => {
    const { c, call, gone, until, running, nodeOf } = cluster();
    c.call('POST', '/apis/apps/v1/namespaces/default/deployments', { body: web });
    c.call('POST', '/apis/apps/v1/namespaces/default/daemonsets', { body: agent });
    until(() => running('web-').length === 3 && running('agent-').length === 3, 60_000);
    const node = nodeOf(running('web-')[0]!)!;
    const evicted = running('web-').filter((p) => nodeOf(p) === node);
    const ds = running('agent-').find((p) => nodeOf(p) === node)!;

    const out = recorder();
    expect(await drain({ call, emit: out.emit, gone }, node)).toBe(true);
    expect(out.lines[0]).toBe(`out: node/${node} cordoned`);
    expect(out.lines[1]).toBe(
      `err: Warning: ignoring DaemonSet-managed Pods: default/${ds.metadata.name}`,
    );
    for (const p of evicted) {
      expect(out.lines).toContain(`out: evicting pod default/${p.metadata.name}`);
      expect(out.lines).toContain(`out: pod/${p.metadata.name} evicted`);
    }
    expect(out.lines.at(-1)).toBe(`out: node/${node} drained`);
    expect(out.lines).toHaveLength(3 + 2 * evicted.length);

    // The ReplicaSet replaces what was evicted, and the scheduler keeps off the cordoned node.
    until(() => running('web-').length === 3, 60_000);
    expect(running('web-').every((p) => nodeOf(p) !== node)).toBe(true);
    expect(running('agent-').some((p) => p.metadata.uid === ds.metadata.uid)).toBe(true);

    const again = recorder();
    expect(await drain({ call, emit: again.emit, gone }, node)).toBe(true);
    expect(again.lines).toEqual([
      `out: node/${node} already cordoned`,
      `err: Warning: ignoring DaemonSet-managed Pods: default/${ds.metadata.name}`,
      `out: node/${node} drained`,
    ]);
  });

  it('refuses to drain a node with a pod no controller would replace, and deletes nothing', async () => {
    const { c, call, gone, until } = cluster();
    c.call('POST', '/api/v1/namespaces/default/pods', {
      body: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'bare' },
        spec: { nodeName: 'node-1', containers: [{ name: 'c', image: 'nginx:1.27' }] },
      },
    });
    until(() => c.stored('/registry/pods/default/bare').length === 1, 5_000);
    const out = recorder();
    expect(await drain({ call, emit: out.emit, gone }, 'node-1')).toBe(false);
    const message =
      'cannot delete Pods that declare no controller (use --force to override): default/bare';
    expect(out.lines).toEqual([
      'out: node/node-1 cordoned',
      `err: error: unable to drain node "node-1" due to error: ${message}, continuing command...`,
      'err: There are pending nodes to be drained:',
      'err:  node-1',
      `err: error: ${message}`,
    ]);
    expect(c.stored('/registry/pods/default/bare')[0]!.metadata.deletionTimestamp).toBeUndefined();
  });
});
