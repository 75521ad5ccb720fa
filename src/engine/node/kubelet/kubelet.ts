/**
 * The kubelet, one per node (`kubelet/<node>`): registers the Node and keeps its status and
 * lease fresh, watches the pods bound to its node, admits them, and runs each through a pod
 * worker that drives the node's container runtime over the CRI. It also answers metrics scrapes.
 * Identity: x509 CN system:node:<node>, group system:nodes (the system:node cluster role).
 */
import { deepCopy, type JsonValue } from '../../../shared/index.ts';
import type { Credentials } from '../../api/protocol.ts';
import {
  clientHandle,
  hasSynced,
  informerHandle,
  listerList,
  newClient,
  newEventRecorder,
  newInformer,
  startInformer,
  type ClientResponse,
} from '../../client/index.ts';
import type { Component, StepContext } from '../../sim/component.ts';
import type { Envelope } from '../../sim/envelope.ts';
import type { CriResponsePayload, CriResponses } from '../cri/protocol.ts';
import { resolveConfig, type KubeletConfig } from './config.ts';
import { processPullQueue } from './containerStart.ts';
import { criCall, takeCriReply } from './cri.ts';
import { handleLeaseReply, LEASE_TIMER, renewIntervalMs, renewLease } from './lease.ts';
import { reportMetrics } from './metrics.ts';
import { handleNodeReply, registerNode, updateNodeStatus } from './nodeStatus.ts';
import {
  adoptAll,
  handleContainerEvent,
  handlePodCriReply,
  handlePodEvent,
  syncAllPods,
} from './podLifecycle.ts';
import { syncPod } from './podWorker.ts';
import { PRE_STOP_TIMER, preStopFinished } from './preStop.ts';
import { handleDialProbeReply, PROBE_TIMER, probeTick } from './probeWorker.ts';
import { takeDialReply } from './dials.ts';
import type { TrafficPayload } from '../../traffic/protocol.ts';
import { handleRelistReply, relistComplete, startRelist } from './relist.ts';
import type { KubeletState } from './state.ts';
import {
  STATUS_SYNC_PERIOD_MS,
  handleStatusReply,
  syncBatch,
  updatePodStatus,
} from './statusManager.ts';
import { POD_SYNC_TIMER, takeWake } from './wakes.ts';

export const KUBELET_TYPE = 'kubelet';
export const kubeletId = (nodeName: string): string => `kubelet/${nodeName}`;

/** How often the runtime's health is checked (updateRuntimeUp) and the image list refreshed. */
const RUNTIME_STATUS_PERIOD_MS = 5_000;
const IMAGE_LIST_PERIOD_MS = 30_000;

export function kubeletCredentials(nodeName: string): Credentials {
  return { type: 'x509', commonName: `system:node:${nodeName}`, organizations: ['system:nodes'] };
}

function configurePodCidr(state: KubeletState, ctx: StepContext, cidr: string): void {
  if (!cidr || cidr === state.podCidr) return;
  state.podCidr = cidr;
  ctx.note(`pod CIDR ${cidr} handed to the runtime`);
  criCall(
    state,
    ctx,
    { method: 'UpdateRuntimeConfig', runtimeConfig: { networkConfig: { podCidr: cidr } } },
    'updateRuntimeConfig',
  );
}

function maybeAdopt(state: KubeletState, ctx: StepContext): void {
  if (state.relist.done || !hasSynced(state.pods) || !relistComplete(state)) return;
  adoptAll(state, ctx, listerList(state.pods));
}

function handleClientReply(state: KubeletState, ctx: StepContext, r: ClientResponse): void {
  if (handleNodeReply(state, ctx, r)) {
    if (r.tag === 'registerNode' || r.tag === 'existingNode') {
      if (state.registered && !state.lease.current && !state.lease.inFlight) {
        renewLease(state, ctx);
        ctx.setTimer(renewIntervalMs(state), LEASE_TIMER);
      }
    }
    return;
  }
  if (handleLeaseReply(state, ctx, r)) return;
  if (r.tag === 'podStatus') handleStatusReply(state, ctx, r);
}

function handleRuntimeReply(
  state: KubeletState,
  ctx: StepContext,
  tag: string,
  reply: CriResponsePayload,
): void {
  switch (tag) {
    case 'version': {
      if (reply.error) return;
      const v = reply.response as CriResponses['Version'];
      state.runtimeVersion = `${v.runtimeName}://${v.runtimeVersion}`;
      return registerNode(state, ctx);
    }
    case 'runtimeStatus': {
      if (reply.error) return;
      const conds = (reply.response as CriResponses['Status']).status.conditions;
      const runtime = conds.find((c) => c.type === 'RuntimeReady');
      const network = conds.find((c) => c.type === 'NetworkReady');
      const before = `${state.runtimeReady}/${state.networkReady}`;
      state.runtimeReady = !!runtime?.status;
      state.networkReady = !!network?.status;
      state.networkMessage = network?.status
        ? ''
        : `container runtime network not ready: NetworkReady=false reason:${network?.reason ?? ''} message:${network?.message ?? ''}`;
      // fastStatusUpdateOnce: report readiness as soon as it changes.
      if (before !== `${state.runtimeReady}/${state.networkReady}`) updateNodeStatus(state, ctx);
      return;
    }
    case 'updateRuntimeConfig':
      criCall(state, ctx, { method: 'Status' }, 'runtimeStatus');
      return syncAllPods(state, ctx);
    case 'listImages':
      if (!reply.error) state.images = (reply.response as CriResponses['ListImages']).images;
      return;
  }
}

function handleTimer(
  state: KubeletState,
  ctx: StepContext,
  name: string,
  data: JsonValue | undefined,
  timerId: string,
): void {
  switch (name) {
    case 'nodeStatus':
      updateNodeStatus(state, ctx);
      ctx.setTimer(state.config.statusUpdateMs, 'nodeStatus');
      return;
    case LEASE_TIMER:
      renewLease(state, ctx);
      ctx.setTimer(renewIntervalMs(state), LEASE_TIMER);
      return;
    case 'runtimeStatus':
      criCall(state, ctx, { method: 'Status' }, 'runtimeStatus');
      ctx.setTimer(RUNTIME_STATUS_PERIOD_MS, 'runtimeStatus');
      return;
    case 'imageList':
      criCall(state, ctx, { method: 'ListImages' }, 'listImages');
      ctx.setTimer(IMAGE_LIST_PERIOD_MS, 'imageList');
      return;
    case 'statusSync':
      syncBatch(state, ctx);
      ctx.setTimer(STATUS_SYNC_PERIOD_MS, 'statusSync');
      return;
    case 'podCidrFallback':
      if (!state.podCidr) {
        ctx.note(`no podCIDR from the nodeipam controller; using ${state.config.fallbackPodCIDR}`);
        configurePodCidr(state, ctx, state.config.fallbackPodCIDR);
      }
      return;
    case PROBE_TIMER:
      return probeTick(state, ctx, data as { uid: string; key: string }, timerId);
    case PRE_STOP_TIMER: {
      // The hook's sleep is over, or its grace period ran out while it ran.
      const { uid, id } = data as { uid: string; id: string };
      const w = state.workers.get(uid);
      if (w) preStopFinished(state, ctx, w, id, false);
      return;
    }
    case POD_SYNC_TIMER: {
      const w = takeWake(state, data as { uid: string; at: number });
      if (!w) return;
      updatePodStatus(state, ctx, w);
      return syncPod(state, ctx, w);
    }
  }
}

/** The answer to a connection the kubelet made to a pod IP: a probe's or a preStop hook's. */
function handleDial(state: KubeletState, ctx: StepContext, p: TrafficPayload): void {
  const answer = takeDialReply(state, p);
  const w = answer && state.workers.get(answer.purpose.uid);
  if (!answer || !w) return;
  const { purpose, response } = answer;
  if (purpose.for === 'probe')
    handleDialProbeReply(state, ctx, w, purpose.key, purpose.seq, response);
  else preStopFinished(state, ctx, w, purpose.containerId, !response.status);
}

export const kubelet: Component<KubeletState, KubeletConfig> = {
  type: KUBELET_TYPE,
  init(raw, ctx) {
    const config = resolveConfig(raw);
    const credentials = kubeletCredentials(config.nodeName);
    const apiserver = config.apiserver ? { apiserver: config.apiserver } : {};
    const state: KubeletState = {
      config,
      client: newClient({ name: 'kubelet', credentials, ...apiserver }),
      recorder: newEventRecorder(
        { component: 'kubelet', host: config.nodeName },
        config.startSeconds,
      ),
      pods: newInformer({
        name: 'pods',
        resource: 'pods',
        fieldSelector: `spec.nodeName=${config.nodeName}`,
        credentials,
        ...apiserver,
      }),
      node: newInformer({
        name: 'node',
        resource: 'nodes',
        fieldSelector: `metadata.name=${config.nodeName}`,
        credentials,
        ...apiserver,
      }),
      cri: new Map(),
      runtimeVersion: '',
      runtimeReady: false,
      networkReady: false,
      networkMessage: '',
      podCidr: '',
      startedAt: ctx.now,
      relist: { done: false, inspecting: 0 },
      registered: false,
      registering: false,
      nodeUid: '',
      nodeStatus: {
        lastReported: '',
        lastReportAt: 0,
        inFlight: false,
        transitions: {},
        readyReported: false,
      },
      lease: { inFlight: false },
      images: [],
      workers: new Map(),
      crashBackoff: {},
      imageBackoff: {},
      pullQueue: [],
      pulling: false,
      statuses: new Map(),
      dials: new Map(),
      dialSeq: 0,
      load: {},
    };
    startInformer(state.pods, ctx);
    startInformer(state.node, ctx);
    criCall(state, ctx, { method: 'Version', version: '0.1.0' }, 'version');
    criCall(state, ctx, { method: 'Status' }, 'runtimeStatus');
    criCall(state, ctx, { method: 'ListImages' }, 'listImages');
    startRelist(state, ctx);
    ctx.setTimer(config.statusUpdateMs, 'nodeStatus');
    ctx.setTimer(RUNTIME_STATUS_PERIOD_MS, 'runtimeStatus');
    ctx.setTimer(IMAGE_LIST_PERIOD_MS, 'imageList');
    ctx.setTimer(STATUS_SYNC_PERIOD_MS, 'statusSync');
    ctx.setTimer(config.podCIDRWaitMs, 'podCidrFallback');
    return state;
  },
  step(state, message: Envelope, ctx) {
    const p = message.payload;
    const podEvents = informerHandle(state.pods, message, ctx);
    if (podEvents) {
      if (state.relist.done) for (const e of podEvents) handlePodEvent(state, ctx, e);
      maybeAdopt(state, ctx);
      return state;
    }
    const nodeEvents = informerHandle(state.node, message, ctx);
    if (nodeEvents) {
      for (const e of nodeEvents) {
        if (e.type === 'delete') continue;
        const spec = (e.object.spec ?? {}) as { podCIDR?: string };
        configurePodCidr(state, ctx, spec.podCIDR ?? '');
      }
      return state;
    }
    const replies = clientHandle(state.client, message, ctx);
    if (replies) {
      for (const r of replies) handleClientReply(state, ctx, r);
      return state;
    }
    const cri = takeCriReply(state, message);
    if (cri) {
      const { call, reply } = cri;
      if (handleRelistReply(state, ctx, call.tag, reply, call.data)) maybeAdopt(state, ctx);
      else if (call.uid !== undefined) {
        const w = state.workers.get(call.uid);
        if (call.tag === 'pullImage' && !w) {
          state.pulling = false;
          processPullQueue(state, ctx);
        } else if (w) handlePodCriReply(state, ctx, w, call.tag, reply, call.sentAt, call.data);
      } else handleRuntimeReply(state, ctx, call.tag, reply);
      return state;
    }
    switch (p.kind) {
      case 'cri.event':
        handleContainerEvent(state, ctx, p);
        break;
      case 'timer':
        handleTimer(state, ctx, p.name, p.data, message.id);
        break;
      case 'traffic':
        handleDial(state, ctx, p);
        break;
      case 'metrics.scrape':
        reportMetrics(state, message, ctx);
        break;
      case 'load.demand':
        // Each message is the node's whole demand: pods it leaves out are asked for nothing.
        state.load = deepCopy(p.demand);
        break;
      default:
        break;
    }
    return state;
  },
};
