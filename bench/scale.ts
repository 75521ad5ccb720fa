/**
 * Shared pieces of the engine benchmarks: building a large cluster, a Deployment, and reading
 * progress from etcd without walking every object on each check.
 */
import type { KubeObject } from '../src/engine/api/objects.ts';
import { KubevizCluster, defaultMachines } from '../src/engine/cluster/fullCluster.ts';
import type { EtcdState } from '../src/engine/etcd/etcdServer.ts';
import { keysInRange } from '../src/engine/etcd/keyRange.ts';
import { latestKv, sortedKeysOf } from '../src/engine/etcd/mvcc.ts';
import { prefixEnd } from '../src/engine/etcd/protocol.ts';
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
    // Each key's latest version (a deleted key's is null): what a range at the head returns.
    for (const key of keysInRange(sortedKeysOf(etcd.store), prefix, prefixEnd(prefix))) {
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
