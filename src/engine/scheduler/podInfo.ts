/**
 * framework.NewPodInfo: everything the plugins need from a pod, computed once when the pod is
 * seen, so a scheduling cycle over a thousand nodes never re-reads the pod's spec.
 */
import { labelSelectorFromObject, nothing, type LabelSelector } from '../api/labels.ts';
import type { KubeObject } from '../api/objects.ts';
import { toMilli, toNumber } from '../api/quantity.ts';
import {
  DEFAULT_MEMORY_REQUEST,
  DEFAULT_MILLI_CPU_REQUEST,
  type AffinityTerm,
  type HostPort,
  type NodeSelectorTerm,
  type PodInfo,
  type Toleration,
  type WeightedAffinityTerm,
} from './types.ts';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {};
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

// Quantities repeat across thousands of pods; parsing them exactly (BigInt) once is enough.
const milliMemo = new Map<string, number>();
const valueMemo = new Map<string, number>();

function memo(cache: Map<string, number>, q: unknown, parse: (s: string) => number): number {
  if (typeof q === 'number') return parse(String(q));
  if (typeof q !== 'string') return 0;
  let v = cache.get(q);
  if (v === undefined) {
    v = parse(q);
    if (!Number.isFinite(v)) v = 0;
    if (cache.size > 10_000) cache.clear();
    cache.set(q, v);
  }
  return v;
}

export const milliOf = (q: unknown): number => memo(milliMemo, q, toMilli);
export const valueOf = (q: unknown): number => memo(valueMemo, q, toNumber);

interface Req {
  cpu: number;
  mem: number;
  hasCpu: boolean;
  hasMem: boolean;
}

function containerRequests(c: Obj): Req {
  const requests = obj(obj(c.resources).requests);
  return {
    cpu: milliOf(requests.cpu),
    mem: valueOf(requests.memory),
    hasCpu: 'cpu' in requests,
    hasMem: 'memory' in requests,
  };
}

/**
 * resourcehelper.PodRequests for cpu and memory: the sum of app containers (and sidecars, init
 * containers with restartPolicy Always), at least the largest init container (plus the sidecars
 * started before it), plus the pod overhead. With `nonZero`, a container that requests no cpu
 * or memory counts as 100m / 200Mi (NonMissingContainerRequests).
 */
export function podRequests(spec: Obj, nonZero: boolean): { cpu: number; mem: number } {
  const value = (r: Req) => ({
    cpu: nonZero && !r.hasCpu ? DEFAULT_MILLI_CPU_REQUEST : r.cpu,
    mem: nonZero && !r.hasMem ? DEFAULT_MEMORY_REQUEST : r.mem,
  });
  let cpu = 0;
  let mem = 0;
  for (const c of arr(spec.containers)) {
    const r = value(containerRequests(c));
    cpu += r.cpu;
    mem += r.mem;
  }
  let sidecarCpu = 0;
  let sidecarMem = 0;
  let initCpu = 0;
  let initMem = 0;
  for (const c of arr(spec.initContainers)) {
    const r = value(containerRequests(c));
    let cCpu: number;
    let cMem: number;
    if (c.restartPolicy === 'Always') {
      cpu += r.cpu;
      mem += r.mem;
      sidecarCpu += r.cpu;
      sidecarMem += r.mem;
      cCpu = sidecarCpu;
      cMem = sidecarMem;
    } else {
      cCpu = r.cpu + sidecarCpu;
      cMem = r.mem + sidecarMem;
    }
    initCpu = Math.max(initCpu, cCpu);
    initMem = Math.max(initMem, cMem);
  }
  cpu = Math.max(cpu, initCpu);
  mem = Math.max(mem, initMem);
  const overhead = obj(spec.overhead);
  if ('cpu' in overhead) cpu += milliOf(overhead.cpu);
  if ('memory' in overhead) mem += valueOf(overhead.memory);
  return { cpu, mem };
}

/** ImageLocality's normalizedImageName: an image without a tag means `:latest`. */
export function normalizedImageName(name: string): string {
  return name.lastIndexOf(':') <= name.lastIndexOf('/') ? `${name}:latest` : name;
}

function hostPorts(spec: Obj): HostPort[] {
  const out: HostPort[] = [];
  for (const c of arr(spec.containers))
    for (const p of arr(c.ports)) {
      const port = typeof p.hostPort === 'number' ? p.hostPort : 0;
      if (port <= 0) continue;
      out.push({ ip: str(p.hostIP) || '0.0.0.0', protocol: str(p.protocol) || 'TCP', port });
    }
  return out;
}

export function parseNodeSelectorTerm(t: Obj): NodeSelectorTerm {
  const reqs = (v: unknown) =>
    arr(v).map((r) => ({
      key: str(r.key),
      operator: str(r.operator),
      values: Array.isArray(r.values) ? (r.values as unknown[]).map(String) : [],
    }));
  return { matchExpressions: reqs(t.matchExpressions), matchFields: reqs(t.matchFields) };
}

function selectorOf(v: unknown): LabelSelector {
  if (v === undefined || v === null) return nothing;
  const r = labelSelectorFromObject(v as Parameters<typeof labelSelectorFromObject>[0]);
  return r.ok ? r.selector : nothing;
}

/** framework.newAffinityTerm: no namespaces and no namespace selector means the pod's own namespace. */
function affinityTerm(term: Obj, namespace: string): AffinityTerm {
  const namespaces = Array.isArray(term.namespaces) ? (term.namespaces as string[]) : [];
  const hasNsSelector = term.namespaceSelector !== undefined && term.namespaceSelector !== null;
  return {
    namespaces: namespaces.length === 0 && !hasNsSelector ? [namespace] : [...namespaces],
    namespaceSelector: hasNsSelector ? selectorOf(term.namespaceSelector) : nothing,
    selector: selectorOf(term.labelSelector),
    topologyKey: str(term.topologyKey),
  };
}

function weightedTerms(v: unknown, namespace: string): WeightedAffinityTerm[] {
  const out: WeightedAffinityTerm[] = [];
  for (const w of arr(v)) {
    const weight = typeof w.weight === 'number' ? w.weight : 0;
    if (weight === 0) continue;
    out.push({ ...affinityTerm(obj(w.podAffinityTerm), namespace), weight });
  }
  return out;
}

function tolerations(spec: Obj): Toleration[] {
  return arr(spec.tolerations).map((t) => ({
    key: str(t.key),
    operator: str(t.operator),
    value: str(t.value),
    effect: str(t.effect),
  }));
}

export function newPodInfo(pod: KubeObject): PodInfo {
  const spec = obj(pod.spec);
  const namespace = pod.metadata.namespace ?? '';
  const affinity = obj(spec.affinity);
  const nodeAffinity = obj(affinity.nodeAffinity);
  const required = nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution;
  const podAffinity = obj(affinity.podAffinity);
  const podAntiAffinity = obj(affinity.podAntiAffinity);
  const req = podRequests(spec, false);
  const nz = podRequests(spec, true);
  const images = [...arr(spec.initContainers), ...arr(spec.containers)].map((c) =>
    normalizedImageName(str(c.image)),
  );
  const preferredNodeTerms: PodInfo['preferredNodeTerms'] = [];
  for (const p of arr(nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution)) {
    const weight = typeof p.weight === 'number' ? p.weight : 0;
    if (weight !== 0)
      preferredNodeTerms.push({ weight, term: parseNodeSelectorTerm(obj(p.preference)) });
  }
  const nodeSelector = spec.nodeSelector as Record<string, string> | undefined;
  return {
    key: `${namespace}/${pod.metadata.name ?? ''}`,
    namespace,
    name: pod.metadata.name ?? '',
    uid: pod.metadata.uid ?? '',
    labels: (pod.metadata.labels as Record<string, string> | undefined) ?? {},
    nodeName: str(spec.nodeName),
    schedulerName: str(spec.schedulerName),
    priority: typeof spec.priority === 'number' ? spec.priority : 0,
    deleting: !!pod.metadata.deletionTimestamp,
    reqCpu: req.cpu,
    reqMem: req.mem,
    nzCpu: nz.cpu,
    nzMem: nz.mem,
    hostPorts: hostPorts(spec),
    tolerations: tolerations(spec),
    nodeSelector: nodeSelector && Object.keys(nodeSelector).length ? nodeSelector : null,
    requiredNodeTerms:
      required && typeof required === 'object'
        ? arr(obj(required).nodeSelectorTerms).map(parseNodeSelectorTerm)
        : null,
    preferredNodeTerms,
    requiredAffinityTerms: arr(podAffinity.requiredDuringSchedulingIgnoredDuringExecution).map(
      (t) => affinityTerm(t, namespace),
    ),
    requiredAntiAffinityTerms: arr(
      podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution,
    ).map((t) => affinityTerm(t, namespace)),
    preferredAffinityTerms: weightedTerms(
      podAffinity.preferredDuringSchedulingIgnoredDuringExecution,
      namespace,
    ),
    preferredAntiAffinityTerms: weightedTerms(
      podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution,
      namespace,
    ),
    images,
    schedulingGates: arr(spec.schedulingGates).length,
    preemptionPolicy: str(spec.preemptionPolicy) || 'PreemptLowerPriority',
    pod,
  };
}

export function hasAffinity(p: PodInfo): boolean {
  return (
    p.requiredAffinityTerms.length > 0 ||
    p.requiredAntiAffinityTerms.length > 0 ||
    p.preferredAffinityTerms.length > 0 ||
    p.preferredAntiAffinityTerms.length > 0
  );
}
