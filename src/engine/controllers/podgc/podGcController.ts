/**
 * The pod garbage collector (pkg/controller/podgc, 'pod-garbage-collector'). Every 20 s it:
 * deletes the oldest terminated pods beyond --terminated-pod-gc-threshold (12500); force-deletes
 * terminating pods on a NotReady node tainted node.kubernetes.io/out-of-service; force-deletes
 * pods bound to a node that is gone (the node must be missing from the cache for a 40 s
 * quarantine and then from a live GET); and force-deletes terminating pods never scheduled.
 * Before each deletion a pod that has not finished is marked Failed (with a DisruptionTarget
 * condition when orphaned), so it does not stay Running forever with no kubelet to end it.
 */
import type { KubeObject } from '../../api/objects.ts';
import {
  Lister,
  hasSynced,
  isNotFound,
  isSuccess,
  sendDelete,
  sendGet,
  sendPatch,
  type ClientResponse,
} from '../../client/index.ts';
import type { ControllerDefinition, ControllerKit } from '../framework.ts';
import { rfc3339 } from '../controllerutil/time.ts';

/** gcCheckPeriod. */
export const GC_CHECK_PERIOD_MS = 20_000;
/** quarantineTime: how long a node may be missing from the informer before a GET decides. */
export const QUARANTINE_MS = 40_000;
/** --terminated-pod-gc-threshold. */
export const TERMINATED_POD_GC_THRESHOLD = 12_500;
const OUT_OF_SERVICE = 'node.kubernetes.io/out-of-service';

interface PodCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

export interface PodGcState {
  /** The orphaned_pods_nodes delaying queue: node name -> when it is due for a GET. */
  nodeQueue: Record<string, number>;
  /** Nodes being looked up. */
  lookups: Record<string, true>;
  /** Pods (namespace/name) whose status patch or deletion is in flight. */
  deleting: Record<string, true>;
}

const ORPHANED_CONDITION: PodCondition = {
  type: 'DisruptionTarget',
  status: 'True',
  reason: 'DeletionByPodGC',
  message: 'PodGC: node no longer exists',
};

const keyOf = (pod: KubeObject) => `${pod.metadata.namespace}/${pod.metadata.name}`;
const nodeNameOf = (pod: KubeObject) =>
  (pod.spec as { nodeName?: string } | undefined)?.nodeName ?? '';
const statusOf = (pod: KubeObject) =>
  (pod.status ?? {}) as { phase?: string; reason?: string; conditions?: PodCondition[] };

function isPodTerminated(pod: KubeObject): boolean {
  const phase = statusOf(pod).phase;
  return phase !== 'Pending' && phase !== 'Running' && phase !== 'Unknown';
}

function isNodeReady(node: KubeObject): boolean {
  const conditions = (node.status as { conditions?: PodCondition[] } | undefined)?.conditions ?? [];
  return conditions.some((c) => c.type === 'Ready' && c.status === 'True');
}

/** byEvictionAndCreationTimestamp: evicted pods first, then the oldest, then by name. */
function byEvictionAndCreation(a: KubeObject, b: KubeObject): number {
  const evicted = (p: KubeObject) =>
    statusOf(p).phase === 'Failed' && statusOf(p).reason === 'Evicted';
  if (evicted(a) !== evicted(b)) return evicted(a) ? -1 : 1;
  const ta = a.metadata.creationTimestamp ?? '';
  const tb = b.metadata.creationTimestamp ?? '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1;
}

/** markFailedAndDeletePodWithCondition: the Failed phase first (a status patch), then DELETE with grace 0. */
function markFailedAndDeletePod(
  s: PodGcState,
  pod: KubeObject,
  condition: PodCondition | undefined,
  kit: ControllerKit,
) {
  const key = keyOf(pod);
  if (s.deleting[key]) return;
  s.deleting[key] = true;
  kit.ctx.note(`PodGC is force deleting Pod ${key}`);
  const phase = statusOf(pod).phase;
  if (phase === 'Succeeded' || phase === 'Failed') return forceDelete(key, kit);
  const status: Record<string, unknown> = { phase: 'Failed' };
  if (condition)
    status.conditions = [
      { ...condition, lastProbeTime: null, lastTransitionTime: rfc3339(kit, kit.ctx.now) },
    ];
  sendPatch(
    kit.client,
    kit.ctx,
    'pods',
    pod.metadata.namespace ?? '',
    pod.metadata.name ?? '',
    { metadata: { uid: pod.metadata.uid }, status },
    {
      tag: kit.tag('markFailed'),
      data: key,
      subresource: 'status',
      patchType: 'application/strategic-merge-patch+json',
    },
  );
}

function forceDelete(key: string, kit: ControllerKit) {
  const [namespace, name] = key.split('/') as [string, string];
  sendDelete(kit.client, kit.ctx, 'pods', namespace, name, {
    tag: kit.tag('delete'),
    data: key,
    gracePeriodSeconds: 0,
  });
}

function gcTerminated(s: PodGcState, pods: readonly KubeObject[], kit: ControllerKit) {
  const terminated = pods.filter(isPodTerminated);
  const deleteCount = terminated.length - TERMINATED_POD_GC_THRESHOLD;
  if (deleteCount <= 0) return;
  kit.ctx.note(`Garbage collecting ${deleteCount} pods`);
  for (const pod of [...terminated].sort(byEvictionAndCreation).slice(0, deleteCount))
    markFailedAndDeletePod(s, pod, undefined, kit);
}

function gcTerminating(s: PodGcState, pods: readonly KubeObject[], kit: ControllerKit) {
  for (const pod of pods) {
    if (!pod.metadata.deletionTimestamp) continue;
    const node = Lister.get(kit.informer('nodes'), '', nodeNameOf(pod));
    if (!node || isNodeReady(node)) continue;
    const taints = (node.spec as { taints?: { key: string }[] } | undefined)?.taints ?? [];
    if (taints.some((t) => t.key === OUT_OF_SERVICE))
      markFailedAndDeletePod(s, pod, undefined, kit);
  }
}

/** gcOrphaned's first half: quarantine unknown nodes, and look up those whose quarantine is over. */
function gcOrphaned(s: PodGcState, pods: readonly KubeObject[], kit: ControllerKit) {
  const existing = new Set(Lister.list(kit.informer('nodes')).map((n) => n.metadata.name));
  const now = kit.ctx.now;
  for (const pod of pods) {
    const node = nodeNameOf(pod);
    // AddAfter keeps the earlier time of an item already waiting.
    if (node && !existing.has(node) && s.nodeQueue[node] === undefined)
      s.nodeQueue[node] = now + QUARANTINE_MS;
  }
  for (const [node, due] of Object.entries(s.nodeQueue)) {
    if (due > now) continue;
    delete s.nodeQueue[node];
    if (existing.has(node) || s.lookups[node]) continue;
    s.lookups[node] = true;
    sendGet(kit.client, kit.ctx, 'nodes', '', node, { tag: kit.tag('getNode'), data: node });
  }
}

/** gcOrphaned's second half, once the apiserver confirms the node is gone. */
function deleteOrphans(s: PodGcState, node: string, kit: ControllerKit) {
  for (const pod of Lister.list(kit.informer('pods'))) {
    if (nodeNameOf(pod) !== node) continue;
    kit.ctx.note(`Found orphaned Pod ${keyOf(pod)} assigned to the Node ${node}, deleting`);
    markFailedAndDeletePod(s, pod, ORPHANED_CONDITION, kit);
  }
}

function gcUnscheduledTerminating(s: PodGcState, pods: readonly KubeObject[], kit: ControllerKit) {
  for (const pod of pods) {
    if (!pod.metadata.deletionTimestamp || nodeNameOf(pod)) continue;
    kit.ctx.note(
      `Found unscheduled terminating Pod ${keyOf(pod)} not assigned to any Node, deleting`,
    );
    markFailedAndDeletePod(s, pod, undefined, kit);
  }
}

function gc(s: PodGcState, kit: ControllerKit) {
  kit.setTimer(GC_CHECK_PERIOD_MS, 'gc');
  // WaitForNamedCacheSync.
  if (!hasSynced(kit.informer('pods')) || !hasSynced(kit.informer('nodes'))) return;
  const pods = Lister.list(kit.informer('pods'));
  gcTerminated(s, pods, kit);
  gcTerminating(s, pods, kit);
  gcOrphaned(s, pods, kit);
  gcUnscheduledTerminating(s, pods, kit);
}

function handleResponse(s: PodGcState, response: ClientResponse, kit: ControllerKit) {
  const data = response.data as string;
  if (response.tag === 'getNode') {
    delete s.lookups[data];
    if (isNotFound(response)) deleteOrphans(s, data, kit);
    // Any other error: the node is queued again by the next pass if its pods still need it.
    return;
  }
  if (response.tag === 'markFailed') {
    // The patch carried the pod's uid: a failure (a new pod of that name, or none) ends here.
    if (isSuccess(response)) forceDelete(data, kit);
    else delete s.deleting[data];
    return;
  }
  if (response.tag === 'delete') {
    delete s.deleting[data];
    if (!isSuccess(response) && !isNotFound(response))
      kit.ctx.note(`PodGC: deleting pod ${data} failed with ${response.code}`);
  }
}

export const podGcController: ControllerDefinition<PodGcState> = {
  name: 'podgc',
  eventSource: 'pod-garbage-collector',
  informers: [{ resource: 'pods' }, { resource: 'nodes' }],
  init(kit) {
    kit.setTimer(GC_CHECK_PERIOD_MS, 'gc');
    return { nodeQueue: {}, lookups: {}, deleting: {} };
  },
  handleTimer(s, name, _data, kit) {
    if (name === 'gc') gc(s, kit);
  },
  handleResponse,
  sync() {
    // Everything happens on the gc period; nothing is queued by key.
  },
};
