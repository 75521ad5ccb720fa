/**
 * syncReplicaSet and manageReplicas (pkg/controller/replicaset/replica_set.go, v1.30).
 *
 * A sync reads the ReplicaSet and the namespace's pods from the caches, claims the active pods
 * (adopting orphans, releasing pods that stopped matching), and, if its expectations are met,
 * creates or deletes pods to close the gap: creations in slow-start batches of 1, 2, 4, ...
 * that stop at the first failure, deletions all at once, chosen by getPodsToDelete. Then it
 * writes the status and, when pods are ready but not yet available, checks again after
 * minReadySeconds.
 */
import { labelSelectorFromObject } from '../../api/labels.ts';
import { splitKey, type KubeObject } from '../../api/objects.ts';
import { Lister, WorkQueue, isNotFound } from '../../client/index.ts';
import type { ControllerKit } from '../framework.ts';
import {
  NAMESPACE_TERMINATING_CAUSE,
  claimFacts,
  createPodSpec,
  creationObserved,
  deleteExpectations,
  deletePodSpec,
  deletionObserved,
  epochSeconds,
  expectCreations,
  expectDeletions,
  getControllerOf,
  getPodFromTemplate,
  hasStatusCause,
  isPodActive,
  newControllerRef,
  observeCreate,
  observeDelete,
  podNodeName,
  rfc3339,
  satisfiedExpectations,
  slowStartBatch,
  sortForDeletion,
  SLOW_START_BATCH_INITIAL_SIZE,
  type ControllerExpectations,
  type Run,
  type SyncOps,
} from '../controllerutil/index.ts';
import { podsByOwner, type PodTable } from './podTable.ts';
import { calculateStatus, replicasOf, spec, updateReplicaSetStatus } from './status.ts';

/** BurstReplicas: at most this many creations or deletions per sync. */
export const BURST_REPLICAS = 500;
export const CONTROLLER_UID_INDEX = 'controllerUID';
export const RS_API_VERSION = 'apps/v1';
export const RS_KIND = 'ReplicaSet';

export interface ReplicaSetControllerState {
  expectations: ControllerExpectations;
  ops: SyncOps;
  /** The informer's pods by owner, with their facts (podTable.ts). */
  pods: PodTable;
}

const podKey = (pod: KubeObject) => `${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`;

/** getIndirectlyRelatedPods: pods of every ReplicaSet sharing this one's controller. */
function getIndirectlyRelatedPods(kit: ControllerKit, rs: KubeObject): KubeObject[] {
  const ref = getControllerOf(rs);
  if (!ref) return [];
  const related = Lister.byIndex(kit.informer('replicasets.apps'), CONTROLLER_UID_INDEX, ref.uid);
  const seen = new Set<string>();
  const out: KubeObject[] = [];
  for (const other of related) {
    const sel = labelSelectorFromObject((other.spec as { selector?: never } | undefined)?.selector);
    if (!sel.ok) continue;
    const pods = Lister.list(kit.informer('pods'), {
      namespace: other.metadata.namespace ?? '',
      labelSelector: sel.selector,
    });
    for (const pod of pods) {
      const uid = pod.metadata.uid ?? '';
      if (seen.has(uid)) continue;
      seen.add(uid);
      out.push(pod);
    }
  }
  return out;
}

/**
 * getPodsToDelete: when only some go, rank each pod by the number of active related pods on its
 * node and sort (ActivePodsWithRanks); the first `diff` are deleted.
 */
export function getPodsToDelete(
  filteredPods: readonly KubeObject[],
  relatedPods: readonly KubeObject[],
  diff: number,
  nowSeconds: number,
): KubeObject[] {
  if (diff >= filteredPods.length) return filteredPods.slice(0, diff);
  const podsOnNode = new Map<string, number>();
  for (const pod of relatedPods)
    if (isPodActive(pod))
      podsOnNode.set(podNodeName(pod), (podsOnNode.get(podNodeName(pod)) ?? 0) + 1);
  const ranked = filteredPods.map((pod) => ({ pod, rank: podsOnNode.get(podNodeName(pod)) ?? 0 }));
  return sortForDeletion(ranked, nowSeconds)
    .slice(0, diff)
    .map((r) => r.pod);
}

function manageReplicas(
  state: ReplicaSetControllerState,
  run: Run,
  filteredPods: readonly KubeObject[],
  rs: KubeObject,
): string | undefined {
  const kit = run.kit;
  const key = run.key;
  let diff = filteredPods.length - replicasOf(rs);
  if (diff < 0) {
    const toCreate = Math.min(-diff, BURST_REPLICAS);
    run.effect(() => expectCreations(state.expectations, key, toCreate, kit.ctx.now));
    const controllerRef = newControllerRef(rs, RS_API_VERSION, RS_KIND);
    const result = slowStartBatch(toCreate, SLOW_START_BATCH_INITIAL_SIZE, (batch) => {
      const pods = Array.from({ length: batch }, () =>
        getPodFromTemplate(spec(rs).template ?? {}, rs, controllerRef),
      );
      const replies = run.callAll(pods.map(createPodSpec));
      return replies.map((reply) => {
        const error = observeCreate(run, rs, reply);
        // Every create fails the same way while the namespace terminates: nothing to do.
        if (error !== undefined && hasStatusCause(reply, NAMESPACE_TERMINATING_CAUSE))
          return undefined;
        return error;
      });
    });
    const skipped = toCreate - result.successes;
    if (skipped > 0)
      run.effect(() => {
        for (let i = 0; i < skipped; i++) creationObserved(state.expectations, key);
      });
    return result.error;
  }
  if (diff > 0) {
    diff = Math.min(diff, BURST_REPLICAS);
    const relatedPods = run.read(() => getIndirectlyRelatedPods(kit, rs));
    const now = epochSeconds(kit, run.now());
    const podsToDelete = getPodsToDelete(filteredPods, relatedPods, diff, now);
    run.effect(() =>
      expectDeletions(state.expectations, key, podsToDelete.map(podKey), kit.ctx.now),
    );
    const ns = rs.metadata.namespace ?? '';
    const replies = run.callAll(podsToDelete.map((p) => deletePodSpec(ns, p.metadata.name ?? '')));
    let firstError: string | undefined;
    replies.forEach((reply, i) => {
      const pod = podsToDelete[i]!;
      const error = observeDelete(run, rs, pod.metadata.name ?? '', reply);
      if (error === undefined) return;
      // The informer will not observe this deletion: stop waiting for it.
      run.effect(() => deletionObserved(state.expectations, key, podKey(pod)));
      if (!isNotFound(reply)) firstError ??= error;
    });
    return firstError;
  }
  return undefined;
}

export function syncReplicaSet(state: ReplicaSetControllerState, run: Run): string | undefined {
  const kit = run.kit;
  const key = run.key;
  const { namespace, name } = splitKey(key);
  const rs = run.read(() => Lister.get(kit.informer('replicasets.apps'), namespace, name));
  if (!rs) {
    run.effect(() => deleteExpectations(state.expectations, key));
    return undefined;
  }
  const rsNeedsSync = run.read(() => satisfiedExpectations(state.expectations, key, kit.ctx.now));
  const selector = labelSelectorFromObject((rs.spec as { selector?: never }).selector);
  if (!selector.ok) return undefined; // HandleError: an invalid selector is not retried
  // Our pods, including those that stopped matching (to be released), and the orphans; the
  // claim leaves out the inactive ones (FilterActivePods) as it walks them.
  const claim = claimFacts(
    run,
    {
      owner: rs,
      ownerApiVersion: RS_API_VERSION,
      ownerKind: RS_KIND,
      ownerResource: 'replicasets.apps',
      selector: selector.selector,
      resource: 'pods',
      kind: 'Pod',
      activeOnly: true,
    },
    () => podsByOwner(state.pods, rs),
  );
  if (claim.error !== undefined) return claim.error;
  const filteredPods = claim.claimed;
  let manageReplicasErr: string | undefined;
  if (rsNeedsSync && !rs.metadata.deletionTimestamp)
    manageReplicasErr = manageReplicas(state, run, filteredPods, rs);
  const now = run.now();
  // Pure in what the run has read: computed once, then replayed from the journal.
  const newStatus = run.read(() =>
    calculateStatus(
      rs,
      filteredPods,
      manageReplicasErr,
      epochSeconds(kit, now),
      rfc3339(kit, now),
      claim.claimedFacts,
    ),
  );
  const updated = updateReplicaSetStatus(run, rs, newStatus);
  if (updated.error !== undefined || !updated.rs) return updated.error;
  const u = updated.rs;
  const minReady = spec(u).minReadySeconds ?? 0;
  const status = (u.status ?? {}) as { readyReplicas?: number; availableReplicas?: number };
  if (
    manageReplicasErr === undefined &&
    minReady > 0 &&
    (status.readyReplicas ?? 0) === replicasOf(u) &&
    (status.availableReplicas ?? 0) !== replicasOf(u)
  )
    run.effect(() => WorkQueue.addAfter(kit.queue, key, minReady * 1000, kit.ctx));
  return manageReplicasErr;
}
