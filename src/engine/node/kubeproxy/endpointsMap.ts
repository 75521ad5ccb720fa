/**
 * The proxier's endpoints, from EndpointSlices as the EndpointSliceCache flattens them: grouped
 * by service port (namespace, service, port name, protocol), deduplicated by "ip:port", with
 * the conditions the proxier reads (ready and serving default to true when unset, terminating
 * to false) and whether the endpoint is on this node. Then CategorizeEndpoints, which picks
 * the endpoints each traffic policy may use.
 */
import type { KubeObject } from '../../api/objects.ts';
import { servicePortEndpointChainName } from './chainNames.ts';
import { usesClusterEndpoints, usesLocalEndpoints, type ServicePortInfo } from './serviceInfo.ts';

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

export interface EndpointInfo {
  ip: string;
  port: number;
  /** "ip:port", what the DNAT targets and the chain name hashes. */
  endpoint: string;
  nodeName: string;
  isLocal: boolean;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
  chain: string;
}

interface SliceView {
  addressType?: string;
  ports?: { name?: string | null; port?: number | null; protocol?: string }[];
  endpoints?: {
    addresses?: string[];
    nodeName?: string;
    conditions?: { ready?: boolean | null; serving?: boolean | null; terminating?: boolean | null };
  }[];
}

/** Key of a service port in the endpoints map: "namespace/service:portName/PROTOCOL". */
export function servicePortKey(
  namespace: string,
  service: string,
  portName: string,
  protocol: string,
) {
  return `${namespace}/${service}:${portName}/${protocol}`;
}

/** EndpointsMap: every service port's endpoints, sorted by "ip:port" so syncs are stable. */
export function buildEndpointsMap(
  slices: readonly KubeObject[],
  nodeName: string,
): Record<string, EndpointInfo[]> {
  const sets: Record<string, Map<string, EndpointInfo>> = {};
  for (const slice of slices) {
    const service = slice.metadata.labels?.[SERVICE_NAME_LABEL];
    if (!service) continue;
    const namespace = slice.metadata.namespace ?? '';
    const view = slice as unknown as SliceView;
    if (view.addressType && view.addressType !== 'IPv4') continue; // a single-stack IPv4 proxier
    for (const port of view.ports ?? []) {
      // A nil port name or a zero port is ignored ("Ignoring invalid endpoint port").
      if (port.name === undefined || port.name === null || !port.port) continue;
      const protocol = port.protocol ?? 'TCP';
      const key = servicePortKey(namespace, service, port.name, protocol);
      const spn = `${namespace}/${service}${port.name ? `:${port.name}` : ''}`;
      const set = (sets[key] ??= new Map());
      for (const ep of view.endpoints ?? []) {
        const ip = ep.addresses?.[0];
        if (!ip) continue;
        const endpoint = `${ip}:${port.port}`;
        const c = ep.conditions ?? {};
        const info: EndpointInfo = {
          ip,
          port: port.port,
          endpoint,
          nodeName: ep.nodeName ?? '',
          isLocal: ep.nodeName !== undefined && ep.nodeName === nodeName,
          ready: c.ready === undefined || c.ready === null || c.ready,
          serving: c.serving === undefined || c.serving === null || c.serving,
          terminating: c.terminating === true,
          chain: servicePortEndpointChainName(spn, protocol.toLowerCase(), endpoint),
        };
        // An endpoint seen in two slices (moving between them) counts once.
        if (!set.has(endpoint)) set.set(endpoint, info);
      }
    }
  }
  const map: Record<string, EndpointInfo[]> = {};
  for (const [key, set] of Object.entries(sets))
    map[key] = [...set.values()].sort((a, b) =>
      a.endpoint < b.endpoint ? -1 : a.endpoint > b.endpoint ? 1 : 0,
    );
  return map;
}

export interface CategorizedEndpoints {
  clusterEndpoints: EndpointInfo[];
  localEndpoints: EndpointInfo[];
  allReachableEndpoints: EndpointInfo[];
  hasAnyEndpoints: boolean;
}

/**
 * CategorizeEndpoints: usable endpoints are the Ready ones; when there are none, the ones
 * still serving while terminating, decided separately for Cluster and Local. Topology-aware
 * hints are not modelled.
 */
export function categorizeEndpoints(
  endpoints: readonly EndpointInfo[],
  svc: ServicePortInfo,
): CategorizedEndpoints {
  let clusterEndpoints: EndpointInfo[] = [];
  let localEndpoints: EndpointInfo[] = [];
  let hasAnyEndpoints = false;
  let servingTerminatingLocal = false;
  if (usesClusterEndpoints(svc)) {
    clusterEndpoints = endpoints.filter((ep) => ep.ready);
    if (clusterEndpoints.length === 0)
      clusterEndpoints = endpoints.filter((ep) => ep.serving && ep.terminating);
    if (clusterEndpoints.length > 0) hasAnyEndpoints = true;
  }
  if (!usesLocalEndpoints(svc))
    return {
      clusterEndpoints,
      localEndpoints,
      allReachableEndpoints: clusterEndpoints,
      hasAnyEndpoints,
    };
  let localReady = false;
  let localServingTerminating = false;
  for (const ep of endpoints) {
    if (ep.ready) {
      hasAnyEndpoints = true;
      if (ep.isLocal) localReady = true;
    } else if (ep.serving && ep.terminating) {
      hasAnyEndpoints = true;
      if (ep.isLocal) localServingTerminating = true;
    }
  }
  if (localReady) localEndpoints = endpoints.filter((ep) => ep.isLocal && ep.ready);
  else if (localServingTerminating) {
    servingTerminatingLocal = true;
    localEndpoints = endpoints.filter((ep) => ep.isLocal && ep.serving && ep.terminating);
  }
  if (!usesClusterEndpoints(svc))
    return {
      clusterEndpoints,
      localEndpoints,
      allReachableEndpoints: localEndpoints,
      hasAnyEndpoints,
    };
  if (!servingTerminatingLocal)
    return {
      clusterEndpoints,
      localEndpoints,
      allReachableEndpoints: clusterEndpoints,
      hasAnyEndpoints,
    };
  const merged = new Map<string, EndpointInfo>();
  for (const ep of [...clusterEndpoints, ...localEndpoints]) merged.set(ep.endpoint, ep);
  const allReachableEndpoints = [...merged.values()].sort((a, b) =>
    a.endpoint < b.endpoint ? -1 : a.endpoint > b.endpoint ? 1 : 0,
  );
  return { clusterEndpoints, localEndpoints, allReachableEndpoints, hasAnyEndpoints };
}
