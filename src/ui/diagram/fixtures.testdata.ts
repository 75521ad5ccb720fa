/** Small clusters for the diagram's tests, built as the apiserver would store them. */
import type { KubeObject } from '../../engine/index.ts';
import type { ComponentView } from '../../runtime/view.ts';
import { buildModel, type DiagramModel } from './model.ts';

export function node(
  name: string,
  extra: { unschedulable?: boolean; ready?: string } = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, creationTimestamp: '2026-01-01T00:00:00Z' },
    spec: {
      ...(extra.unschedulable ? { unschedulable: true } : {}),
      taints: extra.unschedulable
        ? [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }]
        : [],
    },
    status: {
      allocatable: { cpu: '3800m', memory: '8081408Ki', pods: '110' },
      conditions: [{ type: 'Ready', status: extra.ready ?? 'True' }],
    },
  };
}

export function pod(
  name: string,
  nodeName?: string,
  options: { created?: string; owner?: string; running?: boolean; deleting?: boolean } = {},
): KubeObject {
  const running = options.running ?? nodeName !== undefined;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'default',
      uid: `uid-${name}`,
      creationTimestamp: options.created ?? '2026-01-01T00:00:05Z',
      ...(options.owner
        ? {
            ownerReferences: [
              {
                apiVersion: 'apps/v1',
                kind: 'ReplicaSet',
                name: options.owner,
                uid: 'rs',
                controller: true,
              },
            ],
          }
        : {}),
      ...(options.deleting ? { deletionTimestamp: '2026-01-01T00:00:09Z' } : {}),
    },
    spec: {
      ...(nodeName ? { nodeName } : {}),
      containers: [
        { name: 'nginx', image: 'nginx:1.27', resources: { requests: { cpu: '100m' } } },
      ],
    },
    status: running
      ? {
          phase: 'Running',
          conditions: [{ type: 'Ready', status: 'True' }],
          containerStatuses: [
            {
              name: 'nginx',
              ready: true,
              restartCount: 0,
              state: { running: {} },
              image: 'nginx:1.27',
              imageID: '',
            },
          ],
        }
      : { phase: 'Pending' },
  };
}

export function service(name: string, pods: string[]): [KubeObject, KubeObject] {
  return [
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace: 'default' },
      spec: { type: 'ClusterIP', clusterIP: '10.96.0.10', selector: { app: name } },
    },
    {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        name: `${name}-abcde`,
        namespace: 'default',
        labels: { 'kubernetes.io/service-name': name },
      },
      endpoints: pods.map((p) => ({
        addresses: ['10.244.0.2'],
        conditions: { ready: true },
        targetRef: { kind: 'Pod', namespace: 'default', name: p },
      })),
    } as KubeObject,
  ];
}

export function components(nodes: string[]): ComponentView[] {
  const fixed = ['kubectl', 'etcd', 'kube-apiserver', 'kube-scheduler', 'kube-controller-manager'];
  return [
    ...fixed.map((id) => ({ id, type: id, status: 'running' as const })),
    ...nodes.flatMap((n) =>
      ['kubelet', 'kube-proxy', 'containerd'].map((type) => ({
        id: `${type}/${n}`,
        type,
        node: n,
        status: 'running' as const,
      })),
    ),
  ];
}

export interface ClusterSpec {
  nodes: string[];
  pods?: KubeObject[];
  services?: [KubeObject, KubeObject][];
}

export function model(spec: ClusterSpec): DiagramModel {
  return buildModel({
    components: components(spec.nodes),
    nodes: spec.nodes.map((n) => node(n)),
    pods: spec.pods ?? [],
    services: (spec.services ?? []).map(([s]) => s),
    endpointSlices: (spec.services ?? []).map(([, e]) => e),
  });
}
