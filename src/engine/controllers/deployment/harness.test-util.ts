/**
 * A real cluster (etcd, kube-apiserver, kube-controller-manager with the ReplicaSet and
 * Deployment controllers) for tests. There is no scheduler or kubelet yet, so the harness plays
 * them through the API: it binds pods to nodes, reports them Running and Ready, and finishes
 * graceful deletions.
 */
import { formatRfc3339, DEFAULT_START_SECONDS } from '../../../shared/index.ts';
import type { KubeObject } from '../../api/objects.ts';
import { Cluster } from '../../cluster/cluster.ts';
import type { TraceEvent } from '../../sim/trace.ts';
import { createControllerManager } from '../manager.ts';
import { replicaSetController } from '../replicaset/index.ts';
import { deploymentController } from './index.ts';

export const NS = '/apis/apps/v1/namespaces/default';
export const PODS = '/api/v1/namespaces/default/pods';

export class Harness {
  readonly cluster: Cluster;
  readonly trace: TraceEvent[] = [];
  /** Called after every delivery (invariant checks). */
  onDelivery: (() => void) | undefined;
  private nodes = ['node-1', 'node-2', 'node-3'];
  private nextNode = 0;

  constructor(seed = 1) {
    this.cluster = new Cluster({
      seed,
      registry: {
        'kube-controller-manager': createControllerManager([
          replicaSetController,
          deploymentController,
        ]),
      },
    });
    this.cluster.sequencer.onTrace((e) => {
      this.trace.push(e);
      this.onDelivery?.();
    });
    this.cluster.sequencer.runFor(50);
    this.cluster.sequencer.startComponent('kube-controller-manager', 'kube-controller-manager', {});
    this.cluster.sequencer.runFor(100);
  }

  rfcNow(): string {
    return formatRfc3339(DEFAULT_START_SECONDS + this.cluster.sequencer.now / 1000);
  }

  create(d: KubeObject): void {
    const r = this.cluster.call('POST', `${NS}/deployments`, { body: d });
    if (r.code !== 201) throw new Error(`create failed: ${JSON.stringify(r.body)}`);
  }

  patchDeployment(name: string, patch: unknown): void {
    const r = this.cluster.call('PATCH', `${NS}/deployments/${name}`, {
      body: patch,
      contentType: 'application/strategic-merge-patch+json',
    });
    if (r.code !== 200) throw new Error(`patch failed: ${JSON.stringify(r.body)}`);
  }

  deploymentObject(name: string): KubeObject {
    return this.cluster.stored(`/registry/deployments/default/${name}`)[0]!;
  }

  replicaSets(): KubeObject[] {
    return this.cluster.stored('/registry/replicasets/default/');
  }

  pods(): KubeObject[] {
    return this.cluster.stored('/registry/pods/default/');
  }

  events(reason?: string): KubeObject[] {
    return this.cluster
      .stored('/registry/events/default/')
      .filter((e) => reason === undefined || e.reason === reason)
      .sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion));
  }

  /** The kubelet's part: bind, start and make ready up to `limit` new pods; finish deletions. */
  kubelet(limit = Number.POSITIVE_INFINITY): string[] {
    const started: string[] = [];
    for (const pod of this.pods()) {
      const name = pod.metadata.name ?? '';
      if (pod.metadata.deletionTimestamp) {
        this.cluster.call('DELETE', `${PODS}/${name}`, {
          body: { kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: 0 },
        });
        continue;
      }
      if (
        (pod.status as { phase?: string } | undefined)?.phase === 'Running' ||
        started.length >= limit
      )
        continue;
      if (!(pod.spec as { nodeName?: string }).nodeName) this.bind(name);
      this.startPod(name);
      started.push(name);
    }
    return started;
  }

  /** Reports a bound pod Running with all its conditions True, as the kubelet's status manager does. */
  startPod(name: string): void {
    const now = this.rfcNow();
    const cond = (type: string) => ({
      type,
      status: 'True',
      lastProbeTime: null,
      lastTransitionTime: now,
    });
    const r = this.cluster.call('PATCH', `${PODS}/${name}/status`, {
      body: {
        status: {
          phase: 'Running',
          conditions: [
            cond('Initialized'),
            cond('Ready'),
            cond('ContainersReady'),
            cond('PodScheduled'),
          ],
          containerStatuses: [
            {
              name: 'web',
              ready: true,
              restartCount: 0,
              image: 'nginx',
              imageID: '',
              started: true,
              state: { running: { startedAt: now } },
            },
          ],
          startTime: now,
        },
      },
      contentType: 'application/merge-patch+json',
    });
    if (r.code !== 200) throw new Error(`status patch failed: ${JSON.stringify(r.body)}`);
  }

  bind(name: string, node?: string): void {
    const target = node ?? this.nodes[this.nextNode++ % this.nodes.length]!;
    const r = this.cluster.call('POST', `${PODS}/${name}/binding`, {
      body: {
        apiVersion: 'v1',
        kind: 'Binding',
        metadata: { name },
        target: { apiVersion: 'v1', kind: 'Node', name: target },
      },
    });
    if (r.code !== 201) throw new Error(`bind failed: ${JSON.stringify(r.body)}`);
  }

  runFor(ms: number): void {
    this.cluster.sequencer.runFor(ms);
  }

  /** Runs, playing kubelet every `stepMs`, until `ms` have passed. */
  runWithKubelet(ms: number, stepMs = 1_000, perStep = Number.POSITIVE_INFINITY): void {
    for (let t = 0; t < ms; t += stepMs) {
      this.kubelet(perStep);
      this.runFor(stepMs);
    }
  }
}

export const isActive = (p: KubeObject) => !p.metadata.deletionTimestamp;
export const isReady = (p: KubeObject) =>
  (
    (p.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? []
  ).some((c) => c.type === 'Ready' && c.status === 'True');
