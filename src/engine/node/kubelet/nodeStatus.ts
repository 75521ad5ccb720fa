/**
 * Node registration and node status, as the kubelet's setters build them: capacity and
 * allocatable (MachineInfo), the four conditions with their real reasons and messages, addresses,
 * daemon endpoints, nodeInfo and the image list (at most 50, largest first). The status is
 * computed every nodeStatusUpdateFrequency and patched only when it changed or when
 * nodeStatusReportFrequency has passed since the last report: with node leases, the lease is the
 * heartbeat.
 */
import { stableStringify } from '../../../shared/index.ts';
import type { KubeObject } from '../../api/objects.ts';
import {
  Lister,
  isAlreadyExists,
  isSuccess,
  sendCreate,
  sendGet,
  sendPatch,
  type ClientResponse,
} from '../../client/index.ts';
import type { StepContext } from '../../sim/component.ts';
import { fakeSha256 } from '../containerd/images.ts';
import { KUBELET_VERSION } from './config.ts';
import { nodeEvent } from './events.ts';
import { heartbeatTimeoutMs } from './lease.ts';
import { timestamp } from './podStatus.ts';
import type { KubeletState } from './state.ts';

type Json = Record<string, unknown>;

const MAX_IMAGES_IN_NODE_STATUS = 50;

function uuidOf(text: string): string {
  const h = fakeSha256(text);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

function readyCondition(state: KubeletState): [string, string, string] {
  if (!state.runtimeReady)
    return [
      'False',
      'KubeletNotReady',
      'container runtime status check may not have completed yet',
    ];
  if (!state.networkReady) return ['False', 'KubeletNotReady', state.networkMessage];
  return ['True', 'KubeletReady', 'kubelet is posting ready status'];
}

/** The conditions without times: [type, status, reason, message]. */
function conditionValues(state: KubeletState): [string, string, string, string][] {
  return [
    [
      'MemoryPressure',
      'False',
      'KubeletHasSufficientMemory',
      'kubelet has sufficient memory available',
    ],
    ['DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
    ['PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
    ['Ready', ...readyCondition(state)],
  ];
}

/** Everything the status setters produce except the heartbeat and transition times. */
function statusBody(state: KubeletState): Json {
  const c = state.config;
  const images = [...state.images]
    .sort((a, b) => b.size - a.size)
    .slice(0, MAX_IMAGES_IN_NODE_STATUS)
    .map((i) => ({ names: [...i.repoDigests, ...i.repoTags], sizeBytes: i.size }));
  return {
    capacity: { ...c.capacity },
    allocatable: { ...c.allocatable },
    addresses: [
      { type: 'InternalIP', address: c.internalIP },
      { type: 'Hostname', address: c.nodeName },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
    nodeInfo: {
      machineID: fakeSha256(`machine ${c.nodeName}`).slice(0, 32),
      systemUUID: uuidOf(`system ${c.nodeName}`),
      bootID: uuidOf(`boot ${c.nodeName} ${state.startedAt}`),
      kernelVersion: '6.5.0-1025-azure',
      osImage: 'Debian GNU/Linux 12 (bookworm)',
      containerRuntimeVersion: state.runtimeVersion,
      kubeletVersion: KUBELET_VERSION,
      kubeProxyVersion: KUBELET_VERSION,
      operatingSystem: 'linux',
      architecture: 'amd64',
    },
    images,
  };
}

function fingerprintOf(state: KubeletState): string {
  return stableStringify(statusBody(state)) + stableStringify(conditionValues(state));
}

function conditions(state: KubeletState, ctx: StepContext): Json[] {
  const now = timestamp(state.config.startSeconds, ctx.now);
  return conditionValues(state).map(([type, status, reason, message]) => {
    const seen = state.nodeStatus.transitions[type];
    if (!seen || seen.status !== status) state.nodeStatus.transitions[type] = { status, at: now };
    return {
      type,
      status,
      lastHeartbeatTime: now,
      lastTransitionTime: state.nodeStatus.transitions[type]!.at,
      reason,
      message,
    };
  });
}

/** The Node the kubelet registers (initialNode). */
export function initialNode(state: KubeletState, ctx: StepContext): KubeObject {
  const c = state.config;
  const spec: Json = {};
  if (c.taints.length) spec.taints = c.taints.map((t) => ({ ...t }));
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: c.nodeName,
      labels: { ...c.labels },
      annotations: { 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
    },
    spec,
    status: { ...statusBody(state), conditions: conditions(state, ctx) },
  };
}

/** registerWithAPIServer: create the Node; if it exists (a restart), adopt it. */
export function registerNode(state: KubeletState, ctx: StepContext): void {
  if (state.registered || state.registering) return;
  state.registering = true;
  nodeEvent(state, ctx, 'Normal', 'Starting', 'Starting kubelet.');
  state.nodeStatus.lastReported = fingerprintOf(state);
  state.nodeStatus.lastReportAt = ctx.now;
  sendCreate(state.client, ctx, 'nodes', initialNode(state, ctx), { tag: 'registerNode' });
}

export function handleNodeReply(state: KubeletState, ctx: StepContext, r: ClientResponse): boolean {
  const name = state.config.nodeName;
  switch (r.tag) {
    case 'registerNode':
      if (isAlreadyExists(r)) {
        sendGet(state.client, ctx, 'nodes', '', name, { tag: 'existingNode' });
        return true;
      }
      if (!isSuccess(r)) {
        state.registering = false;
        return true;
      }
      registered(state, ctx, r.body as KubeObject, true);
      return true;
    case 'existingNode':
      if (isSuccess(r)) registered(state, ctx, r.body as KubeObject, false);
      else state.registering = false;
      return true;
    case 'nodeStatus':
      state.nodeStatus.inFlight = false;
      if (!isSuccess(r)) state.nodeStatus.lastReported = '';
      return true;
  }
  return false;
}

function registered(
  state: KubeletState,
  ctx: StepContext,
  node: KubeObject,
  created: boolean,
): void {
  state.registered = true;
  state.registering = false;
  state.nodeUid = node.metadata.uid ?? '';
  const name = state.config.nodeName;
  if (created) {
    for (const [reason] of [
      ['NodeHasSufficientMemory'],
      ['NodeHasNoDiskPressure'],
      ['NodeHasSufficientPID'],
    ] as const)
      nodeEvent(state, ctx, 'Normal', reason, `Node ${name} status is now: ${reason}`);
    nodeEvent(
      state,
      ctx,
      'Normal',
      'NodeAllocatableEnforced',
      'Updated Node Allocatable limit across pods',
    );
    if (state.runtimeReady && state.networkReady) markReadyReported(state, ctx);
    // What changed while the Node was being created is reported at once.
    updateNodeStatus(state, ctx);
  } else updateNodeStatus(state, ctx, true);
}

function markReadyReported(state: KubeletState, ctx: StepContext): void {
  if (state.nodeStatus.readyReported) return;
  state.nodeStatus.readyReported = true;
  const name = state.config.nodeName;
  nodeEvent(state, ctx, 'Normal', 'NodeReady', `Node ${name} status is now: NodeReady`);
}

/**
 * nodeStatusHasChanged against the apiserver's copy (the kubelet reads its Node before each
 * update): conditions someone else rewrote, such as the node lifecycle controller's Unknown for
 * a node it could not hear from, count as a change. The setters then give each condition whose
 * status differs a new lastTransitionTime.
 */
function apiConditionsChanged(state: KubeletState, ctx: StepContext): boolean {
  const node = Lister.get(state.node, '', state.config.nodeName);
  if (!node) return false;
  const api =
    (node.status as { conditions?: Record<string, unknown>[] } | undefined)?.conditions ?? [];
  let changed = api.length !== conditionValues(state).length;
  for (const [type, status, reason, message] of conditionValues(state)) {
    const c = api.find((x) => x.type === type);
    if (c && c.status !== status)
      state.nodeStatus.transitions[type] = {
        status,
        at: timestamp(state.config.startSeconds, ctx.now),
      };
    if (!c || c.status !== status || c.reason !== reason || c.message !== message) changed = true;
  }
  return changed;
}

/** syncNodeStatus: compute, and patch nodes/status if changed or the report interval passed. */
export function updateNodeStatus(state: KubeletState, ctx: StepContext, force = false): void {
  if (!state.registered || state.nodeStatus.inFlight) return;
  const body = statusBody(state);
  const fingerprint = fingerprintOf(state);
  const due = ctx.now - state.nodeStatus.lastReportAt >= state.config.statusReportMs;
  const changed = fingerprint !== state.nodeStatus.lastReported || apiConditionsChanged(state, ctx);
  if (!force && !due && !changed) return;
  const conds = conditions(state, ctx);
  state.nodeStatus.inFlight = true;
  state.nodeStatus.lastReported = fingerprint;
  state.nodeStatus.lastReportAt = ctx.now;
  const status: Json = {
    '$setElementOrder/conditions': conds.map((c) => ({ type: c.type })),
    conditions: conds,
    ...body,
  };
  sendPatch(
    state.client,
    ctx,
    'nodes',
    '',
    state.config.nodeName,
    { status },
    {
      tag: 'nodeStatus',
      timeoutMs: heartbeatTimeoutMs(state),
      subresource: 'status',
      patchType: 'application/strategic-merge-patch+json',
    },
  );
  if (readyCondition(state)[0] === 'True') markReadyReported(state, ctx);
}
