/**
 * What the apiserver creates for itself when it first starts: the system namespaces (its system
 * namespaces controller ensures default, kube-system, kube-public and kube-node-lease exist) and
 * the `kubernetes` Service in default whose endpoint is the apiserver itself (its bootstrap
 * controller maintains both).
 */
import type { StepContext } from '../sim/component.ts';
import type { KubeObject } from '../api/objects.ts';
import { etcdKey, findKind } from '../api/resources.ts';
import { startCreate } from './handlers/create.ts';
import { resourceCacheKey, getResourceCache } from './watchCache.ts';
import type { ApiServerState } from './state.ts';

export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** The address the apiserver advertises (--advertise-address) and its secure port. */
export const APISERVER_ADDRESS = { ip: '172.18.0.2', port: 6443 };

function createIfMissing(state: ApiServerState, ctx: StepContext, object: KubeObject): void {
  const info = findKind(object.apiVersion, object.kind)!;
  const namespace = object.metadata.namespace ?? '';
  const name = object.metadata.name!;
  if (getResourceCache(state.cache, info).store.has(etcdKey(info, namespace, name))) return;
  const id = `#bootstrap-${info.resource}-${namespace}-${name}`;
  const op = {
    id,
    client: '',
    info: {
      verb: 'create' as const,
      apiGroup: info.group,
      apiVersion: info.version,
      namespace,
      resource: info.resource,
      name: '',
      subresource: '',
    },
    resourceKey: resourceCacheKey(info),
    user: { name: 'system:apiserver', groups: ['system:masters'] },
    query: {},
    key: '',
    stage: 'create' as const,
    object,
    attempts: 0,
  };
  state.operations.set(id, op);
  startCreate(state, op, ctx);
}

export function bootstrapNamespaces(state: ApiServerState, ctx: StepContext): void {
  for (const name of SYSTEM_NAMESPACES)
    createIfMissing(state, ctx, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  createIfMissing(state, ctx, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'kubernetes',
      namespace: 'default',
      labels: { component: 'apiserver', provider: 'kubernetes' },
    },
    spec: {
      type: 'ClusterIP',
      clusterIP: '10.96.0.1',
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: APISERVER_ADDRESS.port }],
      sessionAffinity: 'None',
    },
  });
  createIfMissing(state, ctx, {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: {
      name: 'kubernetes',
      namespace: 'default',
      labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' },
    },
    subsets: [
      {
        addresses: [{ ip: APISERVER_ADDRESS.ip }],
        ports: [{ name: 'https', port: APISERVER_ADDRESS.port, protocol: 'TCP' }],
      },
    ],
  });
  createIfMissing(state, ctx, {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: 'kubernetes',
      namespace: 'default',
      labels: { 'kubernetes.io/service-name': 'kubernetes' },
    },
    addressType: 'IPv4',
    endpoints: [{ addresses: [APISERVER_ADDRESS.ip], conditions: { ready: true } }],
    ports: [{ name: 'https', port: APISERVER_ADDRESS.port, protocol: 'TCP' }],
  });
}
