/**
 * What the kubelet sends containerd for a pod: the PodSandboxConfig (also used by RunPodSandbox
 * and PullImage) and the CreateContainer request with its kubelet labels, annotations and memory
 * limit. The request shapes live here so the start steps read as steps.
 */
import type { StepContext } from '../../sim/component.ts';
import { criCall } from './cri.ts';
import { latest, specOf, type SpecContainer } from './podStatus.ts';
import type { KubeletState, PodOperation, PodWorker } from './state.ts';

export function createContainer(
  state: KubeletState,
  ctx: StepContext,
  w: PodWorker,
  op: Extract<PodOperation, { kind: 'start' }>,
  c: SpecContainer,
) {
  op.step = 'create';
  const previous = latest(w, c.name);
  const attempt = previous ? previous.attempt + 1 : 0;
  const limits = c.resources?.limits ?? {};
  const resources: Record<string, number> = {};
  if (limits.memory) resources.memoryLimitInBytes = Number(parseBytes(limits.memory));
  const labels = {
    'io.kubernetes.container.name': c.name,
    'io.kubernetes.pod.name': w.name,
    'io.kubernetes.pod.namespace': w.namespace,
    'io.kubernetes.pod.uid': w.uid,
  };
  const sandboxConfig = sandboxConfigOf(w);
  criCall(
    state,
    ctx,
    {
      method: 'CreateContainer',
      podSandboxId: w.sandbox?.id ?? '',
      config: {
        metadata: { name: c.name, attempt },
        image: { image: c.image },
        ...(c.command ? { command: [...c.command] } : {}),
        ...(c.args ? { args: [...c.args] } : {}),
        envs: (c.env ?? []).map((e) => ({ key: e.name, value: e.value ?? '' })),
        labels,
        annotations: {
          'io.kubernetes.container.restartCount': String(attempt),
          'io.kubernetes.container.terminationMessagePath': '/dev/termination-log',
          'io.kubernetes.pod.terminationGracePeriod': String(
            specOf(w.pod).terminationGracePeriodSeconds ?? 30,
          ),
        },
        linux: { resources },
      },
      sandboxConfig,
    },
    'createContainer',
    w.uid,
    attempt,
  );
}

function parseBytes(q: string): number {
  const m = /^(\d+(?:\.\d+)?)([KMGT]i?)?$/.exec(q);
  if (!m) return 0;
  const units: Record<string, number> = {
    K: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    Ki: 1024,
    Mi: 1024 ** 2,
    Gi: 1024 ** 3,
    Ti: 1024 ** 4,
  };
  return Math.round(Number(m[1]) * (m[2] ? (units[m[2]] ?? 1) : 1));
}

export function sandboxConfigOf(w: PodWorker) {
  return {
    metadata: {
      name: w.name,
      uid: w.uid,
      namespace: w.namespace,
      attempt: w.sandbox?.attempt ?? 0,
    },
    hostname: w.name,
    logDirectory: `/var/log/pods/${w.namespace}_${w.name}_${w.uid}`,
    labels: {
      ...((w.pod.metadata.labels ?? {}) as Record<string, string>),
      'io.kubernetes.pod.name': w.name,
      'io.kubernetes.pod.namespace': w.namespace,
      'io.kubernetes.pod.uid': w.uid,
    },
    annotations: { ...((w.pod.metadata.annotations ?? {}) as Record<string, string>) },
  };
}
