/**
 * What the endpoints and EndpointSlice controllers read off a Service and its pods: which pods
 * belong to it, whether a pod can be an endpoint at all, whether it is ready, and which port a
 * Service port's targetPort means on that pod.
 */
import type { KubeObject } from '../../api/objects.ts';
import { Lister, type Informer } from '../../client/index.ts';

export interface ServicePort {
  name?: string;
  port: number;
  protocol?: string;
  appProtocol?: string;
  targetPort?: number | string;
}

export interface ServiceSpec {
  selector?: Record<string, string> | null;
  ports?: ServicePort[];
  clusterIP?: string;
  publishNotReadyAddresses?: boolean;
}

export const serviceSpec = (svc: KubeObject) => (svc.spec ?? {}) as ServiceSpec;

interface PodShape {
  spec?: {
    nodeName?: string;
    hostname?: string;
    subdomain?: string;
    containers?: { ports?: { name?: string; containerPort: number; protocol?: string }[] }[];
  };
  status?: {
    phase?: string;
    podIP?: string;
    podIPs?: { ip: string }[];
    conditions?: { type: string; status: string }[];
  };
}

const shape = (pod: KubeObject) => pod as unknown as PodShape;

/** IsPodReady: the Ready condition is True. */
export const isPodReady = (pod: KubeObject): boolean =>
  shape(pod).status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

/** ShouldPodBeInEndpoints: not finished, has an IP, and (unless included) not terminating. */
export function shouldPodBeInEndpoints(pod: KubeObject, includeTerminating: boolean): boolean {
  const status = shape(pod).status ?? {};
  if (status.phase === 'Succeeded' || status.phase === 'Failed') return false;
  if (!status.podIP && !(status.podIPs ?? []).length) return false;
  if (!includeTerminating && pod.metadata.deletionTimestamp) return false;
  return true;
}

/** The pod's IPv4 address (the only family we model). */
export function podIPv4(pod: KubeObject): string | undefined {
  const status = shape(pod).status ?? {};
  const ips = (status.podIPs ?? []).map((p) => p.ip);
  if (status.podIP) ips.unshift(status.podIP);
  return ips.find((ip) => /^\d+\.\d+\.\d+\.\d+$/.test(ip));
}

/** FindPort: a number is taken as is; a name is looked up among the containers' ports. */
export function findPort(pod: KubeObject, port: ServicePort): number | undefined {
  const target = port.targetPort ?? port.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  const protocol = port.protocol ?? 'TCP';
  for (const c of shape(pod).spec?.containers ?? [])
    for (const p of c.ports ?? [])
      if (p.name === target && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
  return undefined;
}

/** ShouldSetHostname: the pod asked for a hostname under this service's subdomain. */
export function hostnameFor(pod: KubeObject, svc: KubeObject): string | undefined {
  const spec = shape(pod).spec ?? {};
  return spec.hostname &&
    spec.subdomain === svc.metadata.name &&
    pod.metadata.namespace === svc.metadata.namespace
    ? spec.hostname
    : undefined;
}

export const nodeNameOf = (pod: KubeObject) => shape(pod).spec?.nodeName;

export interface PodReference {
  kind: 'Pod';
  namespace: string;
  name: string;
  uid: string;
}

/** The targetRef an Endpoints address and an EndpointSlice endpoint both carry. */
export function podTargetRef(pod: KubeObject): PodReference {
  return {
    kind: 'Pod',
    namespace: pod.metadata.namespace ?? '',
    name: pod.metadata.name ?? '',
    uid: pod.metadata.uid ?? '',
  };
}

const selects = (selector: Record<string, string>, labels: Record<string, string> | undefined) =>
  Object.entries(selector).every(([k, v]) => labels?.[k] === v);

/** The services with a selector that pick this pod (GetPodServiceMemberships), as keys. */
export function podServiceKeys(services: Informer, pod: KubeObject): string[] {
  const ns = pod.metadata.namespace ?? '';
  return Lister.list(services, { namespace: ns })
    .filter((svc) => {
      const selector = serviceSpec(svc).selector;
      return (
        !!selector && Object.keys(selector).length > 0 && selects(selector, pod.metadata.labels)
      );
    })
    .map((svc) => `${ns}/${svc.metadata.name}`);
}

/** The pods a service's selector picks, in name order. */
export function selectedPods(pods: Informer, svc: KubeObject): KubeObject[] {
  const selector = serviceSpec(svc).selector ?? {};
  return Lister.list(pods, { namespace: svc.metadata.namespace ?? '' })
    .filter((p) => selects(selector, p.metadata.labels))
    .sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1));
}

/** Pod events: the services of the old and the new version of the pod. */
export function servicesForPodEvent(
  services: Informer,
  event: { type: string; object: KubeObject; oldObject?: KubeObject },
): string[] {
  const keys = new Set(podServiceKeys(services, event.object));
  if (event.oldObject) for (const k of podServiceKeys(services, event.oldObject)) keys.add(k);
  return [...keys].sort();
}
