/**
 * The RollingUpdate strategy (rolling.go, v1.30): grow the new ReplicaSet up to
 * replicas + maxSurge pods in total, shrink the old ones while at least replicas - maxUnavailable
 * stay available, unhealthy old replicas first.
 */
import type { KubeObject } from '../../api/objects.ts';
import type { Run } from '../controllerutil/index.ts';
import { syncRolloutStatus } from './progress.ts';
import { cleanupDeployment, scaleReplicaSetAndRecordEvent } from './scale.ts';
import { getAllReplicaSetsAndSyncRevision } from './newReplicaSet.ts';
import {
  byCreationTimestamp,
  dReplicas,
  deploymentComplete,
  dstatus,
  filterActiveReplicaSets,
  getAvailableReplicaCountForReplicaSets,
  getReplicaCountForReplicaSets,
  maxUnavailable,
  newRSNewReplicas,
  rsReplicas,
  rsStatus,
  type MaybeRS,
} from './util.ts';

type Outcome = { done: boolean; error?: string };

function reconcileNewReplicaSet(
  run: Run,
  allRSs: readonly MaybeRS[],
  newRS: KubeObject,
  d: KubeObject,
): Outcome {
  if (rsReplicas(newRS) === dReplicas(d)) return { done: false };
  if (rsReplicas(newRS) > dReplicas(d)) {
    const r = scaleReplicaSetAndRecordEvent(run, newRS, dReplicas(d), d);
    return { done: r.scaled, error: r.error };
  }
  const r = scaleReplicaSetAndRecordEvent(run, newRS, newRSNewReplicas(d, allRSs, newRS), d);
  return { done: r.scaled, error: r.error };
}

/** cleanupUnhealthyReplicas: scale old ReplicaSets down by their unavailable pods, oldest first. */
function cleanupUnhealthyReplicas(
  run: Run,
  oldRSs: KubeObject[],
  d: KubeObject,
  maxCleanup: number,
): { oldRSs: KubeObject[]; count: number; error?: string } {
  oldRSs.sort(byCreationTimestamp);
  let total = 0;
  for (let i = 0; i < oldRSs.length; i++) {
    const target = oldRSs[i]!;
    if (total >= maxCleanup) break;
    if (rsReplicas(target) === 0) continue;
    const availableReplicas = rsStatus(target).availableReplicas ?? 0;
    if (rsReplicas(target) === availableReplicas) continue;
    const count = Math.min(maxCleanup - total, rsReplicas(target) - availableReplicas);
    const next = rsReplicas(target) - count;
    if (next > rsReplicas(target))
      return {
        oldRSs: [],
        count: 0,
        error: `when cleaning up unhealthy replicas, got invalid request to scale down ${target.metadata.namespace ?? ''}/${target.metadata.name ?? ''} ${rsReplicas(target)} -> ${next}`,
      };
    const r = scaleReplicaSetAndRecordEvent(run, target, next, d);
    if (r.error !== undefined) return { oldRSs: [], count: total, error: r.error };
    total += count;
    oldRSs[i] = r.rs!;
  }
  return { oldRSs, count: total };
}

/** scaleDownOldReplicaSetsForRollingUpdate: only what keeps replicas - maxUnavailable available. */
function scaleDownOldReplicaSetsForRollingUpdate(
  run: Run,
  allRSs: readonly MaybeRS[],
  oldRSs: KubeObject[],
  d: KubeObject,
): { count: number; error?: string } {
  const minAvailable = dReplicas(d) - maxUnavailable(d);
  const available = getAvailableReplicaCountForReplicaSets(allRSs);
  if (available <= minAvailable) return { count: 0 };
  oldRSs.sort(byCreationTimestamp);
  let total = 0;
  const totalToScaleDown = available - minAvailable;
  for (const target of oldRSs) {
    if (total >= totalToScaleDown) break;
    if (rsReplicas(target) === 0) continue;
    const count = Math.min(rsReplicas(target), totalToScaleDown - total);
    const next = rsReplicas(target) - count;
    const r = scaleReplicaSetAndRecordEvent(run, target, next, d);
    if (r.error !== undefined) return { count: total, error: r.error };
    total += count;
  }
  return { count: total };
}

function reconcileOldReplicaSets(
  run: Run,
  allRSs: readonly MaybeRS[],
  oldRSs: KubeObject[],
  newRS: KubeObject,
  d: KubeObject,
): Outcome {
  if (getReplicaCountForReplicaSets(oldRSs) === 0) return { done: false };
  const allPods = getReplicaCountForReplicaSets(allRSs);
  const minAvailable = dReplicas(d) - maxUnavailable(d);
  const newRSUnavailable = rsReplicas(newRS) - (rsStatus(newRS).availableReplicas ?? 0);
  const maxScaledDown = allPods - minAvailable - newRSUnavailable;
  if (maxScaledDown <= 0) return { done: false };
  // Unhealthy old replicas first: removing them costs no availability and unblocks the rollout.
  const cleaned = cleanupUnhealthyReplicas(run, oldRSs, d, maxScaledDown);
  if (cleaned.error !== undefined) return { done: false };
  const scaled = scaleDownOldReplicaSetsForRollingUpdate(
    run,
    [...cleaned.oldRSs, newRS],
    cleaned.oldRSs,
    d,
  );
  if (scaled.error !== undefined) return { done: false };
  return { done: cleaned.count + scaled.count > 0 };
}

export function rolloutRolling(run: Run, d: KubeObject, rsList: KubeObject[]): string | undefined {
  const all = getAllReplicaSetsAndSyncRevision(run, d, rsList, true);
  if (all.error !== undefined || !all.newRS) return all.error;
  const newRS = all.newRS;
  const oldRSs = all.oldRSs;
  const allRSs: MaybeRS[] = [...oldRSs, newRS];
  const up = reconcileNewReplicaSet(run, allRSs, newRS, d);
  if (up.error !== undefined) return up.error;
  if (up.done) return syncRolloutStatus(run, allRSs, newRS, d);
  const down = reconcileOldReplicaSets(run, allRSs, filterActiveReplicaSets(oldRSs), newRS, d);
  if (down.error !== undefined) return down.error;
  if (down.done) return syncRolloutStatus(run, allRSs, newRS, d);
  if (deploymentComplete(d, dstatus(d))) {
    const err = cleanupDeployment(run, oldRSs, d);
    if (err !== undefined) return err;
  }
  return syncRolloutStatus(run, allRSs, newRS, d);
}
