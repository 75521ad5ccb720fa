/** Events the kubelet records about pods and its node (source component "kubelet", host the node). */
import type { KubeObject } from '../../api/objects.ts';
import { recordEvent, type EventType } from '../../client/index.ts';
import type { StepContext } from '../../sim/component.ts';
import type { KubeletState, PodWorker } from './state.ts';

/** format.Pod: name_namespace(uid), how the kubelet names a pod in messages. */
export const formatPod = (w: PodWorker): string => `${w.name}_${w.namespace}(${w.uid})`;

/** The fieldPath of a container reference (kubecontainer.GenerateContainerRef). */
export const containerFieldPath = (name: string, init: boolean): string =>
  `spec.${init ? 'initContainers' : 'containers'}{${name}}`;

export function podEvent(
  state: KubeletState,
  ctx: StepContext,
  w: PodWorker,
  type: EventType,
  reason: string,
  message: string,
  fieldPath?: string,
): void {
  recordEvent(state.recorder, state.client, ctx, w.pod, type, reason, message, fieldPath);
}

/** The kubelet refers to its node with the node name as uid (nodeRef). */
export function nodeEvent(
  state: KubeletState,
  ctx: StepContext,
  type: EventType,
  reason: string,
  message: string,
): void {
  const name = state.config.nodeName;
  const ref: KubeObject = { apiVersion: 'v1', kind: 'Node', metadata: { name, uid: name } };
  recordEvent(state.recorder, state.client, ctx, ref, type, reason, message);
}
