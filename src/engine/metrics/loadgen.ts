/**
 * The outside world's traffic, as CPU demand: the user sets a total demand in millicores per
 * workload (a namespace and a label selector), and every few seconds the load generator spreads
 * each workload's demand evenly over its Running and Ready pods (the way a Service would spread
 * requests) and tells each node's kubelet the demand of the pods it runs.
 */
import type { Credentials } from '../api/protocol.ts';
import type { KubeObject } from '../api/objects.ts';
import { matchesLabels, parseLabelSelector } from '../api/labels.ts';
import {
  Lister,
  informerHandle,
  hasSynced,
  newInformer,
  startInformer,
  type Informer,
} from '../client/index.ts';
import type { Component, StepContext } from '../sim/component.ts';
import { kubeletOf, type LoadSetPayload, type WorkloadDemand } from './protocol.ts';

/** The outside world reads pods as a viewer would (the bootstrap `view` role). */
export const LOADGEN_CREDENTIALS: Credentials = {
  type: 'x509',
  commonName: 'loadgen',
  organizations: ['viewers'],
};

export const DEFAULT_LOAD_PERIOD_MS = 5_000;

export interface LoadgenConfig {
  workloads?: WorkloadDemand[];
  periodMs?: number;
  credentials?: Credentials;
}

export interface LoadgenState {
  periodMs: number;
  pods: Informer;
  /** By `namespace/selector`. */
  workloads: Record<string, WorkloadDemand>;
  /** What each node was last told (pod uid -> millicores), so a node that loses its load hears so once. */
  sent: Record<string, Record<string, number>>;
  /** Whether the pod informer runs: a load generator with no workload has nothing to watch. */
  watching: boolean;
}

function watchPods(state: LoadgenState, ctx: StepContext): void {
  if (state.watching) return;
  state.watching = true;
  startInformer(state.pods, ctx);
}

const TICK = 'spread';

export function isLoadSet(payload: unknown): payload is LoadSetPayload {
  return (payload as { kind?: unknown } | null)?.kind === 'load.set';
}

function isRunningAndReady(pod: KubeObject): boolean {
  const status = pod.status as
    { phase?: string; conditions?: { type: string; status: string }[] } | undefined;
  if (pod.metadata.deletionTimestamp || status?.phase !== 'Running') return false;
  return (status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

function setWorkload(state: LoadgenState, w: WorkloadDemand, ctx: StepContext): void {
  const key = `${w.namespace}/${w.selector}`;
  if (!parseLabelSelector(w.selector).ok) {
    ctx.note(`loadgen: invalid selector ${JSON.stringify(w.selector)}`);
    return;
  }
  if (w.millicores > 0) state.workloads[key] = { ...w };
  else delete state.workloads[key];
  ctx.note(`loadgen: ${key} = ${w.millicores}m`);
}

/** Node -> (pod uid -> millicores): each workload's demand split evenly, remainders to the first pods. */
export function spreadDemand(state: LoadgenState): Record<string, Record<string, number>> {
  const byNode: Record<string, Record<string, number>> = {};
  for (const key of Object.keys(state.workloads).sort()) {
    const w = state.workloads[key]!;
    const parsed = parseLabelSelector(w.selector);
    if (!parsed.ok) continue;
    const pods = Lister.list(state.pods, { namespace: w.namespace })
      .filter((p) => matchesLabels(parsed.selector, p.metadata.labels) && isRunningAndReady(p))
      .filter((p) => (p.spec as { nodeName?: string } | undefined)?.nodeName)
      .sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
    if (!pods.length) continue;
    const total = Math.round(w.millicores);
    const share = Math.floor(total / pods.length);
    pods.forEach((pod, i) => {
      const node = (pod.spec as { nodeName: string }).nodeName;
      const uid = pod.metadata.uid ?? '';
      const forNode = (byNode[node] ??= {});
      forNode[uid] = (forNode[uid] ?? 0) + share + (i < total % pods.length ? 1 : 0);
    });
  }
  return byNode;
}

function spread(state: LoadgenState, ctx: StepContext): void {
  const byNode = spreadDemand(state);
  for (const node of Object.keys(state.sent).sort())
    if (!byNode[node]) {
      ctx.send(kubeletOf(node), { kind: 'load.demand', demand: {} });
      delete state.sent[node];
    }
  for (const node of Object.keys(byNode).sort()) {
    ctx.send(kubeletOf(node), { kind: 'load.demand', demand: byNode[node]! });
    state.sent[node] = byNode[node]!;
  }
}

export const loadgen: Component<LoadgenState, LoadgenConfig> = {
  type: 'loadgen',
  init(config, ctx) {
    const state: LoadgenState = {
      periodMs: config.periodMs ?? DEFAULT_LOAD_PERIOD_MS,
      pods: newInformer({
        resource: 'pods',
        credentials: config.credentials ?? LOADGEN_CREDENTIALS,
      }),
      workloads: {},
      sent: {},
      watching: false,
    };
    for (const w of config.workloads ?? []) setWorkload(state, w, ctx);
    if (Object.keys(state.workloads).length > 0) watchPods(state, ctx);
    ctx.setTimer(state.periodMs, TICK);
    return state;
  },
  step(state, message, ctx) {
    const p: unknown = message.payload;
    const wasSynced = hasSynced(state.pods);
    if (informerHandle(state.pods, message, ctx)) {
      // Started on the first workload: send its demand as soon as the pods are known.
      if (!wasSynced && hasSynced(state.pods)) spread(state, ctx);
      return state;
    }
    if (isLoadSet(p)) {
      setWorkload(state, p.workload, ctx);
      watchPods(state, ctx);
      spread(state, ctx);
    } else if (message.payload.kind === 'timer' && message.payload.name === TICK) {
      spread(state, ctx);
      ctx.setTimer(state.periodMs, TICK);
    }
    return state;
  },
};
