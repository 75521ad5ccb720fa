/**
 * Shared pieces of the engine benchmarks: building a large cluster, a Deployment, reading
 * progress from etcd without walking every object on each check, and the scale-up itself, which
 * runs in Node (run.ts) and in Chromium's Web Worker (browser/scaleUp.worker.ts).
 */
import type { KubeObject } from '../src/engine/api/objects.ts';
import { KubevizCluster, defaultMachines } from '../src/engine/cluster/fullCluster.ts';
import type { EtcdState } from '../src/engine/etcd/etcdServer.ts';
import { latestKv } from '../src/engine/etcd/mvcc.ts';
import type { SchedulerState } from '../src/engine/scheduler/index.ts';
import { deployment as testDeployment } from '../src/engine/testing/objects.ts';

export function bigCluster(nodes: number, seed = 1): KubevizCluster {
  const machines = defaultMachines(nodes).map((m) => ({
    ...m,
    cpu: '32',
    memory: '128Gi',
    pods: 110,
  }));
  // /24 per node: a 1,000-node cluster needs more than kind's 10.244.0.0/16 (256 nodes).
  return new KubevizCluster({
    seed,
    nodes: machines,
    recordTrace: false,
    controllerManager: { clusterCidr: '10.128.0.0/12' },
  });
}

export function deployment(name: string, replicas: number): KubeObject {
  return testDeployment(name, replicas, { requests: { cpu: '100m', memory: '64Mi' } });
}

/** Each pod's phase and binding, kept up to date from etcd's history (see podsIn). */
interface PodCounts {
  revision: number;
  prefix: string;
  /** Pod key -> its counts' keys (phase and bound/unbound). */
  pods: Map<string, readonly [string, string]>;
  counts: Record<string, number>;
}

const podCounts = new WeakMap<object, PodCounts>();

function countsKeys(pod: KubeObject): readonly [string, string] {
  const phase = (pod.status as { phase?: string } | undefined)?.phase ?? 'Unknown';
  const bound = (pod.spec as { nodeName?: string } | undefined)?.nodeName ? 'bound' : 'unbound';
  return [phase, bound];
}

function count(c: PodCounts, key: string, pod: KubeObject | undefined): void {
  const old = c.pods.get(key);
  if (old) for (const k of old) c.counts[k]! -= 1;
  if (!pod) {
    c.pods.delete(key);
    return;
  }
  const now = countsKeys(pod);
  for (const k of now) c.counts[k] = (c.counts[k] ?? 0) + 1;
  c.pods.set(key, now);
}

/**
 * The pods under `prefix` by phase and binding, brought up to date from etcd's history since
 * the last call: a full walk of the keys only the first time, or if compaction dropped that
 * history. The check is the harness's work, not the cluster's, so it should cost next to nothing.
 */
function podsIn(store: EtcdState['store'], prefix: string): PodCounts {
  let known = podCounts.get(store);
  const history = store.history;
  const covered =
    known?.prefix === prefix &&
    (history.length === 0 || history[0]!.revision <= known.revision + 1);
  if (!known || !covered) {
    known = { revision: store.revision, prefix, pods: new Map(), counts: {} };
    for (const key of store.keys.keys())
      if (key.startsWith(prefix)) count(known, key, latestKv(store, key)?.value as KubeObject);
    podCounts.set(store, known);
    return known;
  }
  // History is in ascending revision order: find the first revision after the last call.
  let lo = 0;
  let hi = history.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (history[mid]!.revision <= known.revision) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < history.length; i++)
    for (const e of history[i]!.events)
      if (e.kv.key.startsWith(prefix))
        count(known, e.kv.key, e.type === 'PUT' ? (e.kv.value as KubeObject) : undefined);
  known.revision = store.revision;
  return known;
}

/**
 * Pods in etcd by phase, and how many are bound. Reads etcd's stored values in place rather than
 * as the apiserver would return them, and only the changes since the last call.
 */
export function podPhases(c: KubevizCluster, namespace = 'default'): Record<string, number> {
  const prefix = `/registry/pods/${namespace}/`;
  const etcd = c.sequencer.stateOf<EtcdState>('etcd');
  if (etcd) {
    const counts: Record<string, number> = {};
    for (const [k, n] of Object.entries(podsIn(etcd.store, prefix).counts)) if (n) counts[k] = n;
    return counts;
  }
  const counts: Record<string, number> = {};
  for (const p of c.stored(prefix)) for (const k of countsKeys(p)) counts[k] = (counts[k] ?? 0) + 1;
  return counts;
}

/** What one scale-up measured (wall times in ms of the runtime's own clock). */
export interface ScaleUpResult {
  bootMs: number;
  wallMs: number;
  virtualMs: number;
  delivered: number;
  running: number;
  scheduled: number;
  scheduleWallMs: number;
}

export interface ScaleUpHooks {
  /** Called once the cluster has booted, just before the Deployment is created. */
  booted?(): void;
  /** Called after every virtual second of the scale-up. */
  tick?(): void;
}

/**
 * The scale-up both runtimes measure: boot `nodes` nodes (30 s virtual, every node registers and
 * turns Ready), create a Deployment of `pods` replicas and fast-forward until all are Running.
 * Progress is checked every virtual second, at the same points on every run; the check of etcd is
 * timed with the rest, so it waits until every pod is scheduled (none can run before).
 */
export function measureScaleUp(nodes: number, pods: number, hooks: ScaleUpHooks = {}) {
  const c = bigCluster(nodes);
  const bootStart = performance.now();
  c.sequencer.runFor(30_000);
  const bootMs = performance.now() - bootStart;
  const scheduler = () => c.sequencer.stateOf<SchedulerState>('kube-scheduler')!;
  const scheduledBefore = scheduler().stats.scheduled;
  const delivered0 = c.sequencer.delivered;
  const virtual0 = c.sequencer.now;
  hooks.booted?.();
  const start = performance.now();
  c.call('POST', '/apis/apps/v1/namespaces/default/deployments', { body: deployment('web', pods) });
  let running = 0;
  let scheduled = 0;
  let allScheduledAt: number | undefined;
  while (running < pods && c.sequencer.now - virtual0 < 30 * 60_000) {
    c.sequencer.runFor(1_000);
    hooks.tick?.();
    scheduled = scheduler().stats.scheduled - scheduledBefore;
    if (allScheduledAt === undefined && scheduled >= pods) allScheduledAt = performance.now();
    if (allScheduledAt !== undefined) running = podPhases(c).Running ?? 0;
  }
  const end = performance.now();
  const result: ScaleUpResult = {
    bootMs,
    wallMs: end - start,
    virtualMs: c.sequencer.now - virtual0,
    delivered: c.sequencer.delivered - delivered0,
    running,
    scheduled,
    scheduleWallMs: (allScheduledAt ?? end) - start,
  };
  return result;
}
