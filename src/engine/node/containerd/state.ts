/**
 * containerd's memory: sandboxes, containers, the image store and the CNI's address allocations.
 * Plain data, like every component's state. It is what survives a kubelet restart: the runtime
 * keeps running the containers, and the new kubelet re-lists them.
 */
import type { ContainerStatus, Image, PodSandbox, PodSandboxConfig } from '../cri/protocol.ts';
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

/** A sandbox as ListPodSandbox shows it, plus what containerd keeps behind it. */
export interface SandboxRecord extends Omit<PodSandbox, 'runtimeHandler'> {
  ip: string;
  config: PodSandboxConfig;
}

/** A container as ContainerStatus shows it, plus the process containerd simulates. */
export interface ContainerRecord extends ContainerStatus {
  podSandboxId: string;
  behaviour: Behaviour;
  /** The cgroup's memory limit from the CreateContainer request; 0: none. */
  memoryLimitInBytes: number;
  /** Bumped whenever the process changes state, so timers armed before are ignored. */
  token: number;
  /** StopContainer calls waiting for the process to exit: [caller, request id]. */
  stopReplies: [string, string][];
  /** SIGTERM has been sent. */
  stopping: boolean;
  /**
   * ExecSync calls whose command is still running in the container: [caller, request id]. Their
   * processes share the container's PID namespace, so they die with it.
   */
  execs?: [string, string][];
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
  sandboxes: Map<string, SandboxRecord>;
  containers: Map<string, ContainerRecord>;
  /** The image store, by image id: what ListImages reports. */
  images: Map<string, Image>;
}

/** Timer payloads containerd arms for itself. */
export type ContainerdTimer =
  | { name: 'pull'; data: { from: string; requestId: string; image: string } }
  | { name: 'exit'; data: { id: string; token: number; exitCode: number; reason: string } }
  | { name: 'exec'; data: ExecTimer };

/** An ExecSync still running: answered when the command ends or its timeout passes. */
export type ExecTimer = {
  from: string;
  requestId: string;
  id: string;
  /** The reply, or a DeadlineExceeded error text. */
  result: { stdout: string; stderr: string; exitCode: number } | { timeout: string };
};

export const HEX = '0123456789abcdef';
