/**
 * What a Service's EndpointSlices should hold: one Endpoint per selected pod (ready, serving and
 * terminating as conditions), grouped by the ports the pod resolves the Service ports to, and
 * cut into slices of at most maxEndpointsPerSlice. A service without endpoints still gets one
 * empty placeholder slice.
 */
import type { KubeObject } from '../../api/objects.ts';
import {
  findPort,
  hostnameFor,
  isPodReady,
  nodeNameOf,
  podIPv4,
  podTargetRef,
  serviceSpec,
  shouldPodBeInEndpoints,
  type PodReference,
} from '../endpoints/index.ts';

export const LABEL_SERVICE_NAME = 'kubernetes.io/service-name';
export const LABEL_MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';
export const CONTROLLER_NAME = 'endpointslice-controller.k8s.io';
/** --max-endpoints-per-slice. */
export const MAX_ENDPOINTS_PER_SLICE = 100;

export interface SlicePort {
  name: string;
  port: number;
  protocol: string;
  appProtocol?: string;
}

export interface SliceEndpoint {
  addresses: string[];
  conditions: { ready: boolean; serving: boolean; terminating: boolean };
  hostname?: string;
  targetRef: PodReference;
  nodeName?: string;
  zone?: string;
}

export interface DesiredGroup {
  ports: SlicePort[];
  endpoints: SliceEndpoint[];
}

export const portsKey = (ports: readonly SlicePort[]) => JSON.stringify(ports);

/** podToEndpoint: conditions as v1.30 computes them. */
export function podToEndpoint(
  pod: KubeObject,
  svc: KubeObject,
  ip: string,
  node: KubeObject | undefined,
): SliceEndpoint {
  const serving = isPodReady(pod);
  const terminating = !!pod.metadata.deletionTimestamp;
  // A terminating pod is never ready, unless the service publishes not-ready addresses.
  const ready = serviceSpec(svc).publishNotReadyAddresses === true || (serving && !terminating);
  const ep: SliceEndpoint = {
    addresses: [ip],
    conditions: { ready, serving, terminating },
    targetRef: podTargetRef(pod),
  };
  const hostname = hostnameFor(pod, svc);
  if (hostname) ep.hostname = hostname;
  const nodeName = nodeNameOf(pod);
  if (nodeName) ep.nodeName = nodeName;
  const zone = node?.metadata.labels?.['topology.kubernetes.io/zone'];
  if (zone) ep.zone = zone;
  return ep;
}

/**
 * The endpoints a service should have, by port set. `nodeOf` answers undefined for a node the
 * cache does not know; such pods are left out and `missingNode` is set so the service is retried.
 */
export function desiredEndpoints(
  svc: KubeObject,
  pods: readonly KubeObject[],
  nodeOf: (name: string) => KubeObject | undefined,
): { groups: DesiredGroup[]; missingNode: boolean } {
  const groups = new Map<string, DesiredGroup>();
  let missingNode = false;
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, true)) continue;
    const nodeName = nodeNameOf(pod);
    const node = nodeName ? nodeOf(nodeName) : undefined;
    if (nodeName && !node) {
      missingNode = true;
      continue;
    }
    const ip = podIPv4(pod);
    if (!ip) continue;
    const ports: SlicePort[] = [];
    for (const sp of serviceSpec(svc).ports ?? []) {
      const port = findPort(pod, sp);
      if (port === undefined) continue;
      const p: SlicePort = { name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP' };
      if (sp.appProtocol) p.appProtocol = sp.appProtocol;
      ports.push(p);
    }
    const key = portsKey(ports);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ports, endpoints: [] }));
    g.endpoints.push(podToEndpoint(pod, svc, ip, node));
  }
  return { groups: [...groups.values()], missingNode };
}

/** The labels every slice of the service carries (setEndpointSliceLabels). */
export function sliceLabels(svc: KubeObject): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(svc.metadata.labels ?? {}))
    if (k !== LABEL_SERVICE_NAME && k !== LABEL_MANAGED_BY) labels[k] = v;
  if (serviceSpec(svc).clusterIP === 'None') labels['service.kubernetes.io/headless'] = '';
  labels[LABEL_SERVICE_NAME] = svc.metadata.name ?? '';
  labels[LABEL_MANAGED_BY] = CONTROLLER_NAME;
  return labels;
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
