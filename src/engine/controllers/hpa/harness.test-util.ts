/**
 * A cluster for HPA tests: etcd, kube-apiserver (proxying metrics.k8s.io), the controller manager
 * with the HPA controller, metrics-server and one fake kubelet. The test plays the Deployment
 * controller and the kubelet: it keeps one Running, Ready pod per spec.replicas of the Deployment.
 */
import { formatRfc3339, DEFAULT_START_SECONDS } from '../../../shared/index.ts';
import { Cluster } from '../../cluster/cluster.ts';
import type { KubeList, KubeObject } from '../../api/objects.ts';
import { metricsServer } from '../../metrics/metricsServer.ts';
import { fakeKubelet, type FakeKubeletState } from '../../metrics/testing.ts';
import { createControllerManager } from '../manager.ts';
import type { ControllerManagerSettings } from '../framework.ts';
import { hpaController } from './index.ts';

export const NODE = 'node-1';
const DEPLOYMENTS = '/apis/apps/v1/namespaces/default/deployments';
const PODS = '/api/v1/namespaces/default/pods';
export const HPAS = '/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers';

export class HpaHarness {
  readonly cluster: Cluster;
  private created = 0;
  /** Millicores each pod uses (the same for all, or per pod via a function). */
  usagePerPod: (podName: string, podCount: number) => number = () => 0;

  constructor(settings: Partial<ControllerManagerSettings> = {}) {
    this.cluster = new Cluster({
      seed: 7,
      registry: {
        'kube-controller-manager': createControllerManager([hpaController]),
        'metrics-server': metricsServer,
        'fake-kubelet': fakeKubelet,
      },
    });
    const s = this.cluster.sequencer;
    s.runFor(50);
    this.must(this.cluster.call('POST', '/api/v1/nodes', { body: node(NODE) }), 201);
    s.startComponent(`kubelet/${NODE}`, 'fake-kubelet', { node: NODE });
    s.startComponent('metrics-server', 'metrics-server', {});
    s.startComponent('kube-controller-manager', 'kube-controller-manager', { settings });
  }

  must(r: { code: number; body: unknown }, code: number): KubeObject {
    if (r.code !== code)
      throw new Error(`expected ${code}, got ${r.code}: ${JSON.stringify(r.body)}`);
    return r.body as KubeObject;
  }

  now(): number {
    return this.cluster.sequencer.now;
  }

  createDeployment(replicas: number, cpuRequest = '200m'): void {
    this.must(
      this.cluster.call('POST', DEPLOYMENTS, { body: deployment(replicas, cpuRequest) }),
      201,
    );
    this.reconcilePods(cpuRequest);
  }

  createHpa(spec: Record<string, unknown>): void {
    const body = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        ...spec,
      },
    };
    this.must(this.cluster.call('POST', HPAS, { body }), 201);
  }

  replicas(): number {
    const d = this.must(this.cluster.call('GET', `${DEPLOYMENTS}/web`), 200);
    return (d.spec as { replicas: number }).replicas;
  }

  hpa(): KubeObject {
    return this.must(this.cluster.call('GET', `${HPAS}/web`), 200);
  }

  pods(): KubeObject[] {
    return (
      this.must(
        this.cluster.call('GET', PODS, { query: { labelSelector: 'app=web' } }),
        200,
      ) as unknown as KubeList
    ).items;
  }

  /** The Deployment controller and kubelet, played by the test: pods follow spec.replicas. */
  reconcilePods(cpuRequest = '200m'): void {
    const want = this.replicas();
    let pods = this.pods();
    while (pods.length < want) {
      const name = `web-${++this.created}`;
      this.must(this.cluster.call('POST', PODS, { body: pod(name, cpuRequest) }), 201);
      const started = formatRfc3339(DEFAULT_START_SECONDS + this.now() / 1000 - 600);
      this.must(
        this.cluster.call('PATCH', `${PODS}/${name}/status`, {
          contentType: 'application/merge-patch+json',
          body: {
            status: {
              phase: 'Running',
              startTime: started,
              conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: started }],
            },
          },
        }),
        200,
      );
      pods = this.pods();
    }
    for (const extra of pods.slice(want))
      this.must(
        this.cluster.call('DELETE', `${PODS}/${extra.metadata.name}`, {
          query: { gracePeriodSeconds: '0' },
        }),
        200,
      );
    this.setUsage();
  }

  setUsage(): void {
    const kubelet = this.cluster.sequencer.stateOf<FakeKubeletState>(`kubelet/${NODE}`)!;
    const pods = this.pods().filter((p) => !p.metadata.deletionTimestamp);
    kubelet.usage = {};
    for (const p of pods)
      kubelet.usage[`default/${p.metadata.name}`] = this.usagePerPod(
        p.metadata.name ?? '',
        pods.length,
      );
  }

  /** Runs virtual time in 1 s steps, keeping pods in line with the Deployment; calls `each` after every step. */
  runFor(ms: number, each?: () => void): void {
    const end = this.now() + ms;
    while (this.now() < end) {
      this.cluster.sequencer.runFor(Math.min(1000, end - this.now()));
      this.reconcilePods();
      each?.();
    }
  }

  events(reason?: string): KubeObject[] {
    const list = this.must(
      this.cluster.call('GET', '/api/v1/namespaces/default/events'),
      200,
    ) as unknown as KubeList;
    return list.items.filter((e) => !reason || e.reason === reason);
  }
}

function node(name: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name },
    status: { capacity: { cpu: '8', memory: '32Gi', pods: '110' } },
  };
}

function template(cpuRequest: string) {
  return {
    metadata: { labels: { app: 'web' } },
    spec: {
      containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu: cpuRequest } } }],
    },
  };
}

function deployment(replicas: number, cpuRequest: string): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: template(cpuRequest) },
  };
}

function pod(name: string, cpuRequest: string): KubeObject {
  const t = template(cpuRequest);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: t.metadata.labels },
    spec: { ...t.spec, nodeName: NODE },
  };
}
