import { describe, expect, it } from 'vitest';
import { narrate } from './narrate.ts';
import { contextOf, delivered, message } from './testing/fixtures.ts';
import type { Payload } from '../protocol.ts';
import type { TraceEvent } from '../sim/trace.ts';

function lifecycle(
  kind: TraceEvent['kind'],
  to: string,
  extra: Partial<TraceEvent> = {},
): TraceEvent {
  return {
    seq: 5,
    id: '',
    from: 'user',
    to,
    sentAt: 0,
    deliverAt: 0,
    kind,
    summary: `${kind} ${to}`,
    cause: null,
    ...extra,
  };
}

describe('lifecycle, lost messages and crashes', () => {
  it('starts and stops components', () => {
    const start = narrate(lifecycle('component.start', 'kube-scheduler'), undefined);
    expect(start.headline).toBe('The scheduler starts.');
    expect(start.details![0]).toContain('informers list');
    expect(
      narrate(lifecycle('component.start', 'kubelet/node-2'), undefined).details![0],
    ).toContain('registers its Node');
    const stop = narrate(lifecycle('component.stop', 'kube-scheduler'), undefined);
    expect(stop.headline).toBe('The scheduler stops.');
    expect(stop.title).toBe('The scheduler stops');
    expect(stop.details![0]).toContain('time-outs');
  });

  it('cuts and heals the network', () => {
    expect(narrate(lifecycle('network.partition', 'kubelet/node-3'), undefined).headline).toBe(
      'The kubelet on node-3 is cut off from the network.',
    );
    expect(narrate(lifecycle('network.heal', 'kubelet/node-3'), undefined).headline).toBe(
      'The network to the kubelet on node-3 is back.',
    );
  });

  it('says why a message was lost', () => {
    const watch: Payload = { kind: 'api.watch', watchId: 'w', type: 'MODIFIED', object: {} };
    const down = delivered('kube-apiserver', 'kubelet/node-3', watch, {
      summary: 'watch MODIFIED pod default/web-x',
      dropped: 'receiver down',
    });
    expect(narrate(down, watch).headline).toBe(
      'The message from the apiserver to the kubelet on node-3 (watch MODIFIED pod default/web-x) is lost: the kubelet on node-3 is not running.',
    );
    const cut = { ...down, dropped: 'network partition' as const };
    expect(narrate(cut, watch).headline).toContain('a network partition lies between them');
    const timer: Payload = { kind: 'timer', name: 'leaseRenew' };
    const stale = delivered('kubelet/node-3', 'kubelet/node-3', timer, {
      summary: 'timer leaseRenew',
      dropped: 'receiver down',
    });
    expect(narrate(stale, timer).headline).toBe(
      'A timer the kubelet on node-3 had set (leaseRenew) comes due, but the kubelet on node-3 is no longer running.',
    );
  });

  it('adds a crash to what the component was doing', () => {
    const timer: Payload = { kind: 'timer', name: 'workers' };
    const e = delivered('kube-controller-manager', 'kube-controller-manager', timer, {
      error: 'TypeError: boom',
    });
    const n = narrate(e, timer, contextOf({ sent: [] }));
    expect(n.headline).toMatch(/The controller manager crashes while handling it\.$/);
    expect(n.details!.at(-1)).toBe(
      'Error: TypeError: boom. The rest of the cluster keeps running.',
    );
    expect(n.title).toBe('The controller manager crashes');
  });
});

describe('the edges of the cluster', () => {
  it('tells kubectl what its request did', () => {
    const created: Payload = { kind: 'api.response', inReplyTo: 'kubectl#0', code: 201, body: {} };
    const create: Payload = {
      kind: 'api.request',
      method: 'POST',
      path: '/apis/apps/v1/namespaces/default/deployments',
      body: { metadata: { name: 'web' } },
    };
    const n = narrate(
      delivered('kube-apiserver', 'kubectl', created),
      created,
      contextOf({ messages: { 'kubectl#0': create } }),
    );
    expect(n.headline).toBe(
      "kubectl's request to create Deployment default/web succeeds: 201 Created.",
    );
    const list: Payload = {
      kind: 'api.response',
      inReplyTo: 'kubectl#1',
      code: 200,
      body: { kind: 'PodList', metadata: { resourceVersion: '80' }, items: [{}, {}] },
    };
    expect(narrate(delivered('kube-apiserver', 'kubectl', list), list).headline).toBe(
      'kubectl gets the list it asked for: 2 items at resourceVersion 80.',
    );
  });

  it('sets load, changes machines and scrapes metrics', () => {
    const load: Payload = {
      kind: 'load.set',
      workload: { namespace: 'default', selector: 'app=web', millicores: 1200 },
    };
    expect(narrate(delivered('kubectl', 'loadgen', load, { cause: null }), load).title).toBe(
      'You set the load on default app=web to 1200m CPU',
    );
    const stop: Payload = {
      kind: 'cloud.request',
      request: { method: 'StopMachine', nodeName: 'node-3' },
    };
    expect(narrate(delivered('kubectl', 'cloud', stop, { cause: null }), stop).headline).toBe(
      'The machine node-3 powers off.',
    );
    const scrape: Payload = { kind: 'timer', name: 'scrape' };
    const n = narrate(
      delivered('metrics-server', 'metrics-server', scrape),
      scrape,
      contextOf({
        sent: [message('metrics-server', 'kubelet/node-1', { kind: 'metrics.scrape' })],
      }),
    );
    expect(n.headline).toBe('metrics-server scrapes the resource metrics of every kubelet.');
  });
});
