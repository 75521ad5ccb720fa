/**
 * How pods enter and leave the kubelet: HandlePodAdditions (admission, then a pod worker),
 * updates, removals, the adoption of what the runtime already runs after a restart, and the
 * runtime's replies and events for a pod's operations.
 */
import { deepEqual } from '../../../shared/index.ts';
import type { StepContext } from '../../sim/component.ts';
import type { KubeObject } from '../../api/objects.ts';
import type { InformerEvent } from '../../client/index.ts';
import {
  grpcErrorText,
  type CriEventPayload,
  type CriResponsePayload,
  type CriResponses,
} from '../cri/protocol.ts';
import { admitPod } from './admission.ts';
import { handleStartReply, SYNC_ERROR_BACKOFF_MS } from './containerStart.ts';
import { criCall } from './cri.ts';
import { podEvent } from './events.ts';
import { handleKillReply } from './killPod.ts';
import { handlePreStopExecReply } from './preStop.ts';
import { handleExecProbeReply } from './probeWorker.ts';
import { syncPod } from './podWorker.ts';
import type { KubeletState, PodWorker } from './state.ts';
import { updatePodStatus } from './statusManager.ts';
import { scheduleWake } from './wakes.ts';

function newWorker(pod: KubeObject, now: number): PodWorker {
  return {
    uid: pod.metadata.uid ?? '',
    namespace: pod.metadata.namespace ?? '',
    name: pod.metadata.name ?? '',
    pod,
    phase: 'syncing',
    removed: false,
    pendingSync: false,
    containers: {},
    reasons: {},
    retryAt: {},
    addedAt: now,
    wakes: [],
    terminal: false,
    finalDeleteSent: false,
  };
}

/** HandlePodAdditions for one pod. */
export function addPod(state: KubeletState, ctx: StepContext, pod: KubeObject): PodWorker {
  const w = newWorker(pod, ctx.now);
  state.workers.set(w.uid, w);
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') {
    w.phase = 'terminated';
    w.frozen = true;
    return w;
  }
  const adopted = state.relist.containers?.[w.uid];
  const sandbox = state.relist.sandboxes?.filter((s) => s.uid === w.uid).pop();
  if (sandbox)
    w.sandbox = { id: sandbox.id, ip: '', ready: sandbox.ready, attempt: sandbox.attempt };
  for (const c of (adopted ?? []).sort((a, b) => a.createdAt - b.createdAt))
    (w.containers[c.name] ??= []).push(c);
  if (!pod.metadata.deletionTimestamp && !adopted?.length) {
    const rejection = admitPod(state, pod);
    if (rejection) {
      w.rejected = { reason: rejection.reason, message: `Pod was rejected: ${rejection.message}` };
      w.phase = 'terminated';
      podEvent(state, ctx, w, 'Warning', rejection.reason, rejection.message);
      return w;
    }
  }
  return w;
}

/** Once the runtime has been listed and the pods informer has synced: adopt, then sync all. */
export function adoptAll(state: KubeletState, ctx: StepContext, pods: KubeObject[]): void {
  state.relist.done = true;
  const known = new Set(pods.map((p) => p.metadata.uid));
  for (const s of state.relist.sandboxes ?? [])
    if (s.ready && !known.has(s.uid))
      criCall(state, ctx, { method: 'StopPodSandbox', podSandboxId: s.id }, 'orphanSandbox');
  const sorted = [...pods].sort((a, b) =>
    String(a.metadata.creationTimestamp).localeCompare(String(b.metadata.creationTimestamp)),
  );
  for (const pod of sorted) syncPod(state, ctx, addPod(state, ctx, pod));
  delete state.relist.sandboxes;
  delete state.relist.containers;
}

export function handlePodEvent(state: KubeletState, ctx: StepContext, e: InformerEvent): void {
  const uid = e.object.metadata.uid ?? '';
  const w = state.workers.get(uid);
  if (e.type === 'delete') {
    if (!w) return;
    w.removed = true;
    w.pod = e.object;
    return syncPod(state, ctx, w);
  }
  if (!w) return syncPod(state, ctx, addPod(state, ctx, e.object));
  const before = w.pod;
  w.pod = e.object;
  // The kubelet's config source passes on only semantic changes: its own status writes are not.
  if (podsDifferSemantically(before, e.object)) syncPod(state, ctx, w);
}

function podsDifferSemantically(a: KubeObject, b: KubeObject): boolean {
  const pick = (p: KubeObject) => [
    p.spec,
    p.metadata.labels,
    p.metadata.annotations,
    p.metadata.deletionTimestamp,
    p.metadata.deletionGracePeriodSeconds,
  ];
  return !deepEqual(pick(a), pick(b));
}

export function syncAllPods(state: KubeletState, ctx: StepContext): void {
  for (const w of [...state.workers.values()]) syncPod(state, ctx, w);
}

/** A reply to one of a pod's CRI calls. */
export function handlePodCriReply(
  state: KubeletState,
  ctx: StepContext,
  w: PodWorker,
  tag: string,
  reply: CriResponsePayload,
  sentAt: number,
  data: unknown,
): void {
  // Creating the sandbox and starting each regular container are steps of one SyncPod: when one
  // ends, the same call goes on to the next (past a container that failed to start), and the
  // status it set at its start stands until it has nothing left to start, where the real kubelet
  // syncs again. So a new pod is patched twice: ContainerCreating, then Running with its IP. An
  // init container ends its SyncPod (the real one starts one and returns), as does a sandbox that
  // is not ready.
  // Probes and hooks run beside the pod worker, not as one of its operations.
  if (tag === 'probe') return handleExecProbeReply(state, ctx, w, reply, data);
  if (tag === 'preStop') return handlePreStopExecReply(state, ctx, w, reply, data);
  const op = w.op;
  let stepOfSync = op?.kind === 'start' && !op.init;
  let ended = false;
  switch (tag) {
    case 'runPodSandbox':
      if (reply.error) {
        const text = grpcErrorText(reply.error);
        podEvent(
          state,
          ctx,
          w,
          'Warning',
          'FailedCreatePodSandBox',
          `Failed to create pod sandbox: ${text}`,
        );
        w.op = undefined;
        scheduleWake(state, ctx, w, ctx.now + SYNC_ERROR_BACKOFF_MS);
        ended = true;
        break;
      }
      if (w.sandbox) w.sandbox.id = (reply.response as CriResponses['RunPodSandbox']).podSandboxId;
      w.op = { kind: 'sandbox', step: 'status' };
      criCall(
        state,
        ctx,
        { method: 'PodSandboxStatus', podSandboxId: w.sandbox?.id ?? '' },
        'podSandboxStatus',
        w.uid,
      );
      break;
    case 'podSandboxStatus':
      if (!reply.error && w.sandbox) {
        const s = (reply.response as CriResponses['PodSandboxStatus']).status;
        w.sandbox.ip = s.network.ip;
        w.sandbox.ready = s.state === 'SANDBOX_READY';
      }
      w.op = undefined;
      stepOfSync = !reply.error && w.sandbox?.ready === true;
      ended = true;
      break;
    case 'stopContainer':
    case 'stopPodSandbox':
    case 'killedStatus':
      ended = handleKillReply(state, ctx, w, tag, reply, data);
      break;
    default:
      ended = handleStartReply(state, ctx, w, tag, reply, sentAt, data);
  }
  if (!ended) return;
  if (!stepOfSync) updatePodStatus(state, ctx, w);
  syncPod(state, ctx, w);
}

/** A container event from the runtime (evented PLEG): a container of ours stopped. */
export function handleContainerEvent(
  state: KubeletState,
  ctx: StepContext,
  p: CriEventPayload,
): void {
  const status = p.event.containersStatuses[0];
  if (!status || p.event.containerEventType !== 'CONTAINER_STOPPED_EVENT') return;
  for (const w of state.workers.values()) {
    const instance = w.containers[status.metadata.name]?.find((c) => c.id === status.id);
    if (!instance) continue;
    instance.state = 'CONTAINER_EXITED';
    instance.startedAt = status.startedAt || instance.startedAt;
    instance.finishedAt = status.finishedAt;
    instance.exitCode = status.exitCode;
    instance.reason = status.reason;
    updatePodStatus(state, ctx, w);
    syncPod(state, ctx, w);
    return;
  }
}
