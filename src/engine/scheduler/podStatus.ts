/**
 * The scheduler's writes to pods other than the binding: the PodScheduled=False condition after
 * a failed attempt (updatePod), and the preemption of a victim (prepareCandidate).
 */
import { formatRfc3339 } from '../../shared/index.ts';
import { recordEvent, sendRequest } from '../client/index.ts';
import type { KubeObject } from '../api/objects.ts';
import type { StepContext } from '../sim/component.ts';
import type { SchedulerState } from './state.ts';

const SOURCE = 'default-scheduler';

type Condition = Record<string, unknown>;

/** updatePod: patch pods/status only when the PodScheduled condition (or nomination) changes. */
export function updatePodCondition(
  state: SchedulerState,
  ctx: StepContext,
  pod: KubeObject,
  reason: string,
  message: string,
  nominatedNode: string | undefined,
): void {
  const status = (pod.status ?? {}) as { conditions?: Condition[]; nominatedNodeName?: string };
  const old = (status.conditions ?? []).find((c) => c.type === 'PodScheduled');
  const now = formatRfc3339(state.startSeconds + ctx.now / 1000);
  const transition = old && old.status === 'False' ? (old.lastTransitionTime ?? now) : now;
  const changed =
    !old ||
    old.status !== 'False' ||
    old.reason !== reason ||
    old.message !== message ||
    (old.lastProbeTime ?? null) !== null ||
    old.lastTransitionTime !== transition;
  const nominate = nominatedNode !== undefined && status.nominatedNodeName !== nominatedNode;
  if (!changed && !nominate) return;
  const patchStatus: Record<string, unknown> = {
    conditions: [
      {
        type: 'PodScheduled',
        status: 'False',
        lastProbeTime: null,
        lastTransitionTime: transition,
        reason,
        message,
      },
    ],
  };
  if (nominate) patchStatus.nominatedNodeName = nominatedNode;
  sendRequest(
    state.client,
    ctx,
    {
      verb: 'patch',
      resource: 'pods',
      namespace: pod.metadata.namespace,
      name: pod.metadata.name,
      subresource: 'status',
      body: { status: patchStatus },
      patchType: 'application/strategic-merge-patch+json',
    },
    { tag: 'status' },
  );
}

/** prepareCandidate for one victim: DisruptionTarget condition, delete, event Preempted. */
export function prepareVictim(
  state: SchedulerState,
  ctx: StepContext,
  victim: KubeObject,
  preemptor: KubeObject,
  node: string,
): void {
  const ns = victim.metadata.namespace ?? '';
  const name = victim.metadata.name ?? '';
  const now = formatRfc3339(state.startSeconds + ctx.now / 1000);
  const condition = {
    type: 'DisruptionTarget',
    status: 'True',
    lastProbeTime: null,
    lastTransitionTime: now,
    reason: 'PreemptionByScheduler',
    message: `${SOURCE}: preempting to accommodate a higher priority pod`,
  };
  sendRequest(
    state.client,
    ctx,
    {
      verb: 'patch',
      resource: 'pods',
      namespace: ns,
      name,
      subresource: 'status',
      body: { status: { conditions: [condition] } },
      patchType: 'application/strategic-merge-patch+json',
    },
    { tag: 'status' },
  );
  sendRequest(
    state.client,
    ctx,
    { verb: 'delete', resource: 'pods', namespace: ns, name },
    { tag: 'preempt' },
  );
  recordEvent(
    state.recorder,
    state.client,
    ctx,
    victim,
    'Normal',
    'Preempted',
    `Preempted by pod ${preemptor.metadata.uid ?? ''} on node ${node}`,
  );
}
