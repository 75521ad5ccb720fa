/**
 * scheduleOne: pop a pod, run the scheduling cycle (filter, score, select), assume it on the
 * chosen node and start the binding; or, if nothing fits, run PostFilter (preemption) and hand
 * the pod to handleSchedulingFailure. Binding replies come back through handleBindResponse.
 */
import { listerGet, recordEvent, sendRequest, type ClientResponse } from '../client/index.ts';
import type { KubeObject } from '../api/objects.ts';
import type { StepContext } from '../sim/component.ts';
import { assumePod, finishBinding, forgetPod, nodeList } from './cache.ts';
import {
  newRecord,
  pushDecision,
  recordFilter,
  recordScores,
  summarize,
  type DecisionRecord,
} from './decisions.ts';
import { defaultSelector } from './defaultSelector.ts';
import {
  findNodesThatPassFilters,
  fitErrorMessage,
  runPreFilter,
  type PreFilterState,
} from './filterPass.ts';
import { FILTERED_OUT_BY_PREFILTER, narrowNodes } from './nodeAffinityPreFilter.ts';
import { newPodInfo } from './podInfo.ts';
import { preempt } from './preemption.ts';
import { addUnschedulable, moveAll, queuePop, type QueuedPodInfo } from './queue.ts';
import { prioritizeNodes, selectHost } from './scorePass.ts';
import { prepareVictim, updatePodCondition } from './podStatus.ts';
import type { SchedulerState } from './state.ts';
import type { FilterStatus, NodeInfo } from './types.ts';

export const ERR_NO_NODES_AVAILABLE = 'no nodes available to schedule pods';

/** truncateMessage: events carry at most 1024 characters. */
function truncateMessage(message: string): string {
  const max = 1024;
  if (message.length <= max) return message;
  const suffix = ' ...';
  return message.slice(0, max - suffix.length) + suffix;
}

export function scheduleOne(state: SchedulerState, ctx: StepContext): void {
  const q = state.queue;
  const queued = queuePop(q, ctx.now);
  if (!queued) return;
  const p = queued.pod;
  const cycle = q.schedulingCycle;
  state.stats.attempts++;
  if (p.deleting) {
    event(state, ctx, p.pod, 'Warning', 'FailedScheduling', `skip schedule deleting pod: ${p.key}`);
    return;
  }
  const nodes = nodeList(state.cache);
  const record = newRecord({
    pod: p.key,
    uid: p.uid,
    cycle,
    attempt: queued.attempts,
    at: ctx.now,
    numAllNodes: nodes.length,
    startIndex: state.nextStartNodeIndex,
  });
  if (nodes.length === 0) {
    // schedulingCycle turns ErrNoNodesAvailable into an UnschedulableAndUnresolvable status, so the
    // condition says Unschedulable; no plugin rejected the pod, so it retries after back-off.
    record.outcome = 'unschedulable';
    record.message = ERR_NO_NODES_AVAILABLE;
    finish(state, ctx, record);
    handleSchedulingFailure(state, ctx, queued, 'Unschedulable', ERR_NO_NODES_AVAILABLE, []);
    return;
  }
  const pre = runPreFilter(p, nodes, state.namespaceLabels, state.cache);
  if (pre.rejected) {
    const rejected = pre.rejected;
    const statuses = new Map<string, FilterStatus>(nodes.map((n) => [n.name, rejected]));
    const plugins = [rejected.plugin];
    unschedulable(
      state,
      ctx,
      queued,
      record,
      nodes,
      pre,
      statuses,
      plugins,
      rejected.reasons.join(', '),
    );
    return;
  }
  const { kept, filteredOut } = narrowNodes(nodes, pre.nodeNames);
  const f = findNodesThatPassFilters(
    pre,
    p,
    kept,
    state.percentageOfNodesToScore,
    state.nextStartNodeIndex,
    filteredOut.length,
  );
  state.nextStartNodeIndex = f.nextStartNodeIndex;
  recordFilter(record, f, state.maxDecisionRows);
  if (f.feasible.length === 0) {
    const statuses = new Map<string, FilterStatus>();
    for (const n of filteredOut) statuses.set(n.name, FILTERED_OUT_BY_PREFILTER);
    for (const r of f.rejected) statuses.set(r.node.name, r.status);
    const plugins = [...new Set(f.rejected.map((r) => r.status.plugin))];
    unschedulable(state, ctx, queued, record, nodes, pre, statuses, plugins);
    return;
  }
  let host = f.feasible[0]!;
  if (f.feasible.length > 1) {
    const scores = prioritizeNodes({
      pod: p,
      nodes: f.feasible,
      all: nodes,
      imageNodes: state.cache.imageNodes,
      namespaces: state.namespaceLabels,
      defaultSpreadSelector: defaultSelector(state.informers, p),
      cache: state.cache,
    });
    const sel = selectHost(scores.totals, ctx.rng);
    host = f.feasible[sel.index]!;
    recordScores(record, f.feasible, scores, sel, state.maxDecisionRows);
    record.winner = host.name;
    record.outcome = 'binding';
    finish(state, ctx, record, scores.totals, sel.index);
  } else {
    record.winner = host.name;
    record.outcome = 'binding';
    finish(state, ctx, record);
  }
  assumePod(state.cache, { ...p, nodeName: host.name });
  state.binding.set(p.key, { queued, node: host.name, cycle });
  // DefaultBinder: POST the Binding subresource.
  sendRequest(
    state.client,
    ctx,
    {
      verb: 'create',
      resource: 'pods',
      namespace: p.namespace,
      name: p.name,
      subresource: 'binding',
      body: {
        apiVersion: 'v1',
        kind: 'Binding',
        metadata: { name: p.name, namespace: p.namespace, uid: p.uid },
        target: { kind: 'Node', name: host.name },
      },
    },
    { tag: 'bind', data: p.key },
  );
}

/**
 * No node fits: PostFilter (preemption) runs, then the FitError is recorded and the pod requeued.
 * After a PreFilter rejection its message stands in the FitError for the per-node reason counts.
 */
function unschedulable(
  state: SchedulerState,
  ctx: StepContext,
  queued: QueuedPodInfo,
  record: DecisionRecord,
  nodes: readonly NodeInfo[],
  pre: PreFilterState,
  statuses: Map<string, FilterStatus>,
  plugins: string[],
  preFilterMsg = '',
): void {
  const p = queued.pod;
  const post = preempt(pre, p, nodes, statuses, ctx.rng);
  const message = fitErrorMessage(nodes.length, statuses.values(), post.message, preFilterMsg);
  record.outcome = 'unschedulable';
  record.message = message;
  finish(state, ctx, record);
  let nominated: string | undefined;
  if (post.candidate) {
    nominated = post.candidate.node;
    for (const v of post.candidate.victims) prepareVictim(state, ctx, v.pod, p.pod, nominated);
    ctx.note(
      `preemption: nominated ${nominated}, evicting ${post.candidate.victims.map((v) => v.key).join(', ')}`,
    );
  }
  handleSchedulingFailure(state, ctx, queued, 'Unschedulable', message, plugins, nominated);
}

function finish(
  state: SchedulerState,
  ctx: StepContext,
  record: DecisionRecord,
  totals?: readonly number[],
  winner?: number,
): void {
  record.summary = summarize(record, totals, winner);
  ctx.note(`scheduleOne ${record.pod}: ${record.summary}`);
  pushDecision(state.decisions, record);
}

function event(
  state: SchedulerState,
  ctx: StepContext,
  obj: KubeObject,
  type: 'Normal' | 'Warning',
  reason: string,
  message: string,
): void {
  recordEvent(state.recorder, state.client, ctx, obj, type, reason, message);
}

/** The binding's reply: confirm (event Scheduled) or forget the assumed pod and retry. */
export function handleBindResponse(
  state: SchedulerState,
  ctx: StepContext,
  r: ClientResponse,
): void {
  const key = r.data as string;
  const inFlight = state.binding.get(key);
  if (!inFlight) return;
  state.binding.delete(key);
  const pod = inFlight.queued.pod;
  if (r.code >= 200 && r.code < 300) {
    finishBinding(state.cache, key);
    state.stats.scheduled++;
    // A pod is bound once: its Scheduled event never correlates with another, so the recorder's
    // memory of it is dropped straight away (a cluster-sized correlation map is costly to keep).
    state.scheduledRecorder.seen.clear();
    recordEvent(
      state.scheduledRecorder,
      state.client,
      ctx,
      pod.pod,
      'Normal',
      'Scheduled',
      `Successfully assigned ${key} to ${inFlight.node}`,
    );
    return;
  }
  state.stats.bindFailures++;
  forgetPod(state.cache, key);
  // Forgetting an assumed pod frees resources: treated as an assigned pod's deletion.
  moveAll(state.queue, { resource: 'Pod', action: 'Delete', label: 'AssignedPodDelete' }, ctx.now);
  const message = String(
    (r.body as { message?: unknown }).message ?? `binding failed with code ${r.code}`,
  );
  ctx.note(`binding ${key} to ${inFlight.node} failed: ${message}`);
  handleSchedulingFailure(state, ctx, inFlight.queued, 'SchedulerError', message, []);
}

/**
 * handleSchedulingFailure: requeue the pod (from the informer's latest copy, unless it is gone or
 * already assigned), record FailedScheduling, and set PodScheduled=False on the pod's status.
 */
export function handleSchedulingFailure(
  state: SchedulerState,
  ctx: StepContext,
  queued: QueuedPodInfo,
  reason: 'Unschedulable' | 'SchedulerError',
  message: string,
  plugins: string[],
  nominatedNode?: string,
): void {
  if (reason === 'Unschedulable') state.stats.unschedulable++;
  else state.stats.errors++;
  queued.unschedulablePlugins = plugins;
  const pod = queued.pod.pod;
  const cached = listerGet(state.informers.pods, queued.pod.namespace, queued.pod.name);
  if (cached && !(cached.spec as { nodeName?: string } | undefined)?.nodeName) {
    if (cached !== pod) queued.pod = newPodInfo(cached);
    addUnschedulable(state.queue, queued, state.queue.schedulingCycle, ctx.now);
  }
  event(state, ctx, pod, 'Warning', 'FailedScheduling', truncateMessage(message));
  updatePodCondition(state, ctx, cached ?? pod, reason, message, nominatedNode);
}
