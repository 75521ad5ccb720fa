/**
 * The Container Runtime Interface (k8s.io/cri-api runtime.v1) as messages between a kubelet and
 * its node's container runtime (containerd). Method and field names follow the CRI's gRPC API.
 * Owned by the node agents; extend as the kubelet needs.
 */

export type ContainerState =
  'CONTAINER_CREATED' | 'CONTAINER_RUNNING' | 'CONTAINER_EXITED' | 'CONTAINER_UNKNOWN';

export type CriRequest =
  | {
      method: 'RunPodSandbox';
      config: { name: string; namespace: string; uid: string; attempt: number; hostname?: string };
    }
  | { method: 'StopPodSandbox'; podSandboxId: string }
  | { method: 'RemovePodSandbox'; podSandboxId: string }
  | { method: 'PullImage'; image: string }
  | { method: 'ImageStatus'; image: string }
  | {
      method: 'CreateContainer';
      podSandboxId: string;
      config: { name: string; image: string; attempt: number };
    }
  | { method: 'StartContainer'; containerId: string }
  | { method: 'StopContainer'; containerId: string; timeout: number }
  | { method: 'RemoveContainer'; containerId: string }
  | { method: 'ContainerStatus'; containerId: string }
  | { method: 'ListContainers' };

export interface CriRequestPayload {
  kind: 'cri.request';
  request: CriRequest;
}

export interface CriResponsePayload {
  kind: 'cri.response';
  inReplyTo: string;
  /** The gRPC reply message, shaped per method. */
  response?: Record<string, unknown>;
  /** A gRPC status error, e.g. { code: 'NotFound', message: 'pull access denied ...' }. */
  error?: { code: string; message: string };
}

/** Container lifecycle events (the CRI's GetContainerEvents stream). */
export interface CriEventPayload {
  kind: 'cri.event';
  event: {
    type:
      | 'CONTAINER_CREATED_EVENT'
      | 'CONTAINER_STARTED_EVENT'
      | 'CONTAINER_STOPPED_EVENT'
      | 'CONTAINER_DELETED_EVENT';
    containerId: string;
    podSandboxId: string;
    createdAt: number;
  };
}
