/**
 * The RollingUpdate strategy with maxSurge 0: old pods are deleted node by node, unavailable
 * ones first, while the number of unavailable nodes stays within maxUnavailable; manage then
 * creates their replacements on the next sync.
 */
import type { KubeObject } from '../../api/objects.ts';
import type { ControllerKit } from '../framework.ts';
import {
  nowSeconds,
  type DaemonSetControllerState,
  type DaemonSetSpecView,
} from './daemonSetState.ts';
import { syncNodes } from './manage.ts';
import { daemonPodSpec } from './podTemplate.ts';
import { nodeShouldRunDaemonPod } from './predicates.ts';
import { isPodAvailable, isPodUpdated } from './status.ts';

/** GetScaledValueFromIntOrPercent, rounding up. */
function scaled(value: number | string | undefined, total: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value === 'number') return value;
  const m = /^(\d+)%$/.exec(value);
  return m ? Math.ceil((Number(m[1]) * total) / 100) : Number(value) || 0;
}

/** rollingUpdate with maxSurge 0: delete old pods, unavailable ones first, within maxUnavailable. */
export function rollingUpdate(
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
