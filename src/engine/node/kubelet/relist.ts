/**
 * What a (re)started kubelet learns from the runtime before it syncs any pod: the sandboxes and
 * containers that are already there (the PLEG's first relist). Running containers of pods that
 * are still bound to the node are adopted, not restarted; sandboxes of pods the apiserver no
 * longer has are stopped.
 */
import type { StepContext } from '../../sim/component.ts';
import type { CriResponsePayload, CriResponses } from '../cri/protocol.ts';
import { criCall } from './cri.ts';
import type { KubeletState, RuntimeContainer } from './state.ts';

export function startRelist(state: KubeletState, ctx: StepContext): void {
  criCall(state, ctx, { method: 'ListPodSandbox' }, 'relistSandboxes');
  criCall(state, ctx, { method: 'ListContainers' }, 'relistContainers');
}

export function relistComplete(state: KubeletState): boolean {
  const r = state.relist;
  return !!r.sandboxes && !!r.containers && r.inspecting === 0;
}

export function handleRelistReply(
  state: KubeletState,
  ctx: StepContext,
  tag: string,
  reply: CriResponsePayload,
  data: unknown,
): boolean {
  const r = state.relist;
  switch (tag) {
    case 'relistSandboxes': {
      const items = reply.error ? [] : (reply.response as CriResponses['ListPodSandbox']).items;
      r.sandboxes = items
        .sort((a, b) => a.createdAt - b.createdAt)
        .map((s) => ({
          id: s.id,
          uid: s.metadata.uid,
          ready: s.state === 'SANDBOX_READY',
          attempt: s.metadata.attempt,
        }));
      return true;
    }
    case 'relistContainers': {
      const list = reply.error ? [] : (reply.response as CriResponses['ListContainers']).containers;
      r.containers = {};
      for (const c of list) {
        r.inspecting++;
        criCall(
          state,
          ctx,
          { method: 'ContainerStatus', containerId: c.id },
          'relistInspect',
          undefined,
          c.labels['io.kubernetes.pod.uid'] ?? '',
        );
      }
      return true;
    }
    case 'relistInspect': {
      r.inspecting--;
      if (reply.error || !r.containers) return true;
      const s = (reply.response as CriResponses['ContainerStatus']).status;
      const uid = typeof data === 'string' ? data : '';
      const instance: RuntimeContainer = {
        id: s.id,
        name: s.metadata.name,
        attempt: s.metadata.attempt,
        state: s.state,
        createdAt: s.createdAt,
        startedAt: s.startedAt,
        finishedAt: s.finishedAt,
        exitCode: s.exitCode,
        reason: s.reason,
        image: s.image.image,
        imageRef: s.imageRef,
      };
      (r.containers[uid] ??= []).push(instance);
      return true;
    }
  }
  return false;
}
