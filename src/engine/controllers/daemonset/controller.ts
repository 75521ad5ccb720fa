/**
 * The DaemonSet controller (pkg/controller/daemon): one pod per node the DaemonSet's pod fits,
 * following nodes as they join, change and leave; old pods replaced node by node within
 * maxUnavailable on a RollingUpdate; and the status counts.
 */
import { deepEqual } from '../../../shared/index.ts';
import { objectKey, splitKey, type KubeObject } from '../../api/objects.ts';
import {
  Lister,
  WorkQueue,
  isSuccess,
  messageOf,
  sendCreate,
  sendDelete,
  sendUpdateStatus,
} from '../../client/index.ts';
import type { ControllerDefinition, ControllerKit } from '../framework.ts';
import { expect as expectOps, observe, satisfied, type Expectations } from './expectations.ts';
import { nodeShouldRunDaemonPod } from './predicates.ts';
import {
  computeHash,
  daemonPodSpec,
  newDaemonPod,
  targetNodeName,
  templateOf,
} from './podTemplate.ts';
import {
  byCreation,
  compactStatus,
  isPodAvailable,
  isPodReady,
  isPodUpdated,
  type DaemonSetStatus,
} from './status.ts';

const DAEMONSETS = 'daemonsets.apps';

export interface DaemonSetControllerState {
  expectations: Record<string, Expectations>;
}

interface DaemonSetSpecView {
  minReadySeconds?: number;
  updateStrategy?: { type?: string; rollingUpdate?: { maxUnavailable?: number | string } };
}

function controllerOf(pod: KubeObject): string | undefined {
  const ref = pod.metadata.ownerReferences?.find((r) => r.controller);
  return ref?.kind === 'DaemonSet' && ref.apiVersion.startsWith('apps/')
    ? `${pod.metadata.namespace}/${ref.name}`
    : undefined;
}

function ownedPods(ds: KubeObject, kit: ControllerKit): KubeObject[] {
  return Lister.list(kit.informer('pods'), { namespace: ds.metadata.namespace ?? '' }).filter((p) =>
    p.metadata.ownerReferences?.some((r) => r.controller && r.uid === ds.metadata.uid),
  );
}

/** getNodesToDaemonPods, leaving out pods that are both deleted and finished. */
function nodesToDaemonPods(pods: KubeObject[]): Map<string, KubeObject[]> {
  const map = new Map<string, KubeObject[]>();
  for (const pod of pods) {
    const phase = (pod.status as { phase?: string } | undefined)?.phase;
    if (pod.metadata.deletionTimestamp && (phase === 'Succeeded' || phase === 'Failed')) continue;
    const node = targetNodeName(pod);
    if (!node) continue;
    map.set(node, [...(map.get(node) ?? []), pod]);
  }
  for (const list of map.values()) list.sort(byCreation);
  return map;
}

function nowSeconds(kit: ControllerKit): number {
  return kit.settings.startSeconds + kit.ctx.now / 1000;
}

/** manage: which nodes need a pod, and which pods must go. */
function manage(
  state: DaemonSetControllerState,
  key: string,
  ds: KubeObject,
  nodes: KubeObject[],
  byNode: Map<string, KubeObject[]>,
  hash: string,
  kit: ControllerKit,
): number {
  const spec = daemonPodSpec(ds);
  const create: string[] = [];
  const remove: KubeObject[] = [];
  for (const node of nodes) {
    const name = node.metadata.name ?? '';
    const pods = byNode.get(name) ?? [];
    const { shouldRun, shouldContinueRunning } = nodeShouldRunDaemonPod(spec, node);
    if (shouldRun && pods.length === 0) create.push(name);
    else if (shouldContinueRunning) {
      const running: KubeObject[] = [];
      for (const pod of pods) {
        if (pod.metadata.deletionTimestamp) continue;
        if ((pod.status as { phase?: string } | undefined)?.phase === 'Failed') {
          kit.event(
            ds,
            'Warning',
            'FailedDaemonPod',
            `Found failed daemon pod ${pod.metadata.namespace}/${pod.metadata.name} on node ${name}, will try to kill it`,
          );
          remove.push(pod);
        } else running.push(pod);
      }
      // More than one daemon pod on a node: keep the oldest.
      remove.push(...running.slice(1));
    } else if (!shouldContinueRunning) {
      remove.push(...pods.filter((p) => !p.metadata.deletionTimestamp));
    }
  }
  // Unscheduled pods aimed at nodes that no longer exist can never be scheduled, and PodGC only
  // collects bound pods: this controller deletes them (getUnscheduledPodsWithoutNode).
  for (const [n, pods] of byNode) {
    if (nodes.some((node) => node.metadata.name === n)) continue;
    for (const pod of pods)
      if (
        !(pod.spec as { nodeName?: string } | undefined)?.nodeName &&
        !pod.metadata.deletionTimestamp
      )
        remove.push(pod);
  }
  syncNodes(state, key, ds, remove, create, hash, kit);
  return remove.length + create.length;
}

function syncNodes(
  state: DaemonSetControllerState,
  key: string,
  ds: KubeObject,
  remove: KubeObject[],
  create: string[],
  hash: string,
  kit: ControllerKit,
): void {
  if (remove.length + create.length === 0) return;
  expectOps(state.expectations, key, create.length, remove.length, kit.ctx.now);
  for (const node of create)
    sendCreate(kit.client, kit.ctx, 'pods', newDaemonPod(ds, node, hash), {
      tag: kit.tag('create'),
      data: { key },
    });
  for (const pod of remove)
    sendDelete(kit.client, kit.ctx, 'pods', pod.metadata.namespace ?? '', pod.metadata.name ?? '', {
      tag: kit.tag('delete'),
      data: { key, name: pod.metadata.name ?? '' },
    });
}

/** GetScaledValueFromIntOrPercent, rounding up. */
function scaled(value: number | string | undefined, total: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value === 'number') return value;
  const m = /^(\d+)%$/.exec(value);
  return m ? Math.ceil((Number(m[1]) * total) / 100) : Number(value) || 0;
}

/** rollingUpdate with maxSurge 0: delete old pods, unavailable ones first, within maxUnavailable. */
function rollingUpdate(
  state: DaemonSetControllerState,
  key: string,
  ds: KubeObject,
  nodes: KubeObject[],
  byNode: Map<string, KubeObject[]>,
  hash: string,
  kit: ControllerKit,
): void {
  const spec = ds.spec as DaemonSetSpecView;
  const minReady = spec.minReadySeconds ?? 0;
  const podSpec = daemonPodSpec(ds);
  const desired = nodes.filter((n) => nodeShouldRunDaemonPod(podSpec, n).shouldRun).length;
  let maxUnavailable = scaled(spec.updateStrategy?.rollingUpdate?.maxUnavailable, desired, 1);
  if (maxUnavailable === 0) maxUnavailable = 1;
  const now = nowSeconds(kit);
  const generation = ds.metadata.generation;
  let numUnavailable = 0;
  const allowed: KubeObject[] = [];
  const candidates: KubeObject[] = [];
  for (const node of [...byNode.keys()].sort()) {
    const live = (byNode.get(node) ?? []).filter((p) => !p.metadata.deletionTimestamp);
    const fresh = live.filter((p) => isPodUpdated(p, hash, generation));
    const old = live.filter((p) => !isPodUpdated(p, hash, generation));
    if (fresh.length > 1 || old.length > 1) continue;
    const [newPod, oldPod] = [fresh[0], old[0]];
    if ((!newPod && !oldPod) || (newPod && oldPod)) numUnavailable++;
    else if (newPod) {
      if (!isPodAvailable(newPod, minReady, now)) numUnavailable++;
    } else if (oldPod) {
      if (!isPodAvailable(oldPod, minReady, now)) allowed.push(oldPod);
      else candidates.push(oldPod);
    }
  }
  const remaining = Math.min(Math.max(0, maxUnavailable - numUnavailable), candidates.length);
  syncNodes(state, key, ds, [...allowed, ...candidates.slice(0, remaining)], [], hash, kit);
}

function updateStatus(
  ds: KubeObject,
  nodes: KubeObject[],
  byNode: Map<string, KubeObject[]>,
  hash: string,
  kit: ControllerKit,
): void {
  const spec = daemonPodSpec(ds);
  const minReady = (ds.spec as DaemonSetSpecView).minReadySeconds ?? 0;
  const now = nowSeconds(kit);
  const s: DaemonSetStatus = {
    currentNumberScheduled: 0,
    numberMisscheduled: 0,
    desiredNumberScheduled: 0,
    numberReady: 0,
    updatedNumberScheduled: 0,
    numberAvailable: 0,
    observedGeneration: ds.metadata.generation ?? 0,
  };
  let waitForAvailable = 0;
  for (const node of nodes) {
    const pods = byNode.get(node.metadata.name ?? '') ?? [];
    if (nodeShouldRunDaemonPod(spec, node).shouldRun) {
      s.desiredNumberScheduled++;
      const pod = pods[0];
      if (!pod) continue;
      s.currentNumberScheduled++;
      if (isPodReady(pod)) {
        s.numberReady++;
        if (isPodAvailable(pod, minReady, now)) s.numberAvailable!++;
        else waitForAvailable = minReady;
      }
      if (isPodUpdated(pod, hash, ds.metadata.generation)) s.updatedNumberScheduled!++;
    } else if (pods.length) s.numberMisscheduled++;
  }
  s.numberUnavailable = s.desiredNumberScheduled - (s.numberAvailable ?? 0);
  const collisionCount = (ds.status as DaemonSetStatus | undefined)?.collisionCount;
  if (collisionCount) s.collisionCount = collisionCount;
  const next = compactStatus(s);
  // A pod that is ready but not yet available becomes so after minReadySeconds: look again then.
  if (waitForAvailable > 0)
    WorkQueue.addAfter(kit.queue, objectKey(ds), waitForAvailable * 1000, kit.ctx);
  if (deepEqual(next, ds.status)) return;
  sendUpdateStatus(
    kit.client,
    kit.ctx,
    DAEMONSETS,
    { ...ds, status: next },
    { tag: kit.tag('status'), data: objectKey(ds) },
  );
}

function syncDaemonSet(state: DaemonSetControllerState, key: string, kit: ControllerKit): void {
  const { namespace, name } = splitKey(key);
  const ds = Lister.get(kit.informer(DAEMONSETS), namespace, name);
  if (!ds) {
    delete state.expectations[key];
    return;
  }
  if (ds.metadata.deletionTimestamp) return;
  const hash = computeHash(
    templateOf(ds),
    (ds.status as DaemonSetStatus | undefined)?.collisionCount ?? 0,
  );
  const nodes = Lister.list(kit.informer('nodes')).sort((a, b) =>
    (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''),
  );
  const byNode = nodesToDaemonPods(ownedPods(ds, kit));
  if (satisfied(state.expectations, key, kit.ctx.now)) {
    const acted = manage(state, key, ds, nodes, byNode, hash, kit);
    const strategy = (ds.spec as DaemonSetSpecView).updateStrategy?.type ?? 'RollingUpdate';
    if (acted === 0 && strategy === 'RollingUpdate')
      rollingUpdate(state, key, ds, nodes, byNode, hash, kit);
  }
  updateStatus(ds, nodes, byNode, hash, kit);
}

export const daemonSetController: ControllerDefinition<DaemonSetControllerState> = {
  name: 'daemonset',
  eventSource: 'daemonset-controller',
  informers: [{ resource: DAEMONSETS }, { resource: 'pods' }, { resource: 'nodes' }],
  init: () => ({ expectations: {} }),
  handleEvent(state, resource, event, kit) {
    if (resource === DAEMONSETS) return WorkQueue.add(kit.queue, objectKey(event.object));
    if (resource === 'nodes') {
      for (const ds of Lister.list(kit.informer(DAEMONSETS)))
        WorkQueue.add(kit.queue, objectKey(ds));
      return;
    }
    const key = controllerOf(event.object);
    if (!key) return;
    if (event.type === 'add') observe(state.expectations, key, 1, 0);
    if (event.type === 'delete') observe(state.expectations, key, 0, 1);
    WorkQueue.add(kit.queue, key);
  },
  handleResponse(state, response, kit) {
    if (response.tag === 'create') {
      const { key } = response.data as { key: string };
      const ds = Lister.get(kit.informer(DAEMONSETS), splitKey(key).namespace, splitKey(key).name);
      if (isSuccess(response)) {
        if (ds)
          kit.event(
            ds,
            'Normal',
            'SuccessfulCreate',
            `Created pod: ${(response.body as KubeObject).metadata.name}`,
          );
      } else {
        observe(state.expectations, key, 1, 0);
        if (ds) kit.event(ds, 'Warning', 'FailedCreate', `Error creating: ${messageOf(response)}`);
        WorkQueue.addRateLimited(kit.queue, key, kit.ctx);
      }
    } else if (response.tag === 'delete') {
      const { key, name } = response.data as { key: string; name: string };
      const ds = Lister.get(kit.informer(DAEMONSETS), splitKey(key).namespace, splitKey(key).name);
      if (isSuccess(response)) {
        if (ds) kit.event(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${name}`);
      } else {
        observe(state.expectations, key, 0, 1);
        if (ds) kit.event(ds, 'Warning', 'FailedDelete', `Error deleting: ${messageOf(response)}`);
        WorkQueue.addRateLimited(kit.queue, key, kit.ctx);
      }
    } else if (response.tag === 'status' && !isSuccess(response)) {
      WorkQueue.addRateLimited(kit.queue, response.data as string, kit.ctx);
    }
  },
  sync: syncDaemonSet,
};
