/**
 * CRI calls in words: what the kubelet asks its container runtime (containerd) over the Container
 * Runtime Interface, and what the runtime reports back.
 */
import type { CriEventPayload, CriRequest } from '../node/cri/protocol.ts';

/** Container and sandbox ids are 64 hex digits; people read the first 13, as crictl prints. */
export function shortId(id: string): string {
  return id.length > 13 ? id.slice(0, 13) : id;
}

/** A verb phrase for a CRI request: 'create the pod sandbox for default/web-x (RunPodSandbox)'. */
export function criPhrase(r: CriRequest): string {
  switch (r.method) {
    case 'RunPodSandbox':
      return `create the pod sandbox for ${r.config.metadata.namespace}/${r.config.metadata.name} (RunPodSandbox: the pause container and the pod's network namespace and IP)`;
    case 'PullImage':
      return `pull image ${r.image.image} (PullImage)`;
    case 'ImageStatus':
      return `check whether image ${r.image.image} is already on the node (ImageStatus)`;
    case 'CreateContainer':
      return `create container ${r.config.metadata.name} from ${r.config.image.image} (CreateContainer)`;
    case 'StartContainer':
      return `start container ${shortId(r.containerId)} (StartContainer)`;
    case 'StopContainer':
      return `stop container ${shortId(r.containerId)} with a ${r.timeout} s grace period (StopContainer: SIGTERM, then SIGKILL)`;
    case 'ExecSync':
      return `run \`${r.cmd.join(' ')}\` in container ${shortId(r.containerId)} (ExecSync)`;
    case 'RemoveContainer':
      return `remove container ${shortId(r.containerId)}`;
    case 'ContainerStatus':
      return `report the status of container ${shortId(r.containerId)}`;
    case 'PodSandboxStatus':
      return `report the status of sandbox ${shortId(r.podSandboxId)}`;
    case 'StopPodSandbox':
      return `stop sandbox ${shortId(r.podSandboxId)}`;
    case 'RemovePodSandbox':
      return `remove sandbox ${shortId(r.podSandboxId)}`;
    case 'ListPodSandbox':
      return 'list the pod sandboxes it runs';
    case 'ListContainers':
      return 'list the containers it runs';
    case 'ListImages':
      return 'list the images it holds';
    case 'Status':
      return 'report whether the runtime and its network are ready (Status)';
    case 'Version':
      return 'say which runtime it is (Version)';
    case 'UpdateRuntimeConfig':
      return `use the pod CIDR ${r.runtimeConfig.networkConfig.podCidr} for pod IPs`;
    case 'RemoveImage':
      return `remove image ${r.image.image}`;
  }
}

/** A container event from the runtime, as a clause: 'container web (3f2a...) exited with code 1'. */
export function criEventText(p: CriEventPayload): string {
  const e = p.event;
  const status = e.containersStatuses.find((c) => c.id === e.containerId);
  const name = status?.metadata.name ?? shortId(e.containerId);
  switch (e.containerEventType) {
    case 'CONTAINER_STOPPED_EVENT': {
      const reason = status?.reason ? ` (${status.reason})` : '';
      return `container ${name} exited${status ? ` with code ${status.exitCode}${reason}` : ''}`;
    }
    case 'CONTAINER_STARTED_EVENT':
      return `container ${name} started`;
    case 'CONTAINER_CREATED_EVENT':
      return `container ${name} was created`;
    case 'CONTAINER_DELETED_EVENT':
      return `container ${name} was removed`;
  }
}
