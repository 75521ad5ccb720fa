/** Test helpers: a real Cluster (etcd + kube-apiserver) with the scheduler, nodes and pods by POST. */
import type { KubeObject } from '../../api/objects.ts';
import { Cluster } from '../../cluster/cluster.ts';
import { kubeScheduler } from '../scheduler.ts';
import type { SchedulerConfig, SchedulerState } from '../state.ts';

export interface NodeSpec {
  cpu?: string;
  memory?: string;
  pods?: string;
  labels?: Record<string, string>;
  taints?: { key: string; value?: string; effect: string }[];
  unschedulable?: boolean;
  images?: { names: string[]; sizeBytes: number }[];
}

export function nodeObject(name: string, s: NodeSpec = {}): KubeObject {
  const resources = { cpu: s.cpu ?? '4', memory: s.memory ?? '8Gi', pods: s.pods ?? '110' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...s.labels } },
    spec: {
      ...(s.taints ? { taints: s.taints } : {}),
      ...(s.unschedulable ? { unschedulable: true } : {}),
    },
    status: {
      capacity: resources,
      allocatable: resources,
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'KubeletReady',
          message: 'kubelet is posting ready status',
        },
      ],
      ...(s.images ? { images: s.images } : {}),
    },
  };
}

export function podObject(
  name: string,
  opts: {
    cpu?: string;
    memory?: string;
    spec?: Record<string, unknown>;
    labels?: Record<string, string>;
    image?: string;
  } = {},
): KubeObject {
  const requests: Record<string, string> = {};
  if (opts.cpu) requests.cpu = opts.cpu;
  if (opts.memory) requests.memory = opts.memory;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', ...(opts.labels ? { labels: opts.labels } : {}) },
    spec: {
      containers: [
        {
          name: 'app',
          image: opts.image ?? 'nginx:1.27',
          ...(Object.keys(requests).length ? { resources: { requests } } : {}),
        },
      ],
      ...opts.spec,
    },
  };
}

export class SchedulerCluster {
  readonly cluster: Cluster;
  constructor(seed = 1, config: SchedulerConfig = {}) {
    this.cluster = new Cluster({ seed, registry: { 'kube-scheduler': kubeScheduler } });
    this.cluster.sequencer.runFor(50);
    this.cluster.sequencer.startComponent('kube-scheduler', 'kube-scheduler', config);
    this.cluster.sequencer.runFor(200);
  }
  get state(): SchedulerState {
    return this.cluster.sequencer.stateOf<SchedulerState>('kube-scheduler')!;
  }
  /**
   * Creates a Ready node. Admission taints a new node not-ready (TaintNodesByCondition) and no node
   * lifecycle controller runs here to lift it, so the test lifts it as that controller would.
   */
  addNode(name: string, s: NodeSpec = {}): void {
    const r = this.cluster.call('POST', '/api/v1/nodes', { body: nodeObject(name, s) });
    if (r.code !== 201) throw new Error(`node ${name}: ${JSON.stringify(r.body)}`);
    this.patchNode(name, { spec: { taints: s.taints ?? null } });
  }
  patchNode(name: string, patch: Record<string, unknown>): void {
    const r = this.cluster.call('PATCH', `/api/v1/nodes/${name}`, {
      body: patch,
      contentType: 'application/merge-patch+json',
    });
    if (r.code !== 200) throw new Error(`patch node ${name}: ${JSON.stringify(r.body)}`);
  }
  addPod(pod: KubeObject): void {
    const r = this.cluster.call('POST', '/api/v1/namespaces/default/pods', { body: pod });
    if (r.code !== 201) throw new Error(`pod: ${JSON.stringify(r.body)}`);
  }
  run(ms: number): void {
    this.cluster.sequencer.runFor(ms);
  }
  pod(name: string): KubeObject {
    const [p] = this.cluster.stored(`/registry/pods/default/${name}`);
    if (!p) throw new Error(`no pod ${name}`);
    return p;
  }
  nodeOf(name: string): string | undefined {
    return (this.pod(name).spec as { nodeName?: string }).nodeName;
  }
  events(): KubeObject[] {
    return this.cluster.stored('/registry/events/');
  }
}
