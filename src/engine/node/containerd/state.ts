/**
 * containerd's memory: sandboxes, containers, the image store and the CNI's address allocations.
 * Plain data, like every component's state. It is what survives a kubelet restart: the runtime
 * keeps running the containers, and the new kubelet re-lists them.
 */
import type {
  ContainerMetadata,
  ContainerState,
  ImageSpec,
  PodSandboxConfig,
  PodSandboxMetadata,
  PodSandboxState,
} from '../cri/protocol.ts';
import type { Behaviour } from './behaviour.ts';

export interface ContainerdConfig {
  nodeName: string;
  /** Where container events go (the CRI event stream); default `kubelet/<nodeName>`. */
  kubelet?: string;
  /** Images already in the store when containerd starts (the sandbox image at least). */
  preloadedImages?: string[];
  /** Registry download speed; default 50 MB/s. */
  pullBytesPerSecond?: number;
  /** Resolving a reference (manifest and config round trips) before the layers; default 300 ms. */
  pullOverheadMs?: number;
}

export interface SandboxRecord {
  id: string;
  metadata: PodSandboxMetadata;
  state: PodSandboxState;
  createdAt: number;
  ip: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  config: PodSandboxConfig;
}

export interface ContainerRecord {
  id: string;
  podSandboxId: string;
  metadata: ContainerMetadata;
  image: ImageSpec;
  imageRef: string;
  state: ContainerState;
  createdAt: number;
  startedAt: number;
  finishedAt: number;
  exitCode: number;
  reason: string;
  message: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  behaviour: Behaviour;
  /** Bumped whenever the process changes state, so timers armed before are ignored. */
  token: number;
  /** StopContainer calls waiting for the process to exit: [caller, request id]. */
  stopReplies: [string, string][];
  /** SIGTERM has been sent. */
  stopping: boolean;
}

export interface StoredImage {
  id: string;
  repoTags: string[];
  repoDigests: string[];
  size: number;
}

export interface ContainerdState {
  nodeName: string;
  kubelet: string;
  bytesPerMs: number;
  pullOverheadMs: number;
  /** From the kubelet's UpdateRuntimeConfig; the CNI's host-local IPAM allocates from it. */
  podCidr: string;
  /** The last address handed out, as an offset in the range (host-local allocates round robin). */
  lastReserved: number;
  sandboxes: Record<string, SandboxRecord>;
  containers: Record<string, ContainerRecord>;
  /** The image store, by image id. */
  images: Record<string, StoredImage>;
}

/** Timer payloads containerd arms for itself. */
export type ContainerdTimer =
  | { name: 'pull'; data: { from: string; requestId: string; image: string } }
  | { name: 'exit'; data: { id: string; token: number; exitCode: number; reason: string } };

export const HEX = '0123456789abcdef';
