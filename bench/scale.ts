/**
 * Shared pieces of the engine benchmarks: building a large cluster, a Deployment, and reading
 * progress from etcd without walking every object on each check.
 */
import type { KubeObject } from '../src/engine/api/objects.ts';
import { KubevizCluster, defaultMachines } from '../src/engine/cluster/fullCluster.ts';
import type { EtcdState } from '../src/engine/etcd/etcdServer.ts';
import { latestKv } from '../src/engine/etcd/mvcc.ts';
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

/** Pod keys seen in an etcd store, and the revision they are up to date with. */
const podKeys = new WeakMap<object, { revision: number; prefix: string; keys: Set<string> }>();

/**
 * The keys under `prefix` that exist now, kept up to date from etcd's history since the last
 * call (a full walk of the keys only the first time, or if compaction dropped that history).
 */
function keysUnder(store: EtcdState['store'], prefix: string): Set<string> {
  let known = podKeys.get(store);
  const history = store.history;
  const covered =
    known?.prefix === prefix &&
    (history.length === 0 || history[0]!.revision <= known.revision + 1);
  if (!known || !covered) {
    known = { revision: store.revision, prefix, keys: new Set() };
    for (const [key, versions] of store.keys)
      if (key.startsWith(prefix) && versions[versions.length - 1]?.kv) known.keys.add(key);
    podKeys.set(store, known);
    return known.keys;
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
      if (e.kv.key.startsWith(prefix)) {
        if (e.type === 'PUT') known.keys.add(e.kv.key);
        else known.keys.delete(e.kv.key);
      }
  known.revision = store.revision;
  return known.keys;
}

/**
 * Pods in etcd by phase (a full scan: call it sparingly). Reads etcd's stored values in place
 * rather than as the apiserver would return them: the check is the harness's, not the cluster's
 * work, and copying ten thousand pods every virtual second was a visible share of the run.
 */
export function podPhases(c: KubevizCluster, namespace = 'default'): Record<string, number> {
  const counts: Record<string, number> = {};
  const prefix = `/registry/pods/${namespace}/`;
  const etcd = c.sequencer.stateOf<EtcdState>('etcd');
  const pods: KubeObject[] = [];
  if (etcd) {
    for (const key of keysUnder(etcd.store, prefix)) {
      const kv = latestKv(etcd.store, key);
      if (kv) pods.push(kv.value as KubeObject);
    }
  } else pods.push(...c.stored(prefix));
  for (const p of pods) {
    const phase = (p.status as { phase?: string } | undefined)?.phase ?? 'Unknown';
    const bound = (p.spec as { nodeName?: string } | undefined)?.nodeName ? 'bound' : 'unbound';
    counts[phase] = (counts[phase] ?? 0) + 1;
    counts[bound] = (counts[bound] ?? 0) + 1;
  }
  return counts;
}
