/**
 * generateAPIPodStatus: the pod status the kubelet computes from the spec and what the runtime
 * reports: container statuses (state, lastState, restartCount, ready, started, image, imageID,
 * containerID), the phase (getPhase), and the kubelet-owned conditions in the kubelet's order
 * (PodReadyToStartContainers, Initialized, Ready, ContainersReady, PodScheduled).
 */
import { formatRfc3339 } from '../../../shared/index.ts';
import type { KubeObject } from '../../api/objects.ts';
import { probeStatus, type HandlerSpec, type ProbeSpec } from './probes.ts';
import type { PodWorker, RuntimeContainer } from './state.ts';

type Json = Record<string, unknown>;

export interface SpecContainer {
  name: string;
  image: string;
  imagePullPolicy?: string;
  command?: string[];
  args?: string[];
  env?: { name: string; value?: string }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  ports?: { name?: string; containerPort: number }[];
  livenessProbe?: ProbeSpec;
  readinessProbe?: ProbeSpec;
  startupProbe?: ProbeSpec;
  lifecycle?: { preStop?: HandlerSpec; postStart?: HandlerSpec };
}

export interface PodSpecView {
  containers: SpecContainer[];
  initContainers: SpecContainer[];
  restartPolicy: 'Always' | 'OnFailure' | 'Never';
  terminationGracePeriodSeconds?: number;
}

export function specOf(pod: KubeObject): PodSpecView {
  const spec = (pod.spec ?? {}) as Json;
  return {
    containers: (spec.containers ?? []) as SpecContainer[],
    initContainers: (spec.initContainers ?? []) as SpecContainer[],
    restartPolicy: (spec.restartPolicy ?? 'Always') as PodSpecView['restartPolicy'],
    ...(typeof spec.terminationGracePeriodSeconds === 'number'
      ? { terminationGracePeriodSeconds: spec.terminationGracePeriodSeconds }
      : {}),
  };
}

export interface StatusContext {
  now: number;
  startSeconds: number;
  hostIP: string;
  /** The pod is done: its containers will not run again (generateAPIPodStatus's podIsTerminal). */
  podIsTerminal: boolean;
}

export const timestamp = (startSeconds: number, ms: number): string =>
  formatRfc3339(startSeconds + ms / 1000);

export function latest(w: PodWorker, name: string): RuntimeContainer | undefined {
  const list = w.containers[name];
  return list?.[list.length - 1];
}

function terminated(c: RuntimeContainer, ts: (ms: number) => string): Json {
  return {
    terminated: {
      exitCode: c.exitCode,
      reason: c.reason || (c.exitCode === 0 ? 'Completed' : 'Error'),
      startedAt: ts(c.startedAt),
      finishedAt: ts(c.finishedAt),
      containerID: `containerd://${c.id}`,
    },
  };
}

function containerStatus(
  w: PodWorker,
  container: SpecContainer,
  defaultReason: string,
  sc: StatusContext,
): Json {
  const ts = (ms: number) => timestamp(sc.startSeconds, ms);
  const list = w.containers[container.name] ?? [];
  const current = list[list.length - 1];
  const previous = list[list.length - 2];
  let state: Json = { waiting: { reason: defaultReason } };
  let lastState: Json = previous?.state === 'CONTAINER_EXITED' ? terminated(previous, ts) : {};
  let ready = false;
  let started = false;
  if (current?.state === 'CONTAINER_RUNNING') {
    state = { running: { startedAt: ts(current.startedAt) } };
    ({ ready, started } = probeStatus(w, container, current));
  } else if (current?.state === 'CONTAINER_EXITED') state = terminated(current, ts);
  const why = w.reasons[container.name];
  if (why && current?.state !== 'CONTAINER_RUNNING' && !sc.podIsTerminal) {
    if (state.terminated) lastState = state;
    state = { waiting: { reason: why.reason, message: why.message } };
  }
  const status: Json = {
    name: container.name,
    state,
    lastState,
    ready,
    restartCount: current?.attempt ?? 0,
    image: current?.image ?? container.image,
    imageID: current?.imageRef ?? '',
  };
  if (current) status.containerID = `containerd://${current.id}`;
  status.started = started;
  return status;
}

/** getPhase, for regular init containers and containers. */
export function getPhase(
  spec: PodSpecView,
  init: Json[],
  regular: Json[],
  podIsTerminal: boolean,
): string {
  let pendingInit = 0;
  let failedInit = 0;
  for (const s of init) {
    const st = s.state as Json;
    const last = s.lastState as Json;
    if (st.running) pendingInit++;
    else if (st.terminated) {
      if ((st.terminated as Json).exitCode !== 0) failedInit++;
    } else if (last.terminated) {
      if ((last.terminated as Json).exitCode !== 0) failedInit++;
    } else pendingInit++;
  }
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const s of regular) {
    const st = s.state as Json;
    if (st.running) running++;
    else if (st.terminated) {
      stopped++;
      if ((st.terminated as Json).exitCode === 0) succeeded++;
    } else if ((s.lastState as Json).terminated) stopped++;
    else waiting++;
  }
  if (failedInit > 0 && spec.restartPolicy === 'Never') return 'Failed';
  const anyRegularStarted = regular.some(
    (s) =>
      (s.state as Json).running || (s.state as Json).terminated || (s.lastState as Json).terminated,
  );
  if ((pendingInit > 0 && !anyRegularStarted) || waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (stopped > 0) {
    if (podIsTerminal) return stopped === succeeded ? 'Succeeded' : 'Failed';
    if (spec.restartPolicy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (spec.restartPolicy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}

/**
 * The kubelet's conditions as it writes them: fields in PodCondition's order, lastTransitionTime
 * kept from the previous condition of the type while its status holds. Built whole, one shape per
 * field set: the status is generated on every runtime reply of every pod.
 */
class ConditionBuilder {
  constructor(
    private readonly previous: readonly Json[],
    private readonly now: string,
  ) {}

  build(type: string, ok: boolean, reason?: string, message?: string): Json {
    const status = ok ? 'True' : 'False';
    let since = this.now;
    for (let i = 0; i < this.previous.length; i++) {
      const before = this.previous[i]!;
      if (before.type !== type) continue;
      if (before.status === status && before.lastTransitionTime)
        since = before.lastTransitionTime as string;
      break;
    }
    // Go encodes the zero LastProbeTime as null; the apiserver stores it that way too, so the
    // kubelet's status compares equal to what it reads back.
    if (ok || !reason) return { type, status, lastProbeTime: null, lastTransitionTime: since };
    if (!message) return { type, status, lastProbeTime: null, lastTransitionTime: since, reason };
    return { type, status, lastProbeTime: null, lastTransitionTime: since, reason, message };
  }
}

/** The names of the statuses `keep` rejects, as the kubelet lists them in a condition message. */
function namesWhere(statuses: readonly Json[], keep: (s: Json) => boolean): string[] {
  const names: string[] = [];
  for (const s of statuses) if (keep(s)) names.push(s.name as string);
  return names;
}

function conditions(
  w: PodWorker,
  init: Json[],
  regular: Json[],
  phase: string,
  c: ConditionBuilder,
): Json[] {
  const sandboxReady = !!w.sandbox?.ready && !!w.sandbox.ip;
  const incomplete = namesWhere(init, (s) => {
    const t = (s.state as Json).terminated as Json | undefined;
    return !(t && t.exitCode === 0);
  });
  const initialized =
    incomplete.length === 0 || phase === 'Succeeded'
      ? c.build('Initialized', true)
      : c.build(
          'Initialized',
          false,
          'ContainersNotInitialized',
          `containers with incomplete status: [${incomplete.join(' ')}]`,
        );
  const unready = namesWhere(regular, (s) => s.ready !== true);
  const readyReason =
    phase === 'Succeeded' ? 'PodCompleted' : unready.length > 0 ? 'ContainersNotReady' : undefined;
  const readyMessage =
    readyReason === 'ContainersNotReady'
      ? `containers with unready status: [${unready.join(' ')}]`
      : undefined;
  const ok = readyReason === undefined;
  return [
    c.build('PodReadyToStartContainers', sandboxReady),
    initialized,
    c.build('Ready', ok, readyReason, readyMessage),
    c.build('ContainersReady', ok, readyReason, readyMessage),
    c.build('PodScheduled', true),
  ];
}

/** The whole status the kubelet wants the pod to have now. */
export function generatePodStatus(
  w: PodWorker,
  previous: Json | undefined,
  sc: StatusContext,
): Json {
  const pod = w.pod;
  const spec = specOf(pod);
  const apiStatus = (pod.status ?? {}) as Json;
  const ts = (ms: number) => timestamp(sc.startSeconds, ms);
  const startTime = (previous?.startTime ?? apiStatus.startTime ?? ts(w.addedAt)) as string;
  if (w.rejected)
    return {
      phase: 'Failed',
      reason: w.rejected.reason,
      message: w.rejected.message,
      ...(apiStatus.qosClass ? { qosClass: apiStatus.qosClass } : {}),
      startTime,
    };
  const hasInit = spec.initContainers.length > 0;
  const defaultReason = hasInit ? 'PodInitializing' : 'ContainerCreating';
  const init = spec.initContainers.map((c) => containerStatus(w, c, defaultReason, sc));
  const regular = spec.containers.map((c) => containerStatus(w, c, defaultReason, sc));
  const phase = getPhase(spec, init, regular, sc.podIsTerminal);
  const prevConditions = (previous?.conditions ?? apiStatus.conditions ?? []) as Json[];
  const conds = conditions(
    w,
    init,
    regular,
    phase,
    new ConditionBuilder(prevConditions, ts(sc.now)),
  );
  const status: Json = {
    phase,
    conditions: conds,
    hostIP: sc.hostIP,
    hostIPs: [{ ip: sc.hostIP }],
  };
  const ip = w.sandbox?.ip || (apiStatus.podIP as string | undefined);
  if (ip) {
    status.podIP = ip;
    status.podIPs = [{ ip }];
  }
  status.startTime = startTime;
  if (hasInit) status.initContainerStatuses = init;
  status.containerStatuses = regular;
  if (apiStatus.qosClass) status.qosClass = apiStatus.qosClass;
  return status;
}
