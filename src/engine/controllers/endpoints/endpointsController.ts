/**
 * The endpoints controller (pkg/controller/endpoint, 'endpoint'): for every Service with a
 * selector, an Endpoints object of the same name listing the selected pods' addresses, ready
 * ones under `addresses` and the others under `notReadyAddresses`, with each Service port
 * resolved against the pod (a number, or a named container port).
 */
import { deepCopy, deepEqual } from '../../../shared/index.ts';
import { splitKey, type KubeObject } from '../../api/objects.ts';
import {
  Lister,
  WorkQueue,
  isNotFound,
  isSuccess,
  sendCreate,
  sendDelete,
  sendUpdate,
  type ClientResponse,
} from '../../client/index.ts';
import type { ControllerDefinition, ControllerKit } from '../framework.ts';
import {
  findPort,
  hostnameFor,
  isPodReady,
  nodeNameOf,
  podIPv4,
  podTargetRef,
  selectedPods,
  serviceSpec,
  servicesForPodEvent,
  shouldPodBeInEndpoints,
  type PodReference,
} from './podEndpoints.ts';

export interface EndpointAddress {
  ip: string;
  hostname?: string;
  nodeName?: string;
  targetRef: PodReference;
}

export interface EndpointPort {
  name?: string;
  port: number;
  protocol: string;
  appProtocol?: string;
}

export interface EndpointSubset {
  addresses?: EndpointAddress[];
  notReadyAddresses?: EndpointAddress[];
  ports?: EndpointPort[];
}

/** Label on the Endpoints of a headless service (v1.IsHeadlessService). */
export const LABEL_HEADLESS_SERVICE = 'service.kubernetes.io/headless';

export interface EndpointsState {
  /** Services whose write is in flight: no second write until it is answered. */
  writing: string[];
}

function addressFor(pod: KubeObject, svc: KubeObject, ip: string): EndpointAddress {
  const a: EndpointAddress = {
    ip,
    targetRef: podTargetRef(pod),
  };
  const hostname = hostnameFor(pod, svc);
  if (hostname) a.hostname = hostname;
  const nodeName = nodeNameOf(pod);
  if (nodeName) a.nodeName = nodeName;
  return a;
}

const portKey = (ports: readonly EndpointPort[]) => JSON.stringify(ports);

/**
 * The subsets of a service: one entry per (pod, port), repacked so that addresses sharing the
 * same ports share a subset (RepackSubsets), addresses sorted by IP.
 */
export function computeSubsets(svc: KubeObject, pods: readonly KubeObject[]): EndpointSubset[] {
  const spec = serviceSpec(svc);
  const tolerateUnready = spec.publishNotReadyAddresses === true;
  const groups = new Map<
    string,
    { ports: EndpointPort[]; ready: EndpointAddress[]; notReady: EndpointAddress[] }
  >();
  const add = (pod: KubeObject, address: EndpointAddress, ports: EndpointPort[]) => {
    const key = portKey(ports);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ports, ready: [], notReady: [] }));
    if (tolerateUnready || isPodReady(pod)) g.ready.push(address);
    else g.notReady.push(address);
  };
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, tolerateUnready)) continue;
    const ip = podIPv4(pod);
    if (!ip) continue;
    const address = addressFor(pod, svc, ip);
    const ports = spec.ports ?? [];
    // A headless service without ports still lists its pods' addresses.
    if (ports.length === 0) {
      if (spec.clusterIP === 'None') add(pod, address, []);
      continue;
    }
    for (const sp of ports) {
      const port = findPort(pod, sp);
      if (port === undefined) continue;
      const ep: EndpointPort = { port, protocol: sp.protocol ?? 'TCP' };
      if (sp.name) ep.name = sp.name;
      if (sp.appProtocol) ep.appProtocol = sp.appProtocol;
      add(pod, address, [ep]);
    }
  }
  // RepackSubsets: an address listed under several single-port entries ends up once per port set.
  const byAddress = new Map<
    string,
    { address: EndpointAddress; ready: boolean; ports: EndpointPort[] }
  >();
  for (const g of groups.values()) {
    for (const [list, ready] of [
      [g.ready, true],
      [g.notReady, false],
    ] as const)
      for (const a of list) {
        const key = `${ready}/${a.ip}/${a.targetRef.uid}`;
        const entry = byAddress.get(key) ?? { address: a, ready, ports: [] };
        for (const p of g.ports) if (!entry.ports.some((x) => deepEqual(x, p))) entry.ports.push(p);
        byAddress.set(key, entry);
      }
  }
  const subsets = new Map<string, EndpointSubset>();
  for (const e of byAddress.values()) {
    const ports = [...e.ports].sort(
      (a, b) => (a.name ?? '').localeCompare(b.name ?? '') || a.port - b.port,
    );
    const key = portKey(ports);
    const s = subsets.get(key) ?? (ports.length ? { ports } : {});
    const field = e.ready ? 'addresses' : 'notReadyAddresses';
    (s[field] ??= []).push(e.address);
    subsets.set(key, s);
  }
  const byIp = (a: EndpointAddress, b: EndpointAddress) => (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : 0);
  const out = [...subsets.values()];
  for (const s of out) {
    s.addresses?.sort(byIp);
    s.notReadyAddresses?.sort(byIp);
  }
  const first = (s: EndpointSubset) => (s.addresses ?? s.notReadyAddresses ?? [])[0]?.ip ?? '';
  return out.sort((a, b) => first(a).localeCompare(first(b)));
}

function desiredLabels(svc: KubeObject): Record<string, string> {
  const labels: Record<string, string> = { ...(svc.metadata.labels ?? {}) };
  if (serviceSpec(svc).clusterIP === 'None') labels[LABEL_HEADLESS_SERVICE] = '';
  else delete labels[LABEL_HEADLESS_SERVICE];
  return labels;
}

function syncService(s: EndpointsState, key: string, kit: ControllerKit): void {
  if (s.writing.includes(key)) return;
  const { namespace, name } = splitKey(key);
  const svc = Lister.get(kit.informer('services'), namespace, name);
  const current = Lister.get(kit.informer('endpoints'), namespace, name);
  if (!svc) {
    // The service is gone: so are its endpoints.
    if (current) {
      s.writing.push(key);
      sendDelete(kit.client, kit.ctx, 'endpoints', namespace, name, {
        tag: kit.tag('write'),
        data: key,
      });
    }
    return;
  }
  const selector = serviceSpec(svc).selector;
  if (!selector || Object.keys(selector).length === 0) return; // endpoints managed by someone else
  if (svc.metadata.deletionTimestamp) return;
  const subsets = computeSubsets(svc, selectedPods(kit.informer('pods'), svc));
  const labels = desiredLabels(svc);
  const currentSubsets = (current?.subsets as EndpointSubset[] | undefined) ?? [];
  if (
    current &&
    deepEqual(currentSubsets, subsets) &&
    deepEqual(current.metadata.labels ?? {}, labels)
  )
    return;
  s.writing.push(key);
  if (!current) {
    kit.ctx.note(`creating Endpoints ${key}`);
    sendCreate(
      kit.client,
      kit.ctx,
      'endpoints',
      { apiVersion: 'v1', kind: 'Endpoints', metadata: { name, namespace, labels }, subsets },
      { tag: kit.tag('write'), data: key },
    );
    return;
  }
  const next = deepCopy(current);
  next.metadata.labels = labels;
  next.subsets = subsets;
  kit.ctx.note(`updating Endpoints ${key}`);
  sendUpdate(kit.client, kit.ctx, 'endpoints', next, { tag: kit.tag('write'), data: key });
}

export const endpointsController: ControllerDefinition<EndpointsState> = {
  name: 'endpoint',
  eventSource: 'endpoint-controller',
  informers: [{ resource: 'services' }, { resource: 'pods' }, { resource: 'endpoints' }],
  init() {
    return { writing: [] };
  },
  handleEvent(_s, resource, event, kit) {
    if (resource === 'services')
      WorkQueue.add(kit.queue, `${event.object.metadata.namespace}/${event.object.metadata.name}`);
    else if (resource === 'pods')
      for (const key of servicesForPodEvent(kit.informer('services'), {
        type: event.type,
        object: event.object,
        oldObject: event.type === 'update' ? event.oldObject : undefined,
      }))
        WorkQueue.add(kit.queue, key);
    // Our own writes coming back, and changes by anyone else, are checked against the desired state.
    else
      WorkQueue.add(kit.queue, `${event.object.metadata.namespace}/${event.object.metadata.name}`);
  },
  handleResponse(s, response: ClientResponse, kit) {
    const key = response.data as string;
    s.writing = s.writing.filter((k) => k !== key);
    if (isSuccess(response) || isNotFound(response)) {
      WorkQueue.forget(kit.queue, key);
      // Changes skipped while the write was in flight are picked up by the sync our own write's
      // watch event triggers; if the cache already has it, sync now.
      const { namespace, name } = splitKey(key);
      const cached = Lister.get(kit.informer('endpoints'), namespace, name);
      const written = (response.body as { metadata?: { resourceVersion?: string } }).metadata;
      if (!cached || cached.metadata.resourceVersion === written?.resourceVersion)
        WorkQueue.add(kit.queue, key);
      return;
    }
    // AlreadyExists means the cache has not seen the object yet: retry after the back-off.
    WorkQueue.addRateLimited(kit.queue, key, kit.ctx);
  },
  sync(s, key, kit) {
    syncService(s, key, kit);
  },
};
