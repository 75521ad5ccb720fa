/**
 * The kubelet's configuration (a KubeletConfiguration plus the flags a node is started with) and
 * what follows from it: the node's capacity and allocatable, its labels, its addresses.
 *
 * Allocatable is capacity minus kube-reserved, system-reserved and the hard eviction thresholds,
 * as the kubelet's node allocatable reservation computes it. Real kubelets reserve nothing by
 * default; these defaults reserve a little (100m cpu and 100Mi memory each for the system and the
 * kubelet) so that allocatable differs from capacity as on most managed nodes. The hard eviction
 * defaults are the kubelet's own: memory.available<100Mi, nodefs.available<10%.
 */
import { formatMilli, toMilli, toNumber } from '../../api/quantity.ts';
import { DEFAULT_START_SECONDS, hashString } from '../../../shared/index.ts';

export interface ResourceList {
  cpu?: string;
  memory?: string;
  'ephemeral-storage'?: string;
}

export interface Taint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

export interface KubeletConfig {
  nodeName: string;
  capacity?: { cpu?: string; memory?: string; pods?: number; 'ephemeral-storage'?: string };
  systemReserved?: ResourceList;
  kubeReserved?: ResourceList;
  /** Extra node labels (node-role.kubernetes.io/control-plane: "", ...). */
  labels?: Record<string, string>;
  /** topology.kubernetes.io/zone (and the region derived from it). */
  zone?: string;
  /** --register-with-taints (a control-plane node: node-role.kubernetes.io/control-plane:NoSchedule). */
  registerWithTaints?: Taint[];
  /** Position of the node in the cluster; derives its InternalIP. Default: the name's number. */
  nodeIndex?: number;
  /** InternalIP; default the (index + 2)th address of 172.18.0.0/16, as kind's docker network hands them out. */
  internalIP?: string;
  nodeStatusUpdateFrequencyMs?: number;
  nodeStatusReportFrequencyMs?: number;
  nodeLeaseDurationSeconds?: number;
  /** Wall-clock seconds at virtual time 0. */
  startSeconds?: number;
  /** The node's container runtime component; default containerd/<nodeName>. */
  runtime?: string;
  /** How long to wait for the nodeipam controller's podCIDR before using the fallback. */
  podCIDRWaitMs?: number;
  /** The pod CIDR used when none is assigned in time; default 10.244.<index>.0/24. */
  fallbackPodCIDR?: string;
  apiserver?: string;
}

export interface ResolvedConfig {
  nodeName: string;
  index: number;
  internalIP: string;
  labels: Record<string, string>;
  taints: Taint[];
  /** Quantities as the node object shows them. */
  capacity: Record<string, string>;
  allocatable: Record<string, string>;
  /** Allocatable in numbers, for admission. */
  allocatableCpuMilli: number;
  allocatableMemoryBytes: number;
  allocatablePods: number;
  statusUpdateMs: number;
  statusReportMs: number;
  leaseDurationSeconds: number;
  startSeconds: number;
  runtime: string;
  podCIDRWaitMs: number;
  fallbackPodCIDR: string;
  apiserver?: string;
}

const EVICTION_MEMORY = 100 * 1024 * 1024;
const EVICTION_NODEFS_FRACTION = 0.1;
/** The node's address on the kind-like docker network 172.18.0.0/16: .0.2 is the control plane. */
export function nodeInternalIP(index: number): string {
  const n = index + 2;
  return `172.18.${(n >> 8) & 255}.${n & 255}`;
}

export const KUBELET_VERSION = 'v1.30.2';

function nodeIndexOf(name: string): number {
  const m = /(\d+)$/.exec(name);
  return m ? Number(m[1]) : hashString(name) % 200;
}

const num = (q: string | undefined) => (q === undefined ? 0 : toNumber(q));
const milli = (q: string | undefined) => (q === undefined ? 0 : toMilli(q));

export function resolveConfig(config: KubeletConfig): ResolvedConfig {
  const name = config.nodeName;
  const index = config.nodeIndex ?? nodeIndexOf(name);
  const cap = config.capacity ?? {};
  const system = config.systemReserved ?? { cpu: '100m', memory: '100Mi' };
  const kube = config.kubeReserved ?? { cpu: '100m', memory: '100Mi' };
  const cpuMilli = milli(cap.cpu ?? '4');
  const memory = num(cap.memory ?? '8Gi');
  const storage = num(cap['ephemeral-storage'] ?? '100Gi');
  const pods = cap.pods ?? 110;
  const allocCpu = cpuMilli - milli(system.cpu) - milli(kube.cpu);
  const allocMemory = memory - num(system.memory) - num(kube.memory) - EVICTION_MEMORY;
  const allocStorage = Math.floor(
    storage * (1 - EVICTION_NODEFS_FRACTION) -
      num(system['ephemeral-storage']) -
      num(kube['ephemeral-storage']),
  );
  // cAdvisor reports memory and disk in Ki; the allocatable arithmetic prints plain bytes for disk.
  const capacity = {
    cpu: formatMilli(cpuMilli),
    'ephemeral-storage': `${Math.floor(storage / 1024)}Ki`,
    'hugepages-1Gi': '0',
    'hugepages-2Mi': '0',
    memory: `${Math.floor(memory / 1024)}Ki`,
    pods: String(pods),
  };
  const allocatable = {
    cpu: formatMilli(allocCpu),
    'ephemeral-storage': String(allocStorage),
    'hugepages-1Gi': '0',
    'hugepages-2Mi': '0',
    memory: `${Math.floor(allocMemory / 1024)}Ki`,
    pods: String(pods),
  };
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': name,
    'kubernetes.io/os': 'linux',
  };
  if (config.zone) {
    labels['topology.kubernetes.io/zone'] = config.zone;
    labels['topology.kubernetes.io/region'] = config.zone.replace(/-?[a-z]$/, '');
  }
  Object.assign(labels, config.labels);
  return {
    nodeName: name,
    index,
    internalIP: config.internalIP ?? nodeInternalIP(index),
    labels,
    taints: config.registerWithTaints ?? [],
    capacity,
    allocatable,
    allocatableCpuMilli: allocCpu,
    allocatableMemoryBytes: allocMemory,
    allocatablePods: pods,
    statusUpdateMs: config.nodeStatusUpdateFrequencyMs ?? 10_000,
    statusReportMs: config.nodeStatusReportFrequencyMs ?? 5 * 60_000,
    leaseDurationSeconds: config.nodeLeaseDurationSeconds ?? 40,
    startSeconds: config.startSeconds ?? DEFAULT_START_SECONDS,
    runtime: config.runtime ?? `containerd/${name}`,
    podCIDRWaitMs: config.podCIDRWaitMs ?? 5_000,
    fallbackPodCIDR: config.fallbackPodCIDR ?? `10.244.${index % 256}.0/24`,
    ...(config.apiserver ? { apiserver: config.apiserver } : {}),
  };
}
