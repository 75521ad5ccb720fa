/**
 * The status manager: keeps the status the kubelet generated for each pod and brings the
 * apiserver's copy up to date with a strategic merge patch of pods/status (conditions merge by
 * type, with $setElementOrder, and fields the kubelet dropped are sent as null, as the two-way
 * patch PatchPodStatus computes). One patch per pod in flight. Once a deleted pod's containers
 * are gone and its final status is written, it sends the final DELETE: grace period 0, with the
 * pod's uid as a precondition.
 */
import { deepEqual } from '../../../shared/index.ts';
import type { KubeObject } from '../../api/objects.ts';
import { isSuccess, sendDelete, sendPatch, type ClientResponse } from '../../client/index.ts';
import type { StepContext } from '../../sim/component.ts';
import { generatePodStatus } from './podStatus.ts';
import type { KubeletState, PodStatusCache, PodWorker } from './state.ts';

type Json = Record<string, unknown>;

const OWNED = [
  'phase',
  'reason',
  'message',
  'conditions',
  'hostIP',
  'hostIPs',
  'podIP',
  'podIPs',
  'startTime',
  'initContainerStatuses',
  'containerStatuses',
  'qosClass',
] as const;

/** PodStatus lists that merge by key (patchStrategy:"merge" in the API types). */
const MERGE_KEYS: Partial<Record<(typeof OWNED)[number], string>> = {
  conditions: 'type',
  hostIPs: 'ip',
  podIPs: 'ip',
};

/** The two-way strategic merge patch from one status to another, or undefined if equal. */
export function statusPatch(before: Json, after: Json): Json | undefined {
  const patch: Json = {};
  for (const key of OWNED) {
    const a = before[key];
    const b = after[key];
    if (deepEqual(a, b)) continue;
    if (b === undefined) {
      if (a !== undefined) patch[key] = null;
      continue;
    }
    const mergeKey = MERGE_KEYS[key];
    if (!mergeKey) {
      patch[key] = b;
      continue;
    }
    const old = (a ?? []) as Json[];
    const next = b as Json[];
    const changed: Json[] = [];
    for (const c of next) {
      const o = old.find((x) => x[mergeKey] === c[mergeKey]);
      if (o && deepEqual(o, c)) continue;
      const element: Json = { ...c };
      for (const k of Object.keys(o ?? {})) if (!(k in c)) element[k] = null;
      changed.push(element);
    }
    // An element the new list no longer has is deleted by its key: merging alone would keep it.
    for (const o of old)
      if (!next.some((c) => c[mergeKey] === o[mergeKey]))
        changed.push({ [mergeKey]: o[mergeKey], $patch: 'delete' });
    patch[`$setElementOrder/${key}`] = next.map((c) => ({ [mergeKey]: c[mergeKey] }));
    patch[key] = changed;
  }
  return Object.keys(patch).length ? patch : undefined;
}

/** kubetypes.PodConditionByKubelet (PodReadyToStartContainers is on by default in v1.30). */
const CONDITIONS_BY_KUBELET = new Set([
  'PodScheduled',
  'Ready',
  'Initialized',
  'ContainersReady',
  'PodReadyToStartContainers',
]);

/**
 * mergePodStatus: conditions the kubelet does not own (DisruptionTarget from the taint manager or
 * a preemption, readiness gates) are kept as the apiserver has them, ahead of the kubelet's own.
 * Without this the patch would try to drop them forever: a strategic merge cannot, so every
 * reply would bring the same difference back.
 */
export function mergePodStatus(api: Json, generated: Json): Json {
  const apiConditions = (api.conditions ?? []) as Json[];
  const ownConditions = (generated.conditions ?? []) as Json[];
  const kept = apiConditions.filter((c) => !CONDITIONS_BY_KUBELET.has(c.type as string));
  if (kept.length === 0) return generated;
  return {
    ...generated,
    conditions: [
      ...kept,
      ...ownConditions.filter((c) => CONDITIONS_BY_KUBELET.has(c.type as string)),
    ],
  };
}

function cacheOf(state: KubeletState, uid: string): PodStatusCache {
  const existing = state.statuses.get(uid);
  if (existing) return existing;
  const fresh: PodStatusCache = { apiResourceVersion: 0, inFlight: false, dirty: false };
  state.statuses.set(uid, fresh);
  return fresh;
}

/** The apiserver's copy of the status we know best: our last patch's reply, or the informer's. */
function apiStatus(cache: PodStatusCache, pod: KubeObject): Json {
  const rv = Number(pod.metadata.resourceVersion ?? 0);
  if (cache.api && cache.apiResourceVersion >= rv) return cache.api;
  return (pod.status ?? {}) as Json;
}

/**
 * Generates the pod's status, and patches the apiserver if it differs. While the pod is
 * terminating nothing new is generated: SyncTerminatingPod sets the status once before killPod
 * and once, terminal, after it, so no status shows a container stopped by the kill while the pod
 * is still Running.
 */
export function updatePodStatus(state: KubeletState, ctx: StepContext, w: PodWorker): void {
  if (w.phase === 'terminating') return;
  setPodStatus(state, ctx, w, w.phase === 'terminated');
}

/** statusManager.SetPodStatus with a freshly generated status. */
export function setPodStatus(
  state: KubeletState,
  ctx: StepContext,
  w: PodWorker,
  podIsTerminal: boolean,
): void {
  if (w.removed) return;
  const cache = cacheOf(state, w.uid);
  if (w.frozen) {
    cache.generated ??= { ...((w.pod.status ?? {}) as Json) };
    return syncStatus(state, ctx, w);
  }
  cache.generated = generatePodStatus(w, cache.generated, {
    now: ctx.now,
    startSeconds: state.config.startSeconds,
    hostIP: state.config.internalIP,
    podIsTerminal,
  });
  syncStatus(state, ctx, w);
}

export function syncStatus(state: KubeletState, ctx: StepContext, w: PodWorker): void {
  const cache = cacheOf(state, w.uid);
  if (w.removed || !cache.generated) return;
  if (cache.inFlight) {
    cache.dirty = true;
    return;
  }
  const api = apiStatus(cache, w.pod);
  if (cache.settledApi === api && cache.settledGenerated === cache.generated)
    return maybeFinalDelete(state, ctx, w);
  const patch = statusPatch(api, mergePodStatus(api, cache.generated));
  if (!patch) {
    cache.settledApi = api;
    cache.settledGenerated = cache.generated;
    return maybeFinalDelete(state, ctx, w);
  }
  cache.inFlight = true;
  cache.dirty = false;
  sendPatch(
    state.client,
    ctx,
    'pods',
    w.namespace,
    w.name,
    { metadata: { uid: w.uid }, status: patch },
    {
      tag: 'podStatus',
      data: w.uid,
      subresource: 'status',
      patchType: 'application/strategic-merge-patch+json',
    },
  );
}

export function handleStatusReply(state: KubeletState, ctx: StepContext, r: ClientResponse): void {
  const uid = r.data as string;
  const cache = state.statuses.get(uid);
  const w = state.workers.get(uid);
  if (!cache) return;
  cache.inFlight = false;
  if (isSuccess(r)) {
    const body = r.body as KubeObject;
    cache.api = (body.status ?? {}) as Json;
    cache.apiResourceVersion = Number(body.metadata.resourceVersion ?? 0);
  } else if (r.code === 404) return;
  // Only a status generated while this patch was in flight goes out at once; anything else (a
  // failed patch, a write the apiserver did not take as sent) waits for the next syncBatch, so
  // a patch that cannot converge never spins.
  if (!w) return;
  if (cache.dirty) return syncStatus(state, ctx, w);
  // syncPod deletes a finished pod right after the write that made its status final.
  if (isSuccess(r)) maybeFinalDelete(state, ctx, w);
}

/** The status manager's syncPeriod: how often every pod's status is held against the apiserver's. */
export const STATUS_SYNC_PERIOD_MS = 10_000;

/**
 * syncBatch(all): a pod whose status in the apiserver differs from what the kubelet generated
 * (needsReconcile) is patched again. This is what undoes another writer's change, such as the
 * node lifecycle controller marking the pods of an unreachable node not Ready, once the kubelet
 * is back in touch.
 */
export function syncBatch(state: KubeletState, ctx: StepContext): void {
  for (const w of [...state.workers.values()]) syncStatus(state, ctx, w);
}

/** canBeDeleted: terminated, final status written, and the apiserver is waiting for us. */
function maybeFinalDelete(state: KubeletState, ctx: StepContext, w: PodWorker): void {
  if (w.phase !== 'terminated' || w.finalDeleteSent || !w.pod.metadata.deletionTimestamp) return;
  w.finalDeleteSent = true;
  sendDelete(state.client, ctx, 'pods', w.namespace, w.name, {
    tag: 'finalDelete',
    data: w.uid,
    gracePeriodSeconds: 0,
    preconditions: { uid: w.uid },
  });
}
