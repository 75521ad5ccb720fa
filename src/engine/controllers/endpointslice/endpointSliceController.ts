/**
 * The EndpointSlice controller (pkg/controller/endpointslice, 'endpointslice'): keeps each
 * Service-with-a-selector's EndpointSlices (generateName `<service>-`, owned by the Service,
 * labelled with the service name and this controller as manager) equal to its pods' endpoints.
 * Like the real endpointSliceTracker, it does not act on a cache that has not yet seen its own
 * last writes, so a stale cache never makes it create a slice twice.
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
import { selectedPods, serviceSpec, servicesForPodEvent } from '../endpoints/index.ts';
import type { ControllerDefinition, ControllerKit } from '../framework.ts';
import {
  CONTROLLER_NAME,
  LABEL_MANAGED_BY,
  LABEL_SERVICE_NAME,
  MAX_ENDPOINTS_PER_SLICE,
  chunk,
  desiredEndpoints,
  portsKey,
  sliceLabels,
  type DesiredGroup,
  type SlicePort,
} from './sliceReconciler.ts';

export interface EndpointSliceState {
  /** Service key -> writes awaiting their reply. */
  inFlight: Record<string, number>;
  /** Service key -> slice name -> the resourceVersion we wrote, or 'deleted'. */
  expectations: Record<string, Record<string, string>>;
}

const SLICE_INDEX = 'endpointslice-service';

function ownedSlices(kit: ControllerKit, svc: { namespace: string; name: string }): KubeObject[] {
  return Lister.byIndex(kit.informer('endpointslices.discovery.k8s.io'), SLICE_INDEX, svc.name)
    .filter(
      (s) =>
        s.metadata.namespace === svc.namespace &&
        s.metadata.labels?.[LABEL_MANAGED_BY] === CONTROLLER_NAME,
    )
    .sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1));
}

/** Whether the cache shows every write we made for the service (endpointSliceTracker.StaleSlices). */
function cacheIsCurrent(s: EndpointSliceState, key: string, kit: ControllerKit): boolean {
  const expected = s.expectations[key];
  if (!expected) return true;
  const { namespace } = splitKey(key);
  const informer = kit.informer('endpointslices.discovery.k8s.io');
  for (const [name, rv] of Object.entries(expected)) {
    const cached = Lister.get(informer, namespace, name);
    if (
      rv === 'deleted'
        ? cached !== undefined
        : !cached || Number(cached.metadata.resourceVersion) < Number(rv)
    )
      return false;
  }
  delete s.expectations[key];
  return true;
}

function newSlice(
  svc: KubeObject,
  group: DesiredGroup,
  endpoints: DesiredGroup['endpoints'],
): KubeObject {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      generateName: `${svc.metadata.name}-`,
      namespace: svc.metadata.namespace,
      labels: sliceLabels(svc),
      ownerReferences: [
        {
          apiVersion: 'v1',
          kind: 'Service',
          name: svc.metadata.name!,
          uid: svc.metadata.uid!,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    addressType: 'IPv4',
    endpoints,
    ports: group.ports,
  };
}

function write(
  s: EndpointSliceState,
  key: string,
  kit: ControllerKit,
  send: (tag: string, data: string) => void,
) {
  s.inFlight[key] = (s.inFlight[key] ?? 0) + 1;
  send(kit.tag('write'), key);
}

function syncService(s: EndpointSliceState, key: string, kit: ControllerKit): void {
  if (s.inFlight[key]) return;
  if (!cacheIsCurrent(s, key, kit)) return; // our own writes' events will bring us back
  const { namespace, name } = splitKey(key);
  const svc = Lister.get(kit.informer('services'), namespace, name);
  // A deleted service's slices go with it (garbage collection through the owner reference).
  if (!svc || svc.metadata.deletionTimestamp) return;
  const selector = serviceSpec(svc).selector;
  if (!selector || Object.keys(selector).length === 0) return;
  const nodes = kit.informer('nodes');
  const { groups, missingNode } = desiredEndpoints(
    svc,
    selectedPods(kit.informer('pods'), svc),
    (n) => Lister.get(nodes, '', n),
  );
  if (groups.length === 0) groups.push({ ports: [] as SlicePort[], endpoints: [] }); // placeholder
  const existing = ownedSlices(kit, { namespace, name });
  const labels = sliceLabels(svc);
  const used = new Set<string>();
  for (const group of groups) {
    const key2 = portsKey(group.ports);
    const reusable = existing.filter(
      (sl) => portsKey((sl.ports as SlicePort[] | undefined) ?? []) === key2,
    );
    const chunks = group.endpoints.length ? chunk(group.endpoints, MAX_ENDPOINTS_PER_SLICE) : [[]];
    chunks.forEach((endpoints, i) => {
      const current = reusable[i];
      if (!current) {
        const slice = newSlice(svc, group, endpoints);
        write(s, key, kit, (tag, data) =>
          sendCreate(kit.client, kit.ctx, 'endpointslices.discovery.k8s.io', slice, { tag, data }),
        );
        return;
      }
      used.add(current.metadata.name!);
      if (
        deepEqual(current.endpoints ?? [], endpoints) &&
        deepEqual(current.metadata.labels ?? {}, labels)
      )
        return;
      const next = deepCopy(current);
      next.endpoints = endpoints;
      next.metadata.labels = labels;
      write(s, key, kit, (tag, data) =>
        sendUpdate(kit.client, kit.ctx, 'endpointslices.discovery.k8s.io', next, { tag, data }),
      );
    });
  }
  for (const slice of existing) {
    if (used.has(slice.metadata.name!)) continue;
    write(s, key, kit, (tag, data) =>
      sendDelete(
        kit.client,
        kit.ctx,
        'endpointslices.discovery.k8s.io',
        namespace,
        slice.metadata.name!,
        { tag, data: `${data}|${slice.metadata.name}` },
      ),
    );
  }
  // A pod on a node the cache does not know yet is retried later.
  if (missingNode) WorkQueue.addRateLimited(kit.queue, key, kit.ctx);
}

function handleResponse(s: EndpointSliceState, response: ClientResponse, kit: ControllerKit) {
  const [key, deletedName] = (response.data as string).split('|') as [string, string | undefined];
  s.inFlight[key] = (s.inFlight[key] ?? 1) - 1;
  if (s.inFlight[key] === 0) delete s.inFlight[key];
  const expected = (s.expectations[key] ??= {});
  if (deletedName && (isSuccess(response) || isNotFound(response)))
    expected[deletedName] = 'deleted';
  else if (isSuccess(response)) {
    const meta = (response.body as { metadata?: { name?: string; resourceVersion?: string } })
      .metadata;
    if (meta?.name && meta.resourceVersion) expected[meta.name] = meta.resourceVersion;
  } else {
    WorkQueue.addRateLimited(kit.queue, key, kit.ctx);
    return;
  }
  if (!s.inFlight[key]) WorkQueue.add(kit.queue, key);
}

export const endpointSliceController: ControllerDefinition<EndpointSliceState> = {
  name: 'endpointslice',
  eventSource: 'endpointslice-controller',
  informers: [
    { resource: 'services' },
    { resource: 'pods' },
    { resource: 'nodes' },
    {
      resource: 'endpointslices.discovery.k8s.io',
      indexers: [{ name: SLICE_INDEX, label: LABEL_SERVICE_NAME }],
    },
  ],
  init() {
    return { inFlight: {}, expectations: {} };
  },
  handleEvent(_s, resource, event, kit) {
    const o = event.object;
    if (resource === 'services')
      WorkQueue.add(kit.queue, `${o.metadata.namespace}/${o.metadata.name}`);
    else if (resource === 'pods')
      for (const key of servicesForPodEvent(kit.informer('services'), {
        type: event.type,
        object: o,
        oldObject: event.type === 'update' ? event.oldObject : undefined,
      }))
        WorkQueue.add(kit.queue, key);
    else if (resource === 'endpointslices.discovery.k8s.io') {
      const svc = o.metadata.labels?.[LABEL_SERVICE_NAME];
      if (svc && o.metadata.labels?.[LABEL_MANAGED_BY] === CONTROLLER_NAME)
        WorkQueue.add(kit.queue, `${o.metadata.namespace}/${svc}`);
    }
  },
  handleResponse,
  sync(s, key, kit) {
    syncService(s, key, kit);
  },
};
