import { describe, expect, it } from 'vitest';
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
