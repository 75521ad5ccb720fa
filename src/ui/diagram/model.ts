/**
 * What the diagram shows, read from a snapshot: the components with their status, each machine
 * with its Node's state and its pods, the pods no node has yet, and the Services with the pods
 * their EndpointSlices list. Statuses are kubectl's own words (the engine's printers), so the
 * diagram and the tables never disagree.
 */
import type { Node, Pod, Taint } from 'kubernetes-types/core/v1';
import {
  nodeStatus,
  podReady,
  podRestarts,
  podStatus,
  type KubeObject,
} from '../../engine/display.ts';
import type { ComponentView } from '../../runtime/view.ts';
import { nodeAllocation, type Allocation } from './allocation.ts';
import { naturalCompare } from './slots.ts';

/** How a status reads at a glance: the colour family of a pod or node badge. */
export type Tone = 'ok' | 'progress' | 'warn' | 'error' | 'done' | 'terminating';

export interface PodView {
  /** namespace/name: what a Service's EndpointSlice and the selection refer to. */
  key: string;
  name: string;
  namespace: string;
  uid: string;
  node: string | undefined;
  /** kubectl's STATUS column. */
  status: string;
  /** kubectl's READY column, "1/1". */
  ready: string;
  restarts: number;
  terminating: boolean;
  tone: Tone;
  /** The controlling owner (a ReplicaSet, a Job...), for grouping many pods. */
  owner: string | undefined;
  ownerKind: string | undefined;
}

export interface NodeView {
  name: string;
  /** False while the kubelet runs but has not registered its Node yet. */
  registered: boolean;
  /** kubectl get nodes' STATUS ("Ready", "NotReady,SchedulingDisabled"), or "Not registered". */
  status: string;
  condition: 'Ready' | 'NotReady' | 'Unknown' | 'Unregistered';
  cordoned: boolean;
  /** As kubectl describe prints them: key=value:Effect. */
  taints: string[];
  allocation: Allocation;
  /** Oldest first. */
  pods: PodView[];
}

export interface ServiceView {
  key: string;
  name: string;
  namespace: string;
  type: string;
  clusterIP: string;
  /** The pods its EndpointSlices list, with their readiness. */
  endpoints: { pod: string; ready: boolean }[];
  /** The `kubernetes` Service: its endpoint is the apiserver itself. */
  apiserver: boolean;
}

export interface DiagramModel {
  components: ReadonlyMap<string, ComponentView>;
  /** In name order; the layout keeps each where it first appeared. */
  nodes: NodeView[];
  /** Pods not bound to any node yet (the scheduler's queue), oldest first. */
  pending: PodView[];
  services: ServiceView[];
  podCount: number;
}

export interface ModelInput {
  components: readonly ComponentView[];
  nodes: readonly KubeObject[];
  pods: readonly KubeObject[];
  services: readonly KubeObject[];
  endpointSlices: readonly KubeObject[];
}

const ERROR_STATUS =
  /BackOff|Err|Error|OOMKilled|Failed|Evicted|Invalid|ContainerStatusUnknown|Signal|ExitCode/;

/** The colour family of kubectl's pod STATUS. */
export function podTone(status: string, ready: string): Tone {
  if (status === 'Terminating') return 'terminating';
  if (status === 'Completed' || status === 'Succeeded') return 'done';
  if (status === 'Unknown' || status === 'NodeLost') return 'warn';
  if (ERROR_STATUS.test(status)) return 'error';
  if (status === 'Running') {
    const [r, t] = ready.split('/');
    return r === t ? 'ok' : 'progress';
  }
  return 'progress';
}

function formatTaint(t: Taint): string {
  return `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`;
}

function created(o: KubeObject): string {
  return o.metadata.creationTimestamp ?? '';
}

function byAge(a: PodView & { created: string }, b: PodView & { created: string }): number {
  if (a.created !== b.created) return a.created < b.created ? -1 : 1;
  return naturalCompare(a.key, b.key);
}

/** Views of unchanged pods are reused: the runtime keeps an object's identity until it changes. */
const podViews = new WeakMap<KubeObject, PodView & { created: string }>();

export function podView(obj: KubeObject): PodView & { created: string } {
  const cached = podViews.get(obj);
  if (cached) return cached;
  const view = computePodView(obj);
  podViews.set(obj, view);
  return view;
}

function computePodView(obj: KubeObject): PodView & { created: string } {
  const pod = obj as unknown as Pod;
  const status = podStatus(pod);
  const ready = podReady(pod);
  const owner = obj.metadata.ownerReferences?.find((r) => r.controller);
  const namespace = obj.metadata.namespace ?? 'default';
  const name = obj.metadata.name ?? '';
  return {
    key: `${namespace}/${name}`,
    name,
    namespace,
    uid: obj.metadata.uid ?? '',
    node: pod.spec?.nodeName || undefined,
    status,
    ready,
    // Only the count fits on a pod; the "(5m ago)" part of kubectl's column is left out.
    restarts: Number.parseInt(podRestarts(pod, 0), 10) || 0,
    terminating: obj.metadata.deletionTimestamp !== undefined,
    tone: podTone(status, ready),
    owner: owner?.name,
    ownerKind: owner?.kind,
    created: created(obj),
  };
}

function strip(p: PodView & { created: string }): PodView {
  const { created: _created, ...view } = p;
  return view;
}

function nodeView(name: string, obj: KubeObject | undefined, pods: KubeObject[], views: PodView[]) {
  const node = obj as unknown as Node | undefined;
  const status = node ? nodeStatus(node) : 'Not registered';
  const condition = node
    ? (status.split(',')[0] as NodeView['condition'])
    : ('Unregistered' as const);
  const view: NodeView = {
    name,
    registered: node !== undefined,
    status,
    condition,
    cordoned: node?.spec?.unschedulable === true,
    taints: (node?.spec?.taints ?? []).map(formatTaint),
    allocation: nodeAllocation(obj, pods),
    pods: views,
  };
  return view;
}

function serviceView(obj: KubeObject, slices: readonly KubeObject[]): ServiceView {
  const namespace = obj.metadata.namespace ?? 'default';
  const name = obj.metadata.name ?? '';
  const spec = (obj.spec ?? {}) as { type?: string; clusterIP?: string };
  const endpoints: ServiceView['endpoints'] = [];
  for (const slice of slices) {
    if (slice.metadata.namespace !== namespace) continue;
    if (slice.metadata.labels?.['kubernetes.io/service-name'] !== name) continue;
    const list = (slice as { endpoints?: unknown }).endpoints as
      | {
          targetRef?: { kind?: string; name?: string; namespace?: string };
          conditions?: { ready?: boolean };
        }[]
      | undefined;
    for (const e of list ?? []) {
      if (e.targetRef?.kind !== 'Pod' || !e.targetRef.name) continue;
      endpoints.push({
        pod: `${e.targetRef.namespace ?? namespace}/${e.targetRef.name}`,
        // EndpointConditions: a nil ready means ready.
        ready: e.conditions?.ready !== false,
      });
    }
  }
  return {
    key: `${namespace}/${name}`,
    name,
    namespace,
    type: spec.type ?? 'ClusterIP',
    clusterIP: spec.clusterIP ?? '',
    endpoints,
    apiserver: namespace === 'default' && name === 'kubernetes',
  };
}

export function buildModel(input: ModelInput): DiagramModel {
  const components = new Map(input.components.map((c) => [c.id, c]));
  const nodeObjects = new Map(input.nodes.map((n) => [n.metadata.name ?? '', n]));
  const names = new Set(nodeObjects.keys());
  for (const c of input.components) if (c.node !== undefined) names.add(c.node);

  const podsByNode = new Map<string, KubeObject[]>();
  const viewsByNode = new Map<string, (PodView & { created: string })[]>();
  const pending: (PodView & { created: string })[] = [];
  for (const obj of input.pods) {
    const view = podView(obj);
    if (view.node === undefined) {
      pending.push(view);
      continue;
    }
    names.add(view.node);
    const objs = podsByNode.get(view.node) ?? [];
    const views = viewsByNode.get(view.node) ?? [];
    objs.push(obj);
    views.push(view);
    podsByNode.set(view.node, objs);
    viewsByNode.set(view.node, views);
  }

  const nodes = [...names]
    .sort(naturalCompare)
    .map((name) =>
      nodeView(
        name,
        nodeObjects.get(name),
        podsByNode.get(name) ?? [],
        (viewsByNode.get(name) ?? []).sort(byAge).map(strip),
      ),
    );
  return {
    components,
    nodes,
    pending: pending.sort(byAge).map(strip),
    services: input.services
      .map((s) => serviceView(s, input.endpointSlices))
      .sort((a, b) => naturalCompare(a.key, b.key)),
    podCount: input.pods.length,
  };
}
