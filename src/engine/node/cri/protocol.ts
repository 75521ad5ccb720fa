/**
 * The Container Runtime Interface (k8s.io/cri-api runtime.v1) as messages between a kubelet and
 * its node's container runtime (containerd). Method names are the RuntimeService and ImageService
 * RPCs; fields are the proto fields in camelCase (pod_sandbox_id -> podSandboxId). Owned by the
 * node agents.
 *
 * One deliberate difference: the CRI carries times as int64 Unix nanoseconds; here every time is
 * the sequencer's virtual milliseconds (a JavaScript number cannot hold today's nanoseconds).
 */

export type ContainerState =
  'CONTAINER_CREATED' | 'CONTAINER_RUNNING' | 'CONTAINER_EXITED' | 'CONTAINER_UNKNOWN';

export type PodSandboxState = 'SANDBOX_READY' | 'SANDBOX_NOTREADY';

export interface PodSandboxMetadata {
  name: string;
  uid: string;
  namespace: string;
  attempt: number;
}

export interface PodSandboxConfig {
  metadata: PodSandboxMetadata;
  hostname?: string;
  logDirectory?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface ImageSpec {
  image: string;
  annotations?: Record<string, string>;
}

export interface ContainerMetadata {
  name: string;
  attempt: number;
}

export interface KeyValue {
  key: string;
  value: string;
}

/** LinuxContainerResources: what the kubelet derives from requests and limits. */
export interface LinuxContainerResources {
  cpuPeriod?: number;
  cpuQuota?: number;
  cpuShares?: number;
  memoryLimitInBytes?: number;
}

export interface ContainerConfig {
  metadata: ContainerMetadata;
  image: ImageSpec;
  command?: string[];
  args?: string[];
  workingDir?: string;
  envs?: KeyValue[];
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  logPath?: string;
  linux?: { resources?: LinuxContainerResources };
}

export interface PodSandbox {
  id: string;
  metadata: PodSandboxMetadata;
  state: PodSandboxState;
  createdAt: number;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  runtimeHandler: string;
}

export interface PodSandboxStatus {
  id: string;
  metadata: PodSandboxMetadata;
  state: PodSandboxState;
  createdAt: number;
  network: { ip: string; additionalIps: { ip: string }[] };
  labels: Record<string, string>;
  annotations: Record<string, string>;
  runtimeHandler: string;
}

export interface Container {
  id: string;
  podSandboxId: string;
  metadata: ContainerMetadata;
  image: ImageSpec;
  /** The image id (a digest reference) the container was created from. */
  imageRef: string;
  state: ContainerState;
  createdAt: number;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface ContainerStatus {
  id: string;
  metadata: ContainerMetadata;
  state: ContainerState;
  createdAt: number;
  /** 0 until started / finished. */
  startedAt: number;
  finishedAt: number;
  exitCode: number;
  image: ImageSpec;
  imageRef: string;
  /** containerd: 'Completed' (exit 0), 'Error', 'OOMKilled'. */
  reason: string;
  message: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface Image {
  /** The image id: sha256:<digest of the config>. */
  id: string;
  repoTags: string[];
  repoDigests: string[];
  size: number;
}

export interface RuntimeCondition {
  type: 'RuntimeReady' | 'NetworkReady';
  status: boolean;
  reason: string;
  message: string;
}

export interface ContainerFilter {
  id?: string;
  podSandboxId?: string;
  state?: ContainerState;
  labelSelector?: Record<string, string>;
}

export interface PodSandboxFilter {
  id?: string;
  state?: PodSandboxState;
  labelSelector?: Record<string, string>;
}

export type CriRequest =
  | { method: 'Version'; version: string }
  | { method: 'Status'; verbose?: boolean }
  | { method: 'UpdateRuntimeConfig'; runtimeConfig: { networkConfig: { podCidr: string } } }
  | { method: 'RunPodSandbox'; config: PodSandboxConfig; runtimeHandler?: string }
  | { method: 'StopPodSandbox'; podSandboxId: string }
  | { method: 'RemovePodSandbox'; podSandboxId: string }
  | { method: 'PodSandboxStatus'; podSandboxId: string }
  | { method: 'ListPodSandbox'; filter?: PodSandboxFilter }
  | {
      method: 'CreateContainer';
      podSandboxId: string;
      config: ContainerConfig;
      sandboxConfig: PodSandboxConfig;
    }
  | { method: 'StartContainer'; containerId: string }
  /** Replies once the container has exited: after SIGTERM, or SIGKILL when `timeout` (s) runs out. */
  | { method: 'StopContainer'; containerId: string; timeout: number }
  | { method: 'RemoveContainer'; containerId: string }
  /** Runs a command in a running container; `timeout` (s) 0 waits as long as it takes. */
  | { method: 'ExecSync'; containerId: string; cmd: string[]; timeout: number }
  | { method: 'ContainerStatus'; containerId: string; verbose?: boolean }
  | { method: 'ListContainers'; filter?: ContainerFilter }
  | { method: 'PullImage'; image: ImageSpec; sandboxConfig?: PodSandboxConfig }
  | { method: 'ImageStatus'; image: ImageSpec }
  | { method: 'ListImages' }
  | { method: 'RemoveImage'; image: ImageSpec };

export type CriMethod = CriRequest['method'];

/** The reply message of each method. */
export interface CriResponses {
  Version: {
    version: string;
    runtimeName: string;
    runtimeVersion: string;
    runtimeApiVersion: string;
  };
  Status: { status: { conditions: RuntimeCondition[] } };
  UpdateRuntimeConfig: Record<string, never>;
  RunPodSandbox: { podSandboxId: string };
  StopPodSandbox: Record<string, never>;
  RemovePodSandbox: Record<string, never>;
  PodSandboxStatus: { status: PodSandboxStatus };
  ListPodSandbox: { items: PodSandbox[] };
  CreateContainer: { containerId: string };
  StartContainer: Record<string, never>;
  StopContainer: Record<string, never>;
  RemoveContainer: Record<string, never>;
  ExecSync: { stdout: string; stderr: string; exitCode: number };
  ContainerStatus: { status: ContainerStatus };
  ListContainers: { containers: Container[] };
  /** imageSize is not in PullImageResponse: the kubelet asks ImageStatus; carried here to spare a call. */
  PullImage: { imageRef: string; imageSize: number };
  /** `image` is absent when the image is not present (the CRI answers with a nil image). */
  ImageStatus: { image?: Image };
  ListImages: { images: Image[] };
  RemoveImage: Record<string, never>;
}

export interface CriRequestPayload {
  kind: 'cri.request';
  request: CriRequest;
}

/** gRPC status codes a runtime answers with. */
export type GrpcCode =
  | 'NotFound'
  | 'Unknown'
  | 'InvalidArgument'
  | 'FailedPrecondition'
  | 'AlreadyExists'
  | 'Internal'
  | 'DeadlineExceeded';

export interface CriResponsePayload {
  kind: 'cri.response';
  inReplyTo: string;
  /** The gRPC reply message, shaped per method (CriResponses). */
  response?: Record<string, unknown>;
  /**
   * A gRPC status error. A Go client prints it as `rpc error: code = <code> desc = <message>`,
   * which is the text the kubelet puts in events and container statuses.
   */
  error?: { code: GrpcCode; message: string };
}

export type ContainerEventType =
  | 'CONTAINER_CREATED_EVENT'
  | 'CONTAINER_STARTED_EVENT'
  | 'CONTAINER_STOPPED_EVENT'
  | 'CONTAINER_DELETED_EVENT';

/** Container lifecycle events (the CRI's GetContainerEvents stream, what evented PLEG reads). */
export interface CriEventPayload {
  kind: 'cri.event';
  event: {
    containerId: string;
    containerEventType: ContainerEventType;
    createdAt: number;
    podSandboxStatus?: PodSandboxStatus;
    containersStatuses: ContainerStatus[];
  };
}

/** How a Go gRPC client renders a status error. */
export function grpcErrorText(error: { code: string; message: string }): string {
  return `rpc error: code = ${error.code} desc = ${error.message}`;
}
