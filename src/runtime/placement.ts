/**
 * Where each component runs. Placement is configuration: the same seed and actions give the
 * same trace in every placement (the placement-equivalence test proves it).
 *
 * - per-component (default): each control-plane component in its own Web Worker, the node agents
 *   sharded over a small pool of workers (a node's kubelet, kube-proxy and containerd together);
 * - single-worker: every component inside the sequencer's worker (fast-forwarding big clusters);
 * - in-process: no workers at all (Node tests, and the fallback when Workers cannot start).
 * The user's kubectl, the cloud provider, metrics-server and the load generator always run next
 * to the sequencer: they stand for the world outside the cluster's processes.
 */
import { CONTROL_PLANE } from '../engine/display.ts';

export type PlacementMode = 'per-component' | 'single-worker' | 'in-process';

export const PLACEMENT_MODES: readonly PlacementMode[] = [
  'per-component',
  'single-worker',
  'in-process',
];

const OWN_WORKER: ReadonlySet<string> = new Set(['etcd', 'kube-apiserver', ...CONTROL_PLANE]);
const NODE_AGENT = /^(?:kubelet|kube-proxy|containerd)\/(.+)$/;

export interface Placement {
  mode: PlacementMode;
  /** The host a component runs in, or null when it runs beside the sequencer. */
  hostOf(id: string): string | null;
  /** Every host this placement starts. */
  hosts: string[];
}

/** How many workers share the node agents: what the machine has, less the busy threads. */
export function nodePoolSize(hardwareConcurrency: number | undefined): number {
  return Math.min(4, Math.max(1, (hardwareConcurrency ?? 2) - 2));
}

/** A stable shard for a node name, so nodes joining later never move the existing ones. */
function shard(node: string, pool: number): number {
  let hash = 0;
  for (let i = 0; i < node.length; i++) hash = (hash * 31 + node.charCodeAt(i)) >>> 0;
  return hash % pool;
}

export function placementFor(mode: PlacementMode, pool = 1): Placement {
  if (mode !== 'per-component') return { mode, hostOf: () => null, hosts: [] };
  return {
    mode,
    hosts: [...OWN_WORKER, ...Array.from({ length: pool }, (_, i) => `nodes-${i + 1}`)],
    hostOf(id) {
      if (OWN_WORKER.has(id)) return id;
      const node = NODE_AGENT.exec(id);
      return node ? `nodes-${shard(node[1]!, pool) + 1}` : null;
    },
  };
}
