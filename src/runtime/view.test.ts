import { describe, expect, it } from 'vitest';
import { LocalRuntime } from './localRuntime.ts';
import { componentViews, messageDetail, sameComponents } from './view.ts';

describe('component views', () => {
  it('lists the cluster components, then each machine agent, with their status', () => {
    const views = componentViews({
      nodeNames: ['node-1'],
      running: ['etcd', 'kube-apiserver', 'kubelet/node-1', 'containerd/node-1'],
      crashed: new Map([['kube-scheduler', 'TypeError: boom']]),
    });
    expect(views.map((v) => v.id)).toEqual([
      'kubectl',
      'etcd',
      'kube-apiserver',
      'kube-scheduler',
      'kube-controller-manager',
      'cloud-controller-manager',
      'cloud',
      'metrics-server',
      'loadgen',
      'kubelet/node-1',
      'kube-proxy/node-1',
      'containerd/node-1',
    ]);
    expect(views.find((v) => v.id === 'kube-scheduler')).toEqual({
      id: 'kube-scheduler',
      type: 'kube-scheduler',
      status: 'crashed',
      error: 'TypeError: boom',
    });
    expect(views.find((v) => v.id === 'kubelet/node-1')).toEqual({
      id: 'kubelet/node-1',
      type: 'kubelet',
      node: 'node-1',
      status: 'running',
    });
    expect(views.find((v) => v.id === 'kube-proxy/node-1')?.status).toBe('stopped');
  });

  it('tells equal lists from changed ones', () => {
    const a = componentViews({ nodeNames: [], running: ['etcd'], crashed: new Map() });
    const b = componentViews({ nodeNames: [], running: ['etcd'], crashed: new Map() });
    const c = componentViews({ nodeNames: [], running: [], crashed: new Map() });
    expect(sameComponents(a, b)).toBe(true);
    expect(sameComponents(a, c)).toBe(false);
  });
});

describe('message detail', () => {
  it('names the node a Binding targets and the phase a status write reports', () => {
    const binding = {
      kind: 'api.request' as const,
      method: 'POST' as const,
      path: '/api/v1/namespaces/default/pods/web-1/binding',
      body: {
        kind: 'Binding',
        metadata: { name: 'web-1' },
        target: { kind: 'Node', name: 'node-2' },
      },
    };
    expect(messageDetail(binding)).toBe('node-2');
    expect(
      messageDetail({ ...binding, method: 'PATCH', body: { status: { phase: 'Running' } } }),
    ).toBe('Running');
    expect(messageDetail({ ...binding, body: undefined })).toBeUndefined();
  });
});

describe('LocalRuntime snapshot', () => {
  it('carries the components, the messages in flight and the objects the diagram draws', () => {
    const runtime = new LocalRuntime({ seed: 1 });
    runtime.advance(3000);
    const id = runtime.request('POST', '/api/v1/namespaces/default/services', {
      body: {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'web' },
        spec: { selector: { app: 'web' }, ports: [{ port: 80 }] },
      },
    });
    const snapshot = runtime.snapshot();
    const message = snapshot.inFlight.find((m) => m.id === id);
    expect(message).toMatchObject({
      from: 'kubectl',
      to: 'kube-apiserver',
      kind: 'api.request',
      summary: 'POST /api/v1/namespaces/default/services',
      object: { kind: 'Service', name: 'web' },
    });
    expect(message!.deliverAt).toBeGreaterThan(message!.sentAt);
    // Timers are not in flight: only messages between two components.
    expect(snapshot.inFlight.every((m) => m.from !== m.to)).toBe(true);
    expect(snapshot.components.find((c) => c.id === 'kube-apiserver')?.status).toBe('running');
    expect(snapshot.components.filter((c) => c.node === 'node-3').map((c) => c.type)).toEqual([
      'kubelet',
      'kube-proxy',
      'containerd',
    ]);
    // Nothing changed about the components: the next snapshot keeps the same list.
    expect(runtime.snapshot().components).toBe(snapshot.components);

    runtime.advance(2000);
    const after = runtime.snapshot();
    expect(after.services.map((s) => s.metadata.name)).toEqual(['kubernetes', 'web']);
    expect(after.endpointSlices.length).toBeGreaterThan(0);
    expect(after.replicaSets).toEqual([]);

    runtime.cluster.setComponentRunning('kube-scheduler', false);
    const stopped = runtime.snapshot();
    expect(stopped.components).not.toBe(after.components);
    expect(stopped.components.find((c) => c.id === 'kube-scheduler')?.status).toBe('stopped');
  });

  it('paces a tick: messages in flight slow virtual time down', () => {
    const runtime = new LocalRuntime({ seed: 1, speed: 1 });
    runtime.advance(3000);
    runtime.request('GET', '/api/v1/namespaces');
    const before = runtime.snapshot().now;
    // The clock starts with play(); each tick then says what wall time it is.
    runtime.play();
    runtime.pause();
    const wall = performance.now();
    runtime.tick(wall + 100);
    const paced = runtime.snapshot().now - before;
    expect(paced).toBeGreaterThan(0);
    // At 1x and 700 ms per hop, 100 ms moves a 2-3 ms hop well under 1 ms along.
    expect(paced).toBeLessThan(1);

    runtime.setFastForward(true);
    expect(runtime.snapshot().fastForward).toBe(true);
    const start = runtime.snapshot().now;
    runtime.tick(wall + 200);
    expect(runtime.snapshot().now - start).toBeGreaterThanOrEqual(100);
  });
});
