/**
 * The scheduler's plain-data model: what it knows about each pod (PodInfo, computed once when the
 * pod is seen, like framework.PodInfo) and each node (NodeInfo, kept incrementally like the
 * scheduler cache's NodeInfo), and the statuses plugins return.
 */
import type { LabelSelector } from '../api/labels.ts';
import type { KubeObject } from '../api/objects.ts';

/** framework.MaxNodeScore */
export const MAX_NODE_SCORE = 100;
/** schedutil.DefaultMilliCPURequest: what a container without a cpu request counts as, for scoring. */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
/** schedutil.DefaultMemoryRequest: 200 MiB. */
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;
export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';
export const LABEL_HOSTNAME = 'kubernetes.io/hostname';
export const LABEL_ZONE = 'topology.kubernetes.io/zone';
export const LABEL_REGION = 'topology.kubernetes.io/region';

export interface Taint {
  key: string;
  value: string;
  effect: string;
}

export interface Toleration {
  key: string;
  operator: string;
  value: string;
  effect: string;
}

export interface HostPort {
  ip: string;
  protocol: string;
  port: number;
}

/** One NodeSelectorRequirement, parsed. */
export interface NodeSelectorRequirement {
  key: string;
  operator: string;
  values: string[];
}

/** A NodeSelectorTerm: its requirements are ANDed; an empty term matches nothing. */
export interface NodeSelectorTerm {
  matchExpressions: NodeSelectorRequirement[];
  matchFields: NodeSelectorRequirement[];
}

/** framework.AffinityTerm: namespaces and namespace selector already resolved to data. */
export interface AffinityTerm {
  namespaces: string[];
  /** nil selects nothing (labels.Nothing()), {} everything. */
  namespaceSelector: LabelSelector;
  selector: LabelSelector;
  topologyKey: string;
}

export interface WeightedAffinityTerm extends AffinityTerm {
  weight: number;
}

export interface TopologySpreadConstraintSpec {
  maxSkew: number;
  topologyKey: string;
  whenUnsatisfiable: string;
  selector: LabelSelector;
  minDomains: number;
  nodeAffinityPolicy: string;
  nodeTaintsPolicy: string;
}

export interface PodInfo {
  key: string;
  namespace: string;
  name: string;
  uid: string;
  labels: Record<string, string>;
  nodeName: string;
  schedulerName: string;
  priority: number;
  deleting: boolean;
  /** resource.PodRequests: cpu in millicores, memory in bytes. */
  reqCpu: number;
  reqMem: number;
  /** The same with 100m / 200Mi for containers that request nothing (NonZeroRequested). */
  nzCpu: number;
  nzMem: number;
  hostPorts: HostPort[];
  tolerations: Toleration[];
  nodeSelector: Record<string, string> | null;
  /** null when the pod has no required node affinity. */
  requiredNodeTerms: NodeSelectorTerm[] | null;
  preferredNodeTerms: { weight: number; term: NodeSelectorTerm }[];
  requiredAffinityTerms: AffinityTerm[];
  requiredAntiAffinityTerms: AffinityTerm[];
  preferredAffinityTerms: WeightedAffinityTerm[];
  preferredAntiAffinityTerms: WeightedAffinityTerm[];
  /** Normalized image names of init and app containers, in that order. */
  images: string[];
  schedulingGates: number;
  preemptionPolicy: string;
  /** The pod object itself (shared with the informer: read only). */
  pod: KubeObject;
}

export interface NodeInfo {
  name: string;
  /** null while only pods refer to the node (the cache keeps them until it arrives). */
  node: KubeObject | null;
  labels: Record<string, string>;
  taints: Taint[];
  unschedulable: boolean;
  zoneKey: string;
  allocCpu: number;
  allocMem: number;
  allocPods: number;
  reqCpu: number;
  reqMem: number;
  nzCpu: number;
  nzMem: number;
  pods: PodInfo[];
  podsWithAffinity: number;
  podsWithRequiredAntiAffinity: number;
  usedPorts: HostPort[];
  /** node.status.images: normalized name -> size in bytes. */
  imageSizes: Record<string, number>;
  /** Bumped whenever the node's pods change: memoized selector counts are valid for one generation. */
  generation: number;
  /** (namespace + selector) -> matching pods on this node, at `generation`. */
  matchMemo: Map<string, number>;
  memoGeneration: number;
}

export type StatusCode = 'Unschedulable' | 'UnschedulableAndUnresolvable';

/** A plugin's non-success status for one node. */
export interface FilterStatus {
  plugin: string;
  code: StatusCode;
  reasons: string[];
}
