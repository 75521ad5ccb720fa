/**
 * The scheduler cache (pkg/scheduler/internal/cache): one NodeInfo per node with the requests of
 * its pods summed incrementally, plus "assumed" pods, which count on their node from the moment
 * the scheduler picks it until the bound pod comes back through the informer (or the binding
 * fails and the pod is forgotten). The node list is ordered as the cache's nodeTree lists it:
 * round-robin over zones, so consecutive nodes in a cycle come from different zones.
 */
import { StringPool } from '../../shared/index.ts';
import type { KubeObject } from '../api/objects.ts';
import { hasAffinity, milliOf, normalizedImageName, valueOf } from './podInfo.ts';
import {
  newSpreadCounts,
  spreadNodeChanged,
  spreadPodChanged,
  type SpreadCounts,
} from './spreadCounts.ts';
import { LABEL_REGION, LABEL_ZONE, type NodeInfo, type PodInfo, type Taint } from './types.ts';

interface PodState {
  pod: PodInfo;
  assumed: boolean;
  bindingFinished: boolean;
}

export interface SchedulerCache {
  nodes: Map<string, NodeInfo>;
  podStates: Map<string, PodState>;
  /** image name -> how many nodes have it (ImageStateSummary.NumNodes). */
  imageNodes: Map<string, number>;
  /** nodeTree: zone key -> node names in the order they were added; zones in first-seen order. */
  zones: string[];
  byZone: Map<string, string[]>;
  /** The snapshot's nodeInfoList order; rebuilt when nodes come or go. */
  order: NodeInfo[];
  orderDirty: boolean;
  /** PodTopologySpread's matching-pod counts per selector, node and domain, kept incrementally. */
  spread: SpreadCounts;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {};

export function newCache(): SchedulerCache {
  return {
    nodes: new Map(),
    podStates: new Map(),
    imageNodes: new Map(),
    zones: [],
    byZone: new Map(),
    order: [],
    orderDirty: false,
    spread: newSpreadCounts(),
  };
}

function emptyNodeInfo(name: string): NodeInfo {
  return {
    name,
    node: null,
    labels: {},
    taints: [],
    unschedulable: false,
    zoneKey: '',
    allocCpu: 0,
    allocMem: 0,
    allocPods: 0,
    reqCpu: 0,
    reqMem: 0,
    nzCpu: 0,
    nzMem: 0,
    pods: [],
    podsWithAffinity: 0,
    podsWithRequiredAntiAffinity: 0,
    usedPorts: [],
    imageSizes: {},
    generation: 0,
    matchMemo: new Map(),
    memoGeneration: 0,
  };
}

/** utilnode.GetZoneKey: region and zone, or "" when the node has neither. */
function zoneKey(labels: Record<string, string>): string {
  const region = labels[LABEL_REGION] ?? labels['failure-domain.beta.kubernetes.io/region'] ?? '';
  const zone = labels[LABEL_ZONE] ?? labels['failure-domain.beta.kubernetes.io/zone'] ?? '';
  return region === '' && zone === '' ? '' : `${region}:\u0000:${zone}`;
}

function treeAdd(c: SchedulerCache, zone: string, name: string): void {
  let names = c.byZone.get(zone);
  if (!names) {
    c.byZone.set(zone, (names = []));
    c.zones.push(zone);
  }
  names.push(name);
  c.orderDirty = true;
}

function treeRemove(c: SchedulerCache, zone: string, name: string): void {
  const names = c.byZone.get(zone);
  if (!names) return;
  const i = names.indexOf(name);
  if (i >= 0) names.splice(i, 1);
  if (names.length === 0) {
    c.byZone.delete(zone);
    c.zones.splice(c.zones.indexOf(zone), 1);
  }
  c.orderDirty = true;
}

/** The snapshot's node list (nodeTree.list()): one node from each zone in turn. */
export function nodeList(c: SchedulerCache): NodeInfo[] {
  if (!c.orderDirty) return c.order;
  const order: NodeInfo[] = [];
  const lists = c.zones.map((z) => c.byZone.get(z) ?? []);
  for (let i = 0, left = true; left; i++) {
    left = false;
    for (const names of lists) {
      const name = names[i];
      if (name === undefined) continue;
      left = true;
      const info = c.nodes.get(name);
      if (info?.node) order.push(info);
    }
  }
  c.order = order;
  c.orderDirty = false;
  return order;
}

function setImages(c: SchedulerCache, info: NodeInfo, node: KubeObject | null): void {
  for (const name of Object.keys(info.imageSizes)) {
    const n = (c.imageNodes.get(name) ?? 1) - 1;
    if (n > 0) c.imageNodes.set(name, n);
    else c.imageNodes.delete(name);
  }
  info.imageSizes = {};
  if (!node) return;
  for (const image of (obj(node.status).images as Obj[] | undefined) ?? []) {
    const size = typeof image.sizeBytes === 'number' ? image.sizeBytes : 0;
    for (const n of (image.names as string[] | undefined) ?? []) {
      const name = normalizedImageName(n);
      if (name in info.imageSizes) continue;
      info.imageSizes[name] = size;
      c.imageNodes.set(name, (c.imageNodes.get(name) ?? 0) + 1);
    }
  }
}

/**
 * Label values as one string per text across nodes: a zone's name, read from each node's own
 * copy, was compared letter by letter with the domain counts' key for every node of every pod.
 */
const labelValues = new StringPool();

/** AddNode / UpdateNode: the node's allocatable, labels, taints and images. */
export function setNode(c: SchedulerCache, node: KubeObject): NodeInfo {
  const name = node.metadata.name ?? '';
  let info = c.nodes.get(name);
  if (!info) c.nodes.set(name, (info = emptyNodeInfo(name)));
  const spec = obj(node.spec);
  const alloc = obj(obj(node.status).allocatable);
  const labels = (node.metadata.labels as Record<string, string> | undefined) ?? {};
  const zone = zoneKey(labels);
  if (!info.node) treeAdd(c, zone, name);
  else if (info.zoneKey !== zone) {
    treeRemove(c, info.zoneKey, name);
    treeAdd(c, zone, name);
  }
  spreadNodeChanged(c.spread, info, -1);
  info.node = node;
  info.labels = labelValues.canonicalValues(labels);
  info.zoneKey = zone;
  info.unschedulable = spec.unschedulable === true;
  info.taints = ((spec.taints as Obj[] | undefined) ?? []).map((t): Taint => ({
    key: String(t.key ?? ''),
    value: String(t.value ?? ''),
    effect: String(t.effect ?? ''),
  }));
  info.allocCpu = milliOf(alloc.cpu);
  info.allocMem = valueOf(alloc.memory);
  info.allocPods = valueOf(alloc.pods);
  setImages(c, info, node);
  spreadNodeChanged(c.spread, info, 1);
  return info;
}

/** RemoveNode: the NodeInfo stays while pods still point at it (they leave through their own deletes). */
export function removeNode(c: SchedulerCache, name: string): void {
  const info = c.nodes.get(name);
  if (!info?.node) return;
  treeRemove(c, info.zoneKey, name);
  setImages(c, info, null);
  spreadNodeChanged(c.spread, info, -1);
  info.node = null;
  if (info.pods.length === 0) c.nodes.delete(name);
}

function addPodToNode(c: SchedulerCache, p: PodInfo): void {
  let info = c.nodes.get(p.nodeName);
  if (!info) c.nodes.set(p.nodeName, (info = emptyNodeInfo(p.nodeName)));
  info.pods.push(p);
  info.generation++;
  spreadPodChanged(c.spread, info, p, 1);
  info.reqCpu += p.reqCpu;
  info.reqMem += p.reqMem;
  info.nzCpu += p.nzCpu;
  info.nzMem += p.nzMem;
  if (hasAffinity(p)) info.podsWithAffinity++;
  if (p.requiredAntiAffinityTerms.length) info.podsWithRequiredAntiAffinity++;
  for (const hp of p.hostPorts) info.usedPorts.push(hp);
}

function removePodFromNode(c: SchedulerCache, p: PodInfo): void {
  const info = c.nodes.get(p.nodeName);
  if (!info) return;
  const i = info.pods.findIndex((q) => q.key === p.key);
  if (i < 0) return;
  const [removed] = info.pods.splice(i, 1);
  info.generation++;
  if (removed) spreadPodChanged(c.spread, info, removed, -1);
  info.reqCpu -= p.reqCpu;
  info.reqMem -= p.reqMem;
  info.nzCpu -= p.nzCpu;
  info.nzMem -= p.nzMem;
  if (hasAffinity(p)) info.podsWithAffinity--;
  if (p.requiredAntiAffinityTerms.length) info.podsWithRequiredAntiAffinity--;
  if (p.hostPorts.length) info.usedPorts = info.pods.flatMap((q) => q.hostPorts);
  if (!info.node && info.pods.length === 0) c.nodes.delete(p.nodeName);
}

/** AssumePod: the pod counts on its chosen node before the binding is confirmed. */
export function assumePod(c: SchedulerCache, p: PodInfo): void {
  addPodToNode(c, p);
  c.podStates.set(p.key, { pod: p, assumed: true, bindingFinished: false });
}

export function finishBinding(c: SchedulerCache, key: string): void {
  const s = c.podStates.get(key);
  if (s) s.bindingFinished = true;
}

/** ForgetPod: the binding failed; give the node its resources back. */
export function forgetPod(c: SchedulerCache, key: string): void {
  const s = c.podStates.get(key);
  if (!s?.assumed) return;
  removePodFromNode(c, s.pod);
  c.podStates.delete(key);
}

export function isAssumed(c: SchedulerCache, key: string): boolean {
  return c.podStates.get(key)?.assumed === true;
}

/** AddPod / UpdatePod: an assigned pod from the informer (confirming an assumed one). */
export function setPod(c: SchedulerCache, p: PodInfo): void {
  const s = c.podStates.get(p.key);
  if (s) removePodFromNode(c, s.pod);
  addPodToNode(c, p);
  c.podStates.set(p.key, { pod: p, assumed: false, bindingFinished: true });
}

/**
 * UpdatePod for a version that keeps everything a PodInfo is made of (the spec, the labels, the
 * uid and whether the pod is being deleted): a status write, the usual update of an assigned pod.
 * The cached PodInfo takes the new object and the node's sums stay, as removing and adding it
 * again would compute them; unlike that, the pod keeps its place in the node's list and the
 * node's generation stays (nothing a plugin counts changed). Undefined when the pod is not
 * cached as confirmed, or changed.
 */
export function refreshPod(
  c: SchedulerCache,
  key: string,
  old: KubeObject,
  pod: KubeObject,
): PodInfo | undefined {
  const s = c.podStates.get(key);
  if (!s || s.assumed || s.pod.pod !== old) return undefined;
  const before = old.metadata;
  const after = pod.metadata;
  if (
    old.spec !== pod.spec ||
    before.labels !== after.labels ||
    before.uid !== after.uid ||
    !before.deletionTimestamp !== !after.deletionTimestamp
  )
    return undefined;
  s.pod.pod = pod;
  return s.pod;
}

export function removePod(c: SchedulerCache, key: string): void {
  const s = c.podStates.get(key);
  if (!s) return;
  removePodFromNode(c, s.pod);
  c.podStates.delete(key);
}
