/**
 * Test support shared by these controllers' tests: a real cluster (etcd, kube-apiserver) with a
 * kube-controller-manager running the given controllers, and the test playing the kubelets:
 * it registers Nodes, posts their status and renews their Leases through the API.
 */
import { formatRfc3339, formatRfc3339Micro } from '../../../shared/index.ts';
import type { ApiResponsePayload } from '../../api/protocol.ts';
import type { KubeObject } from '../../api/objects.ts';
import { Cluster } from '../../cluster/cluster.ts';
import {
  DEFAULT_CONTROLLER_MANAGER_SETTINGS,
  type AnyControllerDefinition,
  type ControllerManagerSettings,
} from '../framework.ts';
import { createControllerManager } from '../manager.ts';

export const START_SECONDS = DEFAULT_CONTROLLER_MANAGER_SETTINGS.startSeconds;

export function kcmCluster(
  controllers: readonly AnyControllerDefinition[],
  settings: Partial<ControllerManagerSettings> = {},
  seed = 1,
  start = true,
): Cluster {
  const cluster = new Cluster({
    seed,
    registry: { 'kube-controller-manager': createControllerManager(controllers) },
  });
  cluster.sequencer.runFor(50);
  if (!start) return cluster;
  cluster.sequencer.startComponent('kube-controller-manager', 'kube-controller-manager', {
    settings,
  });
  cluster.sequencer.runFor(50);
  return cluster;
}

export const now = (c: Cluster) => c.sequencer.now;
export const timestampAt = (ms: number) => formatRfc3339(START_SECONDS + ms / 1000);

export function ok(r: ApiResponsePayload): KubeObject {
  if (r.code >= 300) throw new Error(`request failed: ${r.code} ${JSON.stringify(r.body)}`);
  return r.body as KubeObject;
}

export function get(c: Cluster, path: string): KubeObject | undefined {
  const r = c.call('GET', path);
  return r.code === 200 ? (r.body as KubeObject) : undefined;
}

export function list(c: Cluster, path: string): KubeObject[] {
  return (ok(c.call('GET', path)) as unknown as { items: KubeObject[] }).items;
}

/** Runs until `done` holds, checking every `stepMs`; returns the virtual time it first held. */
export function runUntil(c: Cluster, done: () => boolean, limitMs: number, stepMs = 100): number {
  const end = c.sequencer.now + limitMs;
  while (c.sequencer.now < end) {
    if (done()) return c.sequencer.now;
    c.sequencer.runFor(stepMs);
  }
  if (done()) return c.sequencer.now;
  throw new Error(`condition not reached within ${limitMs} ms`);
}

const READY_CONDITIONS = ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'Ready'];

/** A kubelet's node registration and first status. */
export function registerNode(c: Cluster, name: string, labels: Record<string, string> = {}): void {
  ok(
    c.call('POST', '/api/v1/nodes', {
      body: {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } },
      },
    }),
  );
  postNodeStatus(c, name);
  ok(
    c.call('POST', '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases', {
      body: {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name, namespace: 'kube-node-lease' },
        spec: {
          holderIdentity: name,
          leaseDurationSeconds: 40,
          renewTime: formatRfc3339Micro(START_SECONDS + c.sequencer.now / 1000),
        },
      },
    }),
  );
}

/** The kubelet's status update: every condition fresh, Ready True. */
export function postNodeStatus(c: Cluster, name: string, ready = 'True'): void {
  // Controllers write the Node too; like any client, retry a conflicting update from a fresh read.
  for (let attempt = 0; attempt < 5; attempt++) {
    if (tryPostNodeStatus(c, name, ready)) return;
  }
  throw new Error(`node ${name}: status update kept conflicting`);
}

function tryPostNodeStatus(c: Cluster, name: string, ready: string): boolean {
  const node = ok(c.call('GET', `/api/v1/nodes/${name}`));
  const t = timestampAt(c.sequencer.now);
  const old =
    (
      node.status as {
        conditions?: { type: string; status: string; lastTransitionTime?: string }[];
      }
    )?.conditions ?? [];
  const conditions = READY_CONDITIONS.map((type) => {
    const status = type === 'Ready' ? ready : 'False';
    const prev = old.find((x) => x.type === type);
    return {
      type,
      status,
      reason:
        type === 'Ready'
          ? ready === 'True'
            ? 'KubeletReady'
            : 'KubeletNotReady'
          : `KubeletHasNo${type}`,
      message: type === 'Ready' ? 'kubelet is posting ready status' : `kubelet has no ${type}`,
      lastHeartbeatTime: t,
      lastTransitionTime: prev && prev.status === status ? prev.lastTransitionTime : t,
    };
  });
  const r = c.call('PUT', `/api/v1/nodes/${name}/status`, {
    body: { ...node, status: { ...(node.status as object), conditions } },
  });
  if (r.code === 409) return false;
  ok(r);
  return true;
}

/** The kubelet's lease renewal (every 10 s in a real kubelet). */
export function renewLease(c: Cluster, name: string): void {
  const path = `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${name}`;
  const lease = ok(c.call('GET', path));
  ok(
    c.call('PUT', path, {
      body: {
        ...lease,
        spec: {
          ...(lease.spec as object),
          renewTime: formatRfc3339Micro(START_SECONDS + c.sequencer.now / 1000),
        },
      },
    }),
  );
}

/** A pod bound to a node, Running and Ready, as a scheduler and kubelet would leave it. */
export function runningPod(
  c: Cluster,
  namespace: string,
  name: string,
  nodeName: string,
  extra: {
    labels?: Record<string, string>;
    spec?: Record<string, unknown>;
    ip?: string;
    ready?: boolean;
  } = {},
): KubeObject {
  const created = ok(
    c.call('POST', `/api/v1/namespaces/${namespace}/pods`, {
      body: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, labels: extra.labels ?? {} },
        spec: { nodeName, containers: [{ name: 'app', image: 'nginx:1.27' }], ...extra.spec },
      },
    }),
  );
  return setPodStatus(c, created, extra.ready ?? true, extra.ip ?? '10.244.0.10');
}

export function setPodStatus(c: Cluster, pod: KubeObject, ready: boolean, ip: string): KubeObject {
  const path = `/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}`;
  const latest = ok(c.call('GET', path));
  const t = timestampAt(c.sequencer.now);
  const s = ready ? 'True' : 'False';
  return ok(
    c.call('PUT', `${path}/status`, {
      body: {
        ...latest,
        status: {
          phase: 'Running',
          podIP: ip,
          podIPs: [{ ip }],
          hostIP: '192.168.0.10',
          conditions: [
            { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: t },
            { type: 'Ready', status: s, lastProbeTime: null, lastTransitionTime: t },
            { type: 'ContainersReady', status: s, lastProbeTime: null, lastTransitionTime: t },
            { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: t },
          ],
        },
      },
    }),
  );
}

export function events(c: Cluster, namespace = 'default'): KubeObject[] {
  return list(c, `/api/v1/namespaces/${namespace}/events`);
}
