import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../engine/index.ts';
import type { ComponentView } from '../../runtime/view.ts';
import { containersOf, machines, nextNodeName, objectChoices } from './choices.ts';
import { containerNameFor } from './workloads/CreateDeployment.tsx';

const obj = (name: string, rest: Partial<KubeObject> = {}, namespace?: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Thing',
  metadata: { name, ...(namespace ? { namespace } : {}) },
  ...rest,
});

const kubelet = (node: string, status: ComponentView['status']): ComponentView => ({
  id: `kubelet/${node}`,
  type: 'kubelet',
  node,
  status,
});

describe('choices from the snapshot', () => {
  it('names objects as kubectl would, with the namespace only outside default', () => {
    expect(
      objectChoices([obj('web', {}, 'default'), obj('api', {}, 'team-a')]).map((c) => c.label),
    ).toEqual(['web', 'team-a/api']);
  });

  it('lists machines by their kubelets and Nodes whose machine is gone, in natural order', () => {
    const list = machines(
      [
        kubelet('node-10', 'running'),
        kubelet('node-2', 'stopped'),
        kubelet('node-1', 'crashed'),
        { id: 'containerd/node-1', type: 'containerd', node: 'node-1', status: 'running' },
      ],
      [obj('node-1'), obj('node-2'), obj('node-7')],
    );
    expect(list).toEqual([
      { name: 'node-1', power: 'running', registered: true },
      { name: 'node-2', power: 'stopped', registered: true },
      { name: 'node-7', power: undefined, registered: true },
      { name: 'node-10', power: 'running', registered: false },
    ]);
    expect(nextNodeName(list)).toBe('node-3');
  });

  it("reads a Deployment's template containers", () => {
    const d = obj('web', {
      spec: {
        template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } },
      },
    });
    expect(containersOf(d)).toEqual([{ name: 'nginx', image: 'nginx:1.27' }]);
  });

  it('names the container as kubectl create deployment does', () => {
    expect(containerNameFor('nginx')).toBe('nginx');
    expect(containerNameFor('nginx:1.27')).toBe('nginx');
    expect(containerNameFor('registry.k8s.io/my_app@sha256:abc')).toBe('my-app');
    expect(containerNameFor('localhost:5000/team/web:2')).toBe('web');
  });
});
