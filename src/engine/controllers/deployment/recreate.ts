/**
 * The Recreate strategy (recreate.go, v1.30): scale every old ReplicaSet to zero, wait until no
 * old pod is left running, then create or scale up the new ReplicaSet.
 */
import type { KubeObject } from '../../api/objects.ts';
import type { Run } from '../controllerutil/index.ts';
import { podPhase } from '../controllerutil/index.ts';
import { getAllReplicaSetsAndSyncRevision } from './newReplicaSet.ts';
import { syncRolloutStatus } from './progress.ts';
import { cleanupDeployment, scaleReplicaSetAndRecordEvent } from './scale.ts';
import {
  dReplicas,
  deploymentComplete,
  dstatus,
  filterActiveReplicaSets,
  getActualReplicaCountForReplicaSets,
  type MaybeRS,
} from './util.ts';

/** Pods grouped by the uid of the ReplicaSet that controls them. */
export type PodMap = Record<string, KubeObject[]>;

function oldPodsRunning(newRS: MaybeRS, oldRSs: readonly KubeObject[], podMap: PodMap): boolean {
  if (getActualReplicaCountForReplicaSets(oldRSs) > 0) return true;
  for (const [uid, pods] of Object.entries(podMap)) {
    if (newRS && newRS.metadata.uid === uid) continue;
    // Failed and Succeeded pods are over; Unknown ones might still run.
    if (pods.some((p) => podPhase(p) !== 'Failed' && podPhase(p) !== 'Succeeded')) return true;
  }
  return false;
}

export function rolloutRecreate(
  run: Run,
  d: KubeObject,
  rsList: KubeObject[],
  podMap: PodMap,
): string | undefined {
  let all = getAllReplicaSetsAndSyncRevision(run, d, rsList, false);
  if (all.error !== undefined) return all.error;
  let newRS = all.newRS;
  let oldRSs = all.oldRSs;
  let allRSs: MaybeRS[] = [...oldRSs, newRS];
  let scaledDown = false;
  for (const rs of filterActiveReplicaSets(oldRSs)) {
    const r = scaleReplicaSetAndRecordEvent(run, rs, 0, d);
    if (r.error !== undefined) return r.error;
    if (r.scaled) scaledDown = true;
  }
  if (scaledDown) return syncRolloutStatus(run, allRSs, newRS, d);
  if (oldPodsRunning(newRS, oldRSs, podMap)) return syncRolloutStatus(run, allRSs, newRS, d);
  if (!newRS) {
    all = getAllReplicaSetsAndSyncRevision(run, d, rsList, true);
    if (all.error !== undefined) return all.error;
    newRS = all.newRS;
    oldRSs = all.oldRSs;
    allRSs = [...oldRSs, newRS];
  }
  if (newRS) {
    const r = scaleReplicaSetAndRecordEvent(run, newRS, dReplicas(d), d);
    if (r.error !== undefined) return r.error;
  }
  if (deploymentComplete(d, dstatus(d))) {
    const err = cleanupDeployment(run, oldRSs, d);
    if (err !== undefined) return err;
  }
  return syncRolloutStatus(run, allRSs, newRS, d);
}
