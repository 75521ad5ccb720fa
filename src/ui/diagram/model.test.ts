import { describe, expect, it } from 'vitest';
import { buildModel, podTone } from './model.ts';
import { components, node, pod, service } from './fixtures.testdata.ts';

describe('diagram model', () => {
  it('reads nodes as kubectl get nodes does, with taints and requested resources', () => {
    const m = buildModel({
      components: components(['node-1', 'node-2', 'node-9']),
      nodes: [node('node-1', { unschedulable: true }), node('node-2', { ready: 'Unknown' })],
      pods: [pod('a', 'node-1'), pod('b', 'node-1')],
      services: [],
      endpointSlices: [],
    });
    const [n1, n2, n9] = m.nodes;
    expect(n1).toMatchObject({
      name: 'node-1',
      status: 'Ready,SchedulingDisabled',
      condition: 'Ready',
      cordoned: true,
      taints: ['node.kubernetes.io/unschedulable:NoSchedule'],
      allocation: { requested: { cpu: 200, memory: 0 }, allocatable: { cpu: 3800 } },
    });
    expect(n1!.pods.map((p) => p.name)).toEqual(['a', 'b']);
    // A Ready condition with status Unknown prints NotReady, as kubectl does.
    expect(n2).toMatchObject({ status: 'NotReady', condition: 'NotReady', cordoned: false });
    // A machine whose kubelet has not registered a Node yet.
    expect(n9).toMatchObject({ name: 'node-9', registered: false, status: 'Not registered' });
  });

  it("shows pods with kubectl's STATUS and READY, and keeps unbound pods apart", () => {
    const m = buildModel({
      components: components(['node-1']),
      nodes: [node('node-1')],
      pods: [
        pod('web-1', 'node-1', { owner: 'web-7c9d' }),
        pod('web-2', 'node-1', { deleting: true }),
        pod('web-3'),
      ],
      services: [],
      endpointSlices: [],
    });
    const [running, terminating] = m.nodes[0]!.pods;
    expect(running).toMatchObject({
      key: 'default/web-1',
      status: 'Running',
      ready: '1/1',
      restarts: 0,
      tone: 'ok',
      owner: 'web-7c9d',
      ownerKind: 'ReplicaSet',
    });
    expect(terminating).toMatchObject({
      status: 'Terminating',
      terminating: true,
      tone: 'terminating',
    });
    expect(m.pending.map((p) => [p.name, p.status])).toEqual([['web-3', 'Pending']]);
    expect(m.podCount).toBe(3);
  });

  it('lists the pods behind each Service from its EndpointSlices', () => {
    const [svc, slice] = service('web', ['web-1', 'web-2']);
    const m = buildModel({
      components: [],
      nodes: [],
      pods: [],
      services: [svc, { ...svc, metadata: { name: 'kubernetes', namespace: 'default' } }],
      endpointSlices: [slice],
    });
    expect(m.services.map((s) => [s.key, s.endpoints.map((e) => e.pod), s.apiserver])).toEqual([
      ['default/kubernetes', [], true],
      ['default/web', ['default/web-1', 'default/web-2'], false],
    ]);
  });

  it('colours statuses by what they mean', () => {
    expect(podTone('Running', '1/1')).toBe('ok');
    expect(podTone('Running', '0/1')).toBe('progress');
    expect(podTone('ContainerCreating', '0/1')).toBe('progress');
    expect(podTone('CrashLoopBackOff', '0/1')).toBe('error');
    expect(podTone('ImagePullBackOff', '0/1')).toBe('error');
    expect(podTone('Completed', '0/1')).toBe('done');
    expect(podTone('Terminating', '1/1')).toBe('terminating');
    expect(podTone('Unknown', '1/1')).toBe('warn');
  });
});
