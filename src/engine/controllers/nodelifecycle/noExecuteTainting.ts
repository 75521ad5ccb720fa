/**
 * The NoExecute side of the node lifecycle controller: per-zone rate-limited queues of nodes to
 * taint (doNoExecuteTaintingPass), the immediate swaps between unreachable and not-ready, taint
 * removal when a node is healthy again, and the zone states (handleDisruption) that set how fast
 * each zone's queue drains.
 */
import { formatRfc3339 } from '../../../shared/index.ts';
import type { KubeObject } from '../../api/objects.ts';
import { Lister, sendPatch } from '../../client/index.ts';
import type { ControllerKit } from '../framework.ts';
import {
  clockFor,
  readyConditionOf,
  type Clock,
  type NodeCondition,
  type NodeHealthData,
} from './nodeHealth.ts';
import {
  nextTokenAt,
  newRateLimitedTimedQueue,
  queueAddNode,
  queueRemoveNode,
  queueTry,
  swapLimiter,
  type RateLimitedTimedQueue,
} from './rateLimitedQueue.ts';
import {
  NOT_READY_TAINT_TEMPLATE,
  UNREACHABLE_TAINT_TEMPLATE,
  swapTaints,
  taintExists,
  taintsOf,
  type Taint,
} from './taints.ts';
import { computeZoneState, zoneKey, type ZoneState } from './zones.ts';

export interface NodeLifecycleState {
  knownNodeSet: Record<string, { uid: string }>;
  nodeHealthMap: Record<string, NodeHealthData>;
  zoneStates: Record<string, ZoneState>;
  zoneNoExecuteTainter: Record<string, RateLimitedTimedQueue>;
  /** When the next tainting pass is due (its timer is in flight), if any. */
  taintingPassAt: number | undefined;
}

export function clockOf(kit: ControllerKit): Clock {
  return clockFor(kit.ctx.now, kit.settings.startSeconds, formatRfc3339);
}

export function nodesInformer(kit: ControllerKit) {
  return kit.informer('nodes');
}

/** SwapNodeControllerTaint: one patch of spec.taints, conditional on the version it was computed from. */
export function swapNodeControllerTaint(
  node: KubeObject,
  add: readonly Taint[],
  remove: readonly Taint[],
  kit: ControllerKit,
): boolean {
  const next = swapTaints(taintsOf(node), add, remove, clockOf(kit).now);
  if (!next) return true;
  sendPatch(
    kit.client,
    kit.ctx,
    'nodes',
    '',
    node.metadata.name!,
    { metadata: { resourceVersion: node.metadata.resourceVersion }, spec: { taints: next } },
    {
      tag: kit.tag('taints'),
      data: node.metadata.name!,
      patchType: 'application/strategic-merge-patch+json',
    },
  );
  return true;
}

export function addPodEvictorForNewZone(
  s: NodeLifecycleState,
  node: KubeObject,
  kit: ControllerKit,
) {
  const zone = zoneKey(node);
  if (s.zoneStates[zone]) return;
  s.zoneStates[zone] = 'Initial';
  s.zoneNoExecuteTainter[zone] = newRateLimitedTimedQueue(
    kit.settings.nodeEvictionRate,
    kit.ctx.now,
  );
}

export function markNodeForTainting(
  s: NodeLifecycleState,
  node: KubeObject,
  status: string,
  now: number,
) {
  const q = s.zoneNoExecuteTainter[zoneKey(node)]!;
  const taints = taintsOf(node);
  if (status === 'False' && !taintExists(taints, NOT_READY_TAINT_TEMPLATE))
    queueRemoveNode(q, node.metadata.name!);
  if (status === 'Unknown' && !taintExists(taints, UNREACHABLE_TAINT_TEMPLATE))
    queueRemoveNode(q, node.metadata.name!);
  return queueAddNode(q, node.metadata.name!, node.metadata.uid ?? '', now);
}

export function markNodeAsReachable(
  s: NodeLifecycleState,
  node: KubeObject,
  kit: ControllerKit,
): boolean {
  swapNodeControllerTaint(node, [], [UNREACHABLE_TAINT_TEMPLATE, NOT_READY_TAINT_TEMPLATE], kit);
  const q = s.zoneNoExecuteTainter[zoneKey(node)];
  return q ? queueRemoveNode(q, node.metadata.name!) : false;
}

export function processTaintBaseEviction(
  s: NodeLifecycleState,
  node: KubeObject,
  observed: NodeCondition,
  kit: ControllerKit,
): void {
  const taints = taintsOf(node);
  switch (observed.status) {
    case 'False':
      // Mutually exclusive with unreachable: swap straight away rather than through the queue.
      if (taintExists(taints, UNREACHABLE_TAINT_TEMPLATE))
        swapNodeControllerTaint(
          node,
          [NOT_READY_TAINT_TEMPLATE],
          [UNREACHABLE_TAINT_TEMPLATE],
          kit,
        );
      else if (markNodeForTainting(s, node, 'False', kit.ctx.now))
        kit.ctx.note(`node ${node.metadata.name} is NotReady: added to the taint queue`);
      break;
    case 'Unknown':
      if (taintExists(taints, NOT_READY_TAINT_TEMPLATE))
        swapNodeControllerTaint(
          node,
          [UNREACHABLE_TAINT_TEMPLATE],
          [NOT_READY_TAINT_TEMPLATE],
          kit,
        );
      else if (markNodeForTainting(s, node, 'Unknown', kit.ctx.now))
        kit.ctx.note(`node ${node.metadata.name} is unresponsive: added to the taint queue`);
      break;
    case 'True':
      if (markNodeAsReachable(s, node, kit))
        kit.ctx.note(`node ${node.metadata.name} is healthy again: removed its taints`);
      break;
  }
}

export function setLimiterInZone(
  s: NodeLifecycleState,
  zone: string,
  size: number,
  state: ZoneState,
  kit: ControllerKit,
) {
  const q = s.zoneNoExecuteTainter[zone]!;
  const st = kit.settings;
  if (state === 'Normal' || state === 'FullDisruption')
    swapLimiter(q, st.nodeEvictionRate, kit.ctx.now);
  else if (state === 'PartialDisruption')
    swapLimiter(
      q,
      size > st.largeClusterSizeThreshold ? st.secondaryNodeEvictionRate : 0,
      kit.ctx.now,
    );
}

/** handleDisruption: per-zone eviction rates, and no evictions at all when every zone is down. */
export function handleDisruption(
  s: NodeLifecycleState,
  zoneToReady: Record<string, (string | undefined)[]>,
  nodes: readonly KubeObject[],
  kit: ControllerKit,
): void {
  const newStates: Record<string, ZoneState> = {};
  let allAreFullyDisrupted = true;
  for (const [zone, statuses] of Object.entries(zoneToReady)) {
    const { state } = computeZoneState(statuses, kit.settings.unhealthyZoneThreshold);
    if (state !== 'FullDisruption') allAreFullyDisrupted = false;
    newStates[zone] = state;
    s.zoneStates[zone] ??= 'Initial';
  }
  let allWasFullyDisrupted = true;
  for (const [zone, state] of Object.entries(s.zoneStates)) {
    if (!zoneToReady[zone]) {
      delete s.zoneStates[zone];
      continue;
    }
    if (state !== 'FullDisruption') {
      allWasFullyDisrupted = false;
      break;
    }
  }
  if (allAreFullyDisrupted && allWasFullyDisrupted) return;
  if (allAreFullyDisrupted) {
    kit.ctx.note('all nodes are not Ready: entering master disruption mode, evictions stop');
    for (const node of nodes) markNodeAsReachable(s, node, kit);
    for (const zone of Object.keys(s.zoneStates)) {
      swapLimiter(s.zoneNoExecuteTainter[zone]!, 0, kit.ctx.now);
      s.zoneStates[zone] = 'FullDisruption';
    }
    return;
  }
  if (allWasFullyDisrupted) {
    kit.ctx.note('some nodes are Ready: exiting master disruption mode');
    for (const node of nodes) {
      const h = s.nodeHealthMap[node.metadata.name!];
      if (h)
        s.nodeHealthMap[node.metadata.name!] = {
          ...h,
          probeTimestamp: kit.ctx.now,
          readyTransitionTimestamp: kit.ctx.now,
        };
    }
    for (const zone of Object.keys(s.zoneStates)) {
      setLimiterInZone(s, zone, zoneToReady[zone]?.length ?? 0, newStates[zone]!, kit);
      s.zoneStates[zone] = newStates[zone]!;
    }
    return;
  }
  for (const [zone, state] of Object.entries(s.zoneStates)) {
    const next = newStates[zone]!;
    if (state === next) continue;
    kit.ctx.note(`zone ${JSON.stringify(zone)} is now ${next}`);
    setLimiterInZone(s, zone, zoneToReady[zone]?.length ?? 0, next, kit);
    s.zoneStates[zone] = next;
  }
}

/**
 * doNoExecuteTaintingPass: each zone's queue hands out nodes as fast as its limiter allows. The
 * real controller polls every 100 ms; this one runs after each health check and sets a timer
 * for when a waiting queue's next token is due.
 */
export function doNoExecuteTaintingPass(s: NodeLifecycleState, kit: ControllerKit): void {
  const now = kit.ctx.now;
  let next: number | undefined;
  for (const zone of Object.keys(s.zoneNoExecuteTainter).sort()) {
    const q = s.zoneNoExecuteTainter[zone]!;
    queueTry(q, now, (value) => {
      const node = Lister.get(nodesInformer(kit), '', value.value);
      if (!node) return { done: true, waitMs: 0 };
      const ready = readyConditionOf(node);
      if (!ready) return { done: false, waitMs: 50 };
      // Unreachable and not-ready mirror the Ready condition, so they never coexist.
      if (ready.status === 'False')
        return {
          done: swapNodeControllerTaint(
            node,
            [NOT_READY_TAINT_TEMPLATE],
            [UNREACHABLE_TAINT_TEMPLATE],
            kit,
          ),
          waitMs: 0,
        };
      if (ready.status === 'Unknown')
        return {
          done: swapNodeControllerTaint(
            node,
            [UNREACHABLE_TAINT_TEMPLATE],
            [NOT_READY_TAINT_TEMPLATE],
            kit,
          ),
          waitMs: 0,
        };
      return { done: true, waitMs: 0 };
    });
    const head = q.queue[0];
    if (!head) continue;
    const due = Math.max(head.processAt, nextTokenAt(q.limiter, now) ?? Infinity);
    if (due !== Infinity) next = next === undefined ? due : Math.min(next, due);
  }
  if (next !== undefined && (s.taintingPassAt === undefined || next < s.taintingPassAt)) {
    s.taintingPassAt = Math.max(next, now + 1);
    kit.setTimer(s.taintingPassAt - now, 'doNoExecuteTaintingPass');
  }
}
