/**
 * kube-proxy in iptables mode, one per node (`kube-proxy/<node>`): it watches Services and
 * EndpointSlices (and its own Node), and on each change reprograms the node's rule table with
 * syncProxyRules, paced by the BoundedFrequencyRunner (minSyncPeriod 1 s, burst 2). It is also
 * the node's packet path for simulated `traffic`: a request is matched against the rules as
 * last synced, DNATed to an endpoint chosen by the rules' probabilities, forwarded to the
 * endpoint node's container runtime, and the reply is passed back to the client (conntrack).
 */
import type { Credentials } from '../../api/protocol.ts';
import type { KubeObject } from '../../api/objects.ts';
import {
  hasSynced,
  informerHandle,
  Lister,
  newInformer,
  startInformer,
  type Informer,
} from '../../client/index.ts';
import type { Component, StepContext } from '../../sim/component.ts';
import type { ComponentId, Envelope } from '../../sim/envelope.ts';
import type { TrafficPayload } from '../../traffic/protocol.ts';
import { buildEndpointsMap } from './endpointsMap.ts';
import { routePacket } from './packetPath.ts';
import { emptyRuleTable, type RuleTable } from './ruleTable.ts';
import { servicePortInfos } from './serviceInfo.ts';
import { newSyncRunner, runnerHandle, runnerRun, type SyncRunnerState } from './syncRunner.ts';
import { DEFAULT_PROXIER_OPTIONS, syncProxyRules, type ProxierOptions } from './syncProxyRules.ts';

export const KUBE_PROXY_CREDENTIALS: Credentials = {
  type: 'x509',
  commonName: 'system:kube-proxy',
};

/** kube-proxy ignores services another proxy claims, and headless services' slices. */
export const PROXY_LABEL_SELECTOR =
  '!service.kubernetes.io/service-proxy-name,!service.kubernetes.io/headless';

export interface KubeProxyConfig {
  nodeName: string;
  /** --cluster-cidr. */
  clusterCIDR?: string;
  /** iptables.minSyncPeriod (1 s). */
  minSyncPeriodMs?: number;
  /** The node's addresses when its Node object does not list them (yet). */
  nodeIPs?: string[];
}

export interface ConntrackEntry {
  client: ComponentId;
  /** What the client dialled, restored on the reply. */
  destination: string;
  /** The endpoint it was DNATed to. */
  endpoint: string;
  backendNode: string;
}

export interface KubeProxyState {
  nodeName: string;
  options: ProxierOptions;
  services: Informer;
  endpointSlices: Informer;
  node: Informer;
  runner: SyncRunnerState;
  /** Services and EndpointSlices have both been listed once (proxier.isInitialized). */
  initialized: boolean;
  rules: RuleTable;
  syncs: number;
  /** Which node each endpoint IP lives on, as of the last sync (how the DNAT is routed). */
  endpointNodes: Record<string, string>;
  /** The node's own addresses (addrtype LOCAL). */
  nodeIPs: string[];
  configuredNodeIPs: string[];
  conntrack: Record<string, ConntrackEntry>;
}

function sync(state: KubeProxyState, ctx: StepContext): void {
  const services = Lister.list(state.services).flatMap(servicePortInfos);
  const endpointsMap = buildEndpointsMap(Lister.list(state.endpointSlices), state.nodeName);
  state.rules = syncProxyRules(services, endpointsMap, state.options, ctx.now);
  state.endpointNodes = {};
  for (const eps of Object.values(endpointsMap))
    for (const ep of eps) if (ep.nodeName) state.endpointNodes[ep.ip] = ep.nodeName;
  state.syncs++;
  const natRules = state.rules.nat.chains.reduce((n, c) => n + c.rules.length, 0);
  ctx.note(
    `syncProxyRules: ${state.rules.numServices} service ports, ${state.rules.numEndpoints} endpoints, ${natRules} nat rules`,
  );
}

function nodeAddresses(node: KubeObject | undefined): string[] {
  const status = node?.status as { addresses?: { type?: string; address?: string }[] } | undefined;
  return (status?.addresses ?? [])
    .filter((a) => (a.type === 'InternalIP' || a.type === 'ExternalIP') && a.address)
    .map((a) => a.address!);
}

/** Whether a change matters to the proxier (ServiceChangeTracker/EndpointsChangeTracker.Update). */
function proxyRelevant(
  resource: 'services' | 'slices',
  old: KubeObject | undefined,
  cur: KubeObject | undefined,
) {
  const view = (o: KubeObject | undefined) =>
    o === undefined
      ? ''
      : JSON.stringify(
          resource === 'services'
            ? servicePortInfos(o)
            : [o.metadata.labels, o.ports, o.endpoints, o.addressType],
        );
  return view(old) !== view(cur);
}

function handleTraffic(
  state: KubeProxyState,
  message: Envelope,
  p: TrafficPayload,
  ctx: StepContext,
): void {
  if (p.response) {
    const entry = state.conntrack[p.requestId];
    if (!entry) {
      ctx.note(`conntrack: no connection for ${p.requestId}; reply dropped`);
      return;
    }
    delete state.conntrack[p.requestId];
    ctx.note(`conntrack: reply from ${entry.endpoint}, un-DNAT to ${entry.destination}`);
    ctx.send(entry.client, { ...p, destination: entry.destination, hops: [...p.hops, ctx.self] });
    return;
  }
  const hops = p.hops.length > 0 ? p.hops : [message.from];
  const colon = p.destination.lastIndexOf(':');
  const packet = {
    ...(p.source !== undefined ? { source: p.source } : {}),
    destination: p.destination.slice(0, colon),
    dport: Number(p.destination.slice(colon + 1)),
    protocol: p.protocol,
  };
  const localAddresses = state.nodeIPs.length > 0 ? state.nodeIPs : state.configuredNodeIPs;
  const result = routePacket(state.rules, packet, localAddresses, ctx.rng);
  for (const line of result.trace) ctx.note(line);
  const reply = (error: string) =>
    ctx.send(message.from, { ...p, hops: [...hops, ctx.self], response: { status: 0, error } });
  const v = result.verdict;
  if (v.kind === 'DNAT') {
    const backendNode = state.endpointNodes[v.ip];
    if (!backendNode) return void reply('no route to host');
    state.conntrack[p.requestId] = {
      client: message.from,
      destination: p.destination,
      endpoint: v.to,
      backendNode,
    };
    ctx.send(`containerd/${backendNode}`, { ...p, destination: v.to, hops: [...hops, ctx.self] });
  } else if (v.kind === 'REJECT') {
    reply('connection refused');
  } else if (v.kind === 'DROP') {
    // A dropped SYN gets no answer: the client gives up after its connect timeout.
    reply('connection timed out');
  } else {
    // Nothing listens on the node for that port (RST), or the address routes nowhere.
    reply(
      localAddresses.includes(packet.destination) ? 'connection refused' : 'connection timed out',
    );
  }
}

export const kubeProxy: Component<KubeProxyState, KubeProxyConfig> = {
  type: 'kube-proxy',
  init(config, ctx) {
    const credentials = KUBE_PROXY_CREDENTIALS;
    const state: KubeProxyState = {
      nodeName: config.nodeName,
      options: {
        ...DEFAULT_PROXIER_OPTIONS,
        ...(config.clusterCIDR ? { clusterCIDR: config.clusterCIDR } : {}),
      },
      services: newInformer({
        resource: 'services',
        labelSelector: PROXY_LABEL_SELECTOR,
        credentials,
      }),
      endpointSlices: newInformer({
        resource: 'endpointslices.discovery.k8s.io',
        labelSelector: PROXY_LABEL_SELECTOR,
        credentials,
      }),
      node: newInformer({
        resource: 'nodes',
        fieldSelector: `metadata.name=${config.nodeName}`,
        credentials,
      }),
      runner: newSyncRunner(config.minSyncPeriodMs ?? 1000, ctx.now),
      initialized: false,
      rules: emptyRuleTable(),
      syncs: 0,
      endpointNodes: {},
      nodeIPs: [],
      configuredNodeIPs: config.nodeIPs ?? [],
      conntrack: {},
    };
    startInformer(state.node, ctx);
    startInformer(state.services, ctx);
    startInformer(state.endpointSlices, ctx);
    return state;
  },
  step(state, message, ctx) {
    const p = message.payload;
    if (p.kind === 'traffic') {
      handleTraffic(state, message, p, ctx);
      return state;
    }
    const nodeEvents = informerHandle(state.node, message, ctx);
    if (nodeEvents) {
      state.nodeIPs = nodeAddresses(Lister.get(state.node, '', state.nodeName));
      return state;
    }
    let changed = false;
    for (const [informer, kind] of [
      [state.services, 'services'],
      [state.endpointSlices, 'slices'],
    ] as const) {
      const events = informerHandle(informer, message, ctx);
      if (!events) continue;
      for (const e of events) {
        const old = e.type === 'update' ? e.oldObject : e.type === 'delete' ? e.object : undefined;
        const cur = e.type === 'delete' ? undefined : e.object;
        if (proxyRelevant(kind, old, cur)) changed = true;
      }
    }
    if (!state.initialized) {
      if (hasSynced(state.services) && hasSynced(state.endpointSlices)) {
        // OnServiceSynced / OnEndpointSlicesSynced sync unconditionally, once per lifetime.
        state.initialized = true;
        sync(state, ctx);
      }
      return state;
    }
    if (changed && runnerRun(state.runner, ctx)) sync(state, ctx);
    if (runnerHandle(state.runner, message, ctx)) sync(state, ctx);
    return state;
  },
};
