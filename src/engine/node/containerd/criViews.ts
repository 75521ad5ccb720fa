/**
 * How containerd's records look through the CRI: the PodSandboxStatus / ContainerStatus and the
 * list items the kubelet receives, and label-selector filtering for the List calls. Copies, so
 * nothing the kubelet holds aliases containerd's state.
 */
import type { Container, ContainerStatus, PodSandbox, PodSandboxStatus } from '../cri/protocol.ts';
import type { ContainerRecord, SandboxRecord } from './state.ts';

export const matches = (
  labels: Record<string, string>,
  selector: Record<string, string> | undefined,
) => !selector || Object.entries(selector).every(([k, v]) => labels[k] === v);

export function sandboxStatus(s: SandboxRecord): PodSandboxStatus {
  return {
    id: s.id,
    metadata: { ...s.metadata },
    state: s.state,
    createdAt: s.createdAt,
    network: { ip: s.ip, additionalIps: [] },
    labels: { ...s.labels },
    annotations: { ...s.annotations },
    runtimeHandler: '',
  };
}

export function toSandbox(s: SandboxRecord): PodSandbox {
  const { network: _network, ...rest } = sandboxStatus(s);
  return rest;
}

export function containerStatus(c: ContainerRecord): ContainerStatus {
  return {
    id: c.id,
    metadata: { ...c.metadata },
    state: c.state,
    createdAt: c.createdAt,
    startedAt: c.startedAt,
    finishedAt: c.finishedAt,
    exitCode: c.exitCode,
    image: { ...c.image },
    imageRef: c.imageRef,
    reason: c.reason,
    message: c.message,
    labels: { ...c.labels },
    annotations: { ...c.annotations },
  };
}

export function toContainer(c: ContainerRecord): Container {
  return {
    id: c.id,
    podSandboxId: c.podSandboxId,
    metadata: { ...c.metadata },
    image: { ...c.image },
    imageRef: c.imageRef,
    state: c.state,
    createdAt: c.createdAt,
    labels: { ...c.labels },
    annotations: { ...c.annotations },
  };
}
