/**
 * metrics-server: every --metric-resolution (15 s) it scrapes each node's kubelet resource metrics
 * endpoint, keeps the latest usage of every pod, and serves it as the metrics.k8s.io API, which
 * the kube-apiserver's aggregation layer proxies to it (kubectl top, the HPA controller).
 *
 * Nodes come from a node informer and pod labels from a pod informer (label selectors are
 * evaluated here, against the pods' labels, as metrics-server does). A node that does not answer
 * within a cycle drops out of the store, like a failed scrape in metrics-server's batch.
 */
import { DEFAULT_START_SECONDS } from '../../shared/index.ts';
import type { ApiRequestPayload, Credentials } from '../api/protocol.ts';
import type { KubeObject } from '../api/objects.ts';
import { matchesLabels, parseLabelSelector, type LabelSelector } from '../api/labels.ts';
import { statusErrors } from '../api/status.ts';
import {
  Lister,
  hasSynced,
  informersHandle,
  newInformer,
  startInformer,
  type Informer,
} from '../client/index.ts';
import type { Component, StepContext } from '../sim/component.ts';
import type { Envelope } from '../sim/envelope.ts';
import { podMetricsList, podMetricsOf } from './podMetrics.ts';
import { kubeletOf, type PodUsage } from './protocol.ts';

export const METRICS_SERVER_CREDENTIALS: Credentials = {
  type: 'x509',
  commonName: 'system:metrics-server',
};

/** --metric-resolution's default. */
export const DEFAULT_METRIC_RESOLUTION_MS = 15_000;

export interface MetricsServerConfig {
  metricResolutionMs?: number;
  credentials?: Credentials;
  /** Wall-clock seconds at virtual time 0 (for creationTimestamp). */
  startSeconds?: number;
}

interface NodeSample {
  pods: PodUsage[];
  /** Virtual time the report arrived. */
  at: number;
}

export interface MetricsServerState {
  resolutionMs: number;
  startSeconds: number;
  informers: { nodes: Informer; pods: Informer };
  /** The latest successful scrape of each node. */
  nodes: Record<string, NodeSample>;
  /** Scrapes of the current cycle awaiting a report: message id -> node. */
  scrapes: Record<string, string>;
  cycles: number;
}

const TICK = 'scrape';
const PREFIX = '/apis/metrics.k8s.io/v1beta1/';
const PODMETRICS = {
  groupResource: 'podmetrics.metrics.k8s.io',
  group: 'metrics.k8s.io',
  resource: 'pods',
};

function scrapeCycle(state: MetricsServerState, ctx: StepContext): void {
  // Nodes that never answered the last cycle failed their scrape: their pods leave the store.
  for (const node of Object.values(state.scrapes)) delete state.nodes[node];
  state.scrapes = {};
  const known = new Set<string>();
  for (const node of Lister.list(state.informers.nodes)) {
    const name = node.metadata.name ?? '';
    known.add(name);
    state.scrapes[ctx.send(kubeletOf(name), { kind: 'metrics.scrape' })] = name;
  }
  for (const name of Object.keys(state.nodes)) if (!known.has(name)) delete state.nodes[name];
  state.cycles++;
  if (Object.keys(state.scrapes).length)
    ctx.note(`scraping ${Object.keys(state.scrapes).length} node(s)`);
}

/** Every pod the store has usage for, with its current labels; pods the API no longer has are dropped. */
function storedPods(state: MetricsServerState): { usage: PodUsage; pod: KubeObject }[] {
  const out: { usage: PodUsage; pod: KubeObject }[] = [];
  for (const sample of Object.values(state.nodes))
    for (const usage of sample.pods) {
      const pod = Lister.get(state.informers.pods, usage.namespace, usage.name);
      if (pod) out.push({ usage, pod });
    }
  return out.sort(
    (a, b) =>
      a.usage.namespace.localeCompare(b.usage.namespace) ||
      a.usage.name.localeCompare(b.usage.name),
  );
}

function respond(ctx: StepContext, message: Envelope, code: number, body: object): void {
  ctx.send(message.from, {
    kind: 'api.response',
    inReplyTo: message.id,
    code,
    body: body as Record<string, unknown>,
  });
}

/** GET .../pods, .../namespaces/{ns}/pods and .../namespaces/{ns}/pods/{name}. */
function serve(state: MetricsServerState, message: Envelope<ApiRequestPayload>, ctx: StepContext) {
  const p = message.payload;
  const rest = p.path.startsWith(PREFIX) ? p.path.slice(PREFIX.length).split('/') : [];
  let namespace: string | undefined;
  let name: string | undefined;
  if (rest.length === 1 && rest[0] === 'pods') {
    // all namespaces
  } else if (rest[0] === 'namespaces' && rest[2] === 'pods' && rest.length <= 4) {
    namespace = rest[1];
    name = rest[3];
  } else {
    return respond(ctx, message, 404, statusErrors.pathNotFound());
  }
  if (p.method !== 'GET')
    return respond(ctx, message, 405, statusErrors.methodNotAllowed(p.method));
  let selector: LabelSelector | undefined;
  const text = p.query?.labelSelector;
  if (text) {
    const parsed = parseLabelSelector(text);
    if (!parsed.ok) return respond(ctx, message, 400, statusErrors.badRequest(parsed.error));
    selector = parsed.selector;
  }
  const nowSeconds = state.startSeconds + ctx.now / 1000;
  const pods = storedPods(state).filter(
    ({ usage }) =>
      (namespace === undefined || usage.namespace === namespace) &&
      (name === undefined || usage.name === name),
  );
  if (name !== undefined) {
    const found = pods[0];
    if (!found)
      return respond(ctx, message, 404, statusErrors.notFound(PODMETRICS, `${namespace}/${name}`));
    return respond(
      ctx,
      message,
      200,
      podMetricsOf(found.usage, found.pod.metadata.labels, nowSeconds),
    );
  }
  const items = pods
    .filter(({ pod }) => !selector || matchesLabels(selector, pod.metadata.labels))
    .map(({ usage, pod }) => podMetricsOf(usage, pod.metadata.labels, nowSeconds));
  ctx.note(`metrics.k8s.io: ${items.length} PodMetrics`);
  respond(ctx, message, 200, podMetricsList(items));
}

export const metricsServer: Component<MetricsServerState, MetricsServerConfig> = {
  type: 'metrics-server',
  init(config, ctx) {
    const credentials = config.credentials ?? METRICS_SERVER_CREDENTIALS;
    const state: MetricsServerState = {
      resolutionMs: config.metricResolutionMs ?? DEFAULT_METRIC_RESOLUTION_MS,
      startSeconds: config.startSeconds ?? DEFAULT_START_SECONDS,
      informers: {
        nodes: newInformer({ resource: 'nodes', credentials }),
        pods: newInformer({ resource: 'pods', credentials }),
      },
      nodes: {},
      scrapes: {},
      cycles: 0,
    };
    startInformer(state.informers.nodes, ctx);
    startInformer(state.informers.pods, ctx);
    ctx.setTimer(state.resolutionMs, TICK);
    return state;
  },
  step(state, message, ctx) {
    const p = message.payload;
    if (informersHandle(state.informers, message, ctx)) return state;
    if (p.kind === 'timer' && p.name === TICK) {
      if (hasSynced(state.informers.nodes)) scrapeCycle(state, ctx);
      ctx.setTimer(state.resolutionMs, TICK);
    } else if (p.kind === 'metrics.report') {
      const node = state.scrapes[p.inReplyTo];
      if (node === undefined) return state; // a report from an earlier cycle
      delete state.scrapes[p.inReplyTo];
      state.nodes[node] = { pods: p.pods, at: ctx.now };
    } else if (p.kind === 'api.request') {
      serve(state, message as Envelope<ApiRequestPayload>, ctx);
    }
    return state;
  },
};
