/**
 * The checkers must be able to fail: each is shown a violation it has to report. Bindings that
 * the scheduler would never make are written through the API directly (the apiserver, like the
 * real one, does not check that a Binding's node exists or has room).
 */
import { describe, expect, it } from 'vitest';
import { KubevizCluster } from '../../cluster/fullCluster.ts';
import { checkConvergence } from './convergence.ts';
import { EtcdChecker, type RecordedEvent } from './etcdChecker.ts';
import type { ObserverState } from './observer.ts';
import { checkWatches } from './watchChecker.ts';

function cluster() {
  const c = new KubevizCluster({ seed: 3 });
  const checker = new EtcdChecker(c.sequencer);
  c.sequencer.onTrace((e) => {
    if (e.to === 'etcd' && !e.dropped) checker.check();
  });
  c.sequencer.runFor(20_000);
  c.setComponentRunning('kube-scheduler', false);
  return { c, checker };
}

function pod(name: string, cpu: string) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: { containers: [{ name: 'app', image: 'nginx:1.27', resources: { requests: { cpu } } }] },
  };
}

function bind(c: KubevizCluster, name: string, node: string) {
  return c.call('POST', `/api/v1/namespaces/default/pods/${name}/binding`, {
    body: {
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { name },
      target: { kind: 'Node', name: node },
    },
  });
}

describe('the etcd checker', () => {
  it('passes a healthy cluster and counts its writes', () => {
    const { c, checker } = cluster();
    expect(c.call('POST', '/api/v1/namespaces/default/pods', { body: pod('a', '1') }).code).toBe(
      201,
    );
    expect(bind(c, 'a', 'node-1').code).toBe(201);
    c.sequencer.runFor(5_000);
    expect(checker.violations).toEqual([]);
    expect(checker.bindings).toEqual([
      expect.objectContaining({ key: '/registry/pods/default/a', node: 'node-1' }),
    ]);
  });

  it('reports a node whose pods ask for more than it has', () => {
    const { c, checker } = cluster();
    for (const name of ['a', 'b']) {
      c.call('POST', '/api/v1/namespaces/default/pods', { body: pod(name, '2') });
      bind(c, name, 'node-1');
    }
    expect(checker.violations.join('\n')).toMatch(/node-1 over-committed .*cpu 4000m\/3800m/);
  });

  it('reports a node holding more pods than its allocatable pods', () => {
    const { c, checker } = cluster();
    c.addNode({ name: 'small', pods: 2 });
    c.sequencer.runFor(20_000);
    for (const name of ['a', 'b']) {
      c.call('POST', '/api/v1/namespaces/default/pods', { body: pod(name, '10m') });
      bind(c, name, 'small');
    }
    expect(checker.violations).toEqual([]);
    c.call('POST', '/api/v1/namespaces/default/pods', { body: pod('c', '10m') });
    bind(c, 'c', 'small');
    expect(checker.violations.join('\n')).toMatch(/small over-committed .*pods 3\/2/);
  });

  it('reports a pod bound to a node that does not exist', () => {
    const { c, checker } = cluster();
    c.call('POST', '/api/v1/namespaces/default/pods', { body: pod('a', '100m') });
    expect(bind(c, 'a', 'ghost').code).toBe(201);
    expect(checker.violations.join('\n')).toMatch(/bound to ghost .* no such Node exists/);
  });
});

describe('the watch checker', () => {
  const events: RecordedEvent[] = [10, 11, 12].map((revision) => ({
    revision,
    type: 'PUT',
    key: `/registry/pods/default/p${revision}`,
    value: { spec: {} },
    prev: null,
  }));
  function observed(rvs: number[]): ObserverState {
    return {
      informers: [],
      watches: new Map([
        [
          'w',
          {
            id: 'w',
            informer: 'pods',
            path: '/api/v1/pods',
            fieldSelector: '',
            startRV: '9',
            events: rvs.map((rv) => ({ type: 'ADDED', key: `default/p${rv}`, rv: String(rv) })),
          },
        ],
      ]),
    };
  }

  it('accepts the exact stream', () => {
    expect(checkWatches(observed([10, 11, 12]), events, 0)).toEqual([]);
  });

  it('reports a gap, a repeat and a reordering', () => {
    expect(checkWatches(observed([10, 12]), events, 0).join()).toMatch(/delivered \[.*\] but etcd/);
    expect(checkWatches(observed([10, 10, 11]), events, 0).join()).toMatch(/delivered after/);
    expect(checkWatches(observed([11, 10]), events, 0).join()).toMatch(/delivered after/);
  });
});

describe('the convergence check', () => {
  it('reports a Deployment whose image cannot be pulled', () => {
    const c = new KubevizCluster({ seed: 4 });
    c.sequencer.runFor(20_000);
    c.call('POST', '/apis/apps/v1/namespaces/default/deployments', {
      body: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web' },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { labels: { app: 'web' } },
            spec: { containers: [{ name: 'app', image: 'nginx:no-such-tag' }] },
          },
        },
      },
    });
    c.sequencer.runFor(60_000);
    expect(checkConvergence(c).problems.join('\n')).toMatch(/web: status .*want 1/);
  });

  it('tells a pod no node has room for from one the scheduler left behind', () => {
    const c = new KubevizCluster({ seed: 4 });
    c.sequencer.runFor(20_000);
    const pod = (name: string, cpu: string) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name },
      spec: {
        containers: [{ name: 'app', image: 'nginx:1.27', resources: { requests: { cpu } } }],
      },
    });
    c.call('POST', '/api/v1/namespaces/default/pods', { body: pod('huge', '8') });
    c.setComponentRunning('kube-scheduler', false);
    c.call('POST', '/api/v1/namespaces/default/pods', { body: pod('small', '100m') });
    c.sequencer.runFor(5_000);
    const result = checkConvergence(c);
    expect(result.noRoom).toEqual(['huge']);
    expect(result.problems).toEqual(['small: not Running and Ready']);
  });
});
