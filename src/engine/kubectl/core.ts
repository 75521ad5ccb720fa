/**
 * printNode, printService, printEndpoints, printEndpointSlice, printNamespace, printConfigMap,
 * printSecret, printServiceAccount and printLease (v1.30).
 */
import type { Lease } from 'kubernetes-types/coordination/v1';
import type {
  ConfigMap,
  Endpoints,
  Namespace,
  Node,
  Secret,
  Service,
  ServiceAccount,
} from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { KubeObject } from '../api/objects.ts';
import { AGE, NAME, type ResourcePrinter } from './columns.ts';
import { formatLabels, joinHostPort, listWithMore } from './format.ts';
import { since } from './time.ts';

const as = <T>(obj: KubeObject) => obj as unknown as T;
const name = (obj: KubeObject) => obj.metadata.name ?? '';
const age = (obj: KubeObject, now: number) => since(obj.metadata.creationTimestamp, now);

const NODE_ROLE_PREFIX = 'node-role.kubernetes.io/';
const NODE_LABEL_ROLE = 'kubernetes.io/role';

/** findNodeRoles: node-role.kubernetes.io/<role> keys and kubernetes.io/role values, sorted. */
export function findNodeRoles(node: Node): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata?.labels ?? {})) {
    if (k.startsWith(NODE_ROLE_PREFIX)) {
      const role = k.slice(NODE_ROLE_PREFIX.length);
      if (role) roles.add(role);
    } else if (k === NODE_LABEL_ROLE && v !== '') roles.add(v);
  }
  return [...roles].sort();
}

/** The node STATUS: only the Ready condition counts; "SchedulingDisabled" when cordoned. */
export function nodeStatus(node: Node): string {
  const ready = (node.status?.conditions ?? []).filter((c) => c.type === 'Ready').at(-1);
  const status = ready ? [ready.status === 'True' ? 'Ready' : 'NotReady'] : ['Unknown'];
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');
  return status.join(',');
}

function nodeAddress(node: Node, type: string): string {
  return (node.status?.addresses ?? []).find((a) => a.type === type)?.address ?? '<none>';
}

export const nodePrinter: ResourcePrinter = {
  resource: 'nodes',
  groupKind: 'node',
  namespaced: false,
  columns: [
    NAME,
    { name: 'Status' },
    { name: 'Roles' },
    AGE,
    { name: 'Version' },
    { name: 'Internal-IP', priority: 1 },
    { name: 'External-IP', priority: 1 },
    { name: 'OS-Image', priority: 1 },
    { name: 'Kernel-Version', priority: 1 },
    { name: 'Container-Runtime', priority: 1 },
  ],
  row(obj, { now }) {
    const node = as<Node>(obj);
    const info = node.status?.nodeInfo;
    const roles = findNodeRoles(node).join(',');
    return [
      name(obj),
      nodeStatus(node),
      roles || '<none>',
      age(obj, now),
      info?.kubeletVersion ?? '',
      nodeAddress(node, 'InternalIP'),
      nodeAddress(node, 'ExternalIP'),
      info?.osImage || '<unknown>',
      info?.kernelVersion || '<unknown>',
      info?.containerRuntimeVersion || '<unknown>',
    ];
  },
};

const LOAD_BALANCER_WIDTH = 16;

/** loadBalancerStatusStringer: sorted unique ingress IPs/hostnames, clipped unless wide. */
function loadBalancerStatus(svc: Service, wide: boolean): string {
  const set = new Set<string>();
  for (const ing of svc.status?.loadBalancer?.ingress ?? []) {
    if (ing.ip) set.add(ing.ip);
    else if (ing.hostname) set.add(ing.hostname);
  }
  const text = [...set].sort().join(',');
  return !wide && text.length > LOAD_BALANCER_WIDTH
    ? `${text.slice(0, LOAD_BALANCER_WIDTH - 3)}...`
    : text;
}

/** getServiceExternalIP. */
export function serviceExternalIP(svc: Service, wide: boolean): string {
  const externalIPs = svc.spec?.externalIPs ?? [];
  switch (svc.spec?.type ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerStatus(svc, wide);
      if (externalIPs.length) return [...(lb ? lb.split(',') : []), ...externalIPs].join(',');
      return lb || '<pending>';
    }
    case 'ExternalName':
      return svc.spec?.externalName ?? '';
    default:
      return '<unknown>';
  }
}

/** makePortString: "80/TCP", or "80:30080/TCP" with a node port. */
export function servicePorts(svc: Service): string {
  return (svc.spec?.ports ?? [])
    .map((p) => {
      const protocol = p.protocol ?? 'TCP';
      return p.nodePort && p.nodePort > 0
        ? `${p.port}:${p.nodePort}/${protocol}`
        : `${p.port}/${protocol}`;
    })
    .join(',');
}

/**
 * The EXTERNAL-IP cell is the one place a server-side row depends on -o wide (the load
 * balancer list is clipped to 16 characters otherwise). The apiserver always renders wide rows,
 * so what kubectl shows is the unclipped list; we keep that behaviour.
 */
export const servicePrinter: ResourcePrinter = {
  resource: 'services',
  groupKind: 'service',
  namespaced: true,
  columns: [
    NAME,
    { name: 'Type' },
    { name: 'Cluster-IP' },
    { name: 'External-IP' },
    { name: 'Port(s)' },
    AGE,
    { name: 'Selector', priority: 1 },
  ],
  row(obj, { now }) {
    const svc = as<Service>(obj);
    return [
      name(obj),
      svc.spec?.type ?? 'ClusterIP',
      svc.spec?.clusterIPs?.[0] ?? '<none>',
      serviceExternalIP(svc, true),
      servicePorts(svc) || '<none>',
      age(obj, now),
      formatLabels(svc.spec?.selector),
    ];
  },
};

/** formatEndpoints: up to three host:port pairs, then " + N more...". */
export function formatEndpoints(ep: Endpoints): string {
  const subsets = ep.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const max = 3;
  const list: string[] = [];
  let count = 0;
  for (const ss of subsets) {
    const addresses = ss.addresses ?? [];
    if (!ss.ports || ss.ports.length === 0) {
      count += addresses.length;
      for (const a of addresses) {
        if (list.length === max) break;
        list.push(a.ip);
      }
      continue;
    }
    for (const port of ss.ports) {
      count += addresses.length;
      for (const a of addresses) {
        if (list.length === max) break;
        list.push(joinHostPort(a.ip, port.port));
      }
    }
  }
  const text = list.join(',');
  return count > max ? `${text} + ${count - max} more...` : text;
}

export const endpointsPrinter: ResourcePrinter = {
  resource: 'endpoints',
  groupKind: 'endpoints',
  namespaced: true,
  columns: [NAME, { name: 'Endpoints' }, AGE],
  row: (obj, { now }) => [name(obj), formatEndpoints(as<Endpoints>(obj)), age(obj, now)],
};

function discoveryPorts(slice: EndpointSlice): string {
  const ports = slice.ports ?? [];
  const list = ports
    .slice(0, 3)
    .map((p) => (p.port !== undefined ? String(p.port) : p.name !== undefined ? p.name : '*'));
  return listWithMore(list, ports.length, 3);
}

function discoveryEndpoints(slice: EndpointSlice): string {
  const all = (slice.endpoints ?? []).flatMap((e) => e.addresses ?? []);
  return listWithMore(all.slice(0, 3), all.length, 3);
}

export const endpointSlicePrinter: ResourcePrinter = {
  resource: 'endpointslices',
  groupKind: 'endpointslice.discovery.k8s.io',
  namespaced: true,
  columns: [NAME, { name: 'AddressType' }, { name: 'Ports' }, { name: 'Endpoints' }, AGE],
  row(obj, { now }) {
    const slice = as<EndpointSlice>(obj);
    return [
      name(obj),
      slice.addressType ?? '',
      discoveryPorts(slice),
      discoveryEndpoints(slice),
      age(obj, now),
    ];
  },
};

export const namespacePrinter: ResourcePrinter = {
  resource: 'namespaces',
  groupKind: 'namespace',
  namespaced: false,
  columns: [NAME, { name: 'Status' }, AGE],
  row: (obj, { now }) => [name(obj), as<Namespace>(obj).status?.phase ?? '', age(obj, now)],
};

export const configMapPrinter: ResourcePrinter = {
  resource: 'configmaps',
  groupKind: 'configmap',
  namespaced: true,
  columns: [NAME, { name: 'Data' }, AGE],
  row(obj, { now }) {
    const cm = as<ConfigMap>(obj);
    const n = Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length;
    return [name(obj), n, age(obj, now)];
  },
};

export const secretPrinter: ResourcePrinter = {
  resource: 'secrets',
  groupKind: 'secret',
  namespaced: true,
  columns: [NAME, { name: 'Type' }, { name: 'Data' }, AGE],
  row(obj, { now }) {
    const secret = as<Secret>(obj);
    return [
      name(obj),
      secret.type ?? 'Opaque',
      Object.keys(secret.data ?? {}).length,
      age(obj, now),
    ];
  },
};

export const serviceAccountPrinter: ResourcePrinter = {
  resource: 'serviceaccounts',
  groupKind: 'serviceaccount',
  namespaced: true,
  columns: [NAME, { name: 'Secrets' }, AGE],
  row: (obj, { now }) => [name(obj), as<ServiceAccount>(obj).secrets?.length ?? 0, age(obj, now)],
};

export const leasePrinter: ResourcePrinter = {
  resource: 'leases',
  groupKind: 'lease.coordination.k8s.io',
  namespaced: true,
  columns: [NAME, { name: 'Holder' }, AGE],
  row: (obj, { now }) => [name(obj), as<Lease>(obj).spec?.holderIdentity ?? '', age(obj, now)],
};
