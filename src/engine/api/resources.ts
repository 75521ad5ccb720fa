/**
 * The API resources the simulated apiserver serves: group, version, kind, scope, subresources and
 * the etcd key prefix the real apiserver uses for each (pods under /registry/pods, nodes under the
 * historical /registry/minions, services under /registry/services/specs, ...).
 */
import { JoinedStrings } from '../../shared/index.ts';

export interface ResourceInfo {
  /** '' for the core group. */
  group: string;
  version: string;
  /** Plural, lower case: what appears in the URL. */
  resource: string;
  kind: string;
  listKind: string;
  singular: string;
  shortNames: string[];
  namespaced: boolean;
  subresources: string[];
  /** Where objects live in etcd; the key is `${etcdPrefix}/${namespace}/${name}` or `${etcdPrefix}/${name}`. */
  etcdPrefix: string;
  /** Whether the resource has a status subresource (so updates of the main resource ignore status). */
  hasStatus: boolean;
}

function r(
  group: string,
  version: string,
  resource: string,
  kind: string,
  namespaced: boolean,
  etcdPrefix: string,
  subresources: string[],
  shortNames: string[] = [],
): ResourceInfo {
  return {
    group,
    version,
    resource,
    kind,
    listKind: `${kind}List`,
    singular: kind.toLowerCase(),
    shortNames,
    namespaced,
    subresources,
    etcdPrefix,
    hasStatus: subresources.includes('status'),
  };
}

export const RESOURCES: readonly ResourceInfo[] = [
  r(
    '',
    'v1',
    'namespaces',
    'Namespace',
    false,
    '/registry/namespaces',
    ['status', 'finalize'],
    ['ns'],
  ),
  r('', 'v1', 'nodes', 'Node', false, '/registry/minions', ['status'], ['no']),
  r('', 'v1', 'pods', 'Pod', true, '/registry/pods', ['status', 'binding', 'eviction'], ['po']),
  r('', 'v1', 'services', 'Service', true, '/registry/services/specs', ['status'], ['svc']),
  r('', 'v1', 'endpoints', 'Endpoints', true, '/registry/services/endpoints', [], ['ep']),
  r('', 'v1', 'configmaps', 'ConfigMap', true, '/registry/configmaps', [], ['cm']),
  r('', 'v1', 'secrets', 'Secret', true, '/registry/secrets', []),
  r('', 'v1', 'serviceaccounts', 'ServiceAccount', true, '/registry/serviceaccounts', [], ['sa']),
  r('', 'v1', 'events', 'Event', true, '/registry/events', [], ['ev']),
  r('coordination.k8s.io', 'v1', 'leases', 'Lease', true, '/registry/leases', []),
  r(
    'discovery.k8s.io',
    'v1',
    'endpointslices',
    'EndpointSlice',
    true,
    '/registry/endpointslices',
    [],
  ),
  r(
    'apps',
    'v1',
    'deployments',
    'Deployment',
    true,
    '/registry/deployments',
    ['status', 'scale'],
    ['deploy'],
  ),
  r(
    'apps',
    'v1',
    'replicasets',
    'ReplicaSet',
    true,
    '/registry/replicasets',
    ['status', 'scale'],
    ['rs'],
  ),
  r('apps', 'v1', 'daemonsets', 'DaemonSet', true, '/registry/daemonsets', ['status'], ['ds']),
  r('batch', 'v1', 'jobs', 'Job', true, '/registry/jobs', ['status']),
  r(
    'autoscaling',
    'v2',
    'horizontalpodautoscalers',
    'HorizontalPodAutoscaler',
    true,
    '/registry/horizontalpodautoscalers',
    ['status'],
    ['hpa'],
  ),
];

const byGroupResource = new Map(RESOURCES.map((info) => [`${info.group}/${info.resource}`, info]));
const byGroupKind = new Map(RESOURCES.map((info) => [`${info.group}/${info.kind}`, info]));

export function apiVersionOf(info: ResourceInfo): string {
  return info.group ? `${info.group}/${info.version}` : info.version;
}

/** 'deployments.apps', 'pods': how errors name a resource. */
export function groupResource(info: ResourceInfo): string {
  return info.group ? `${info.resource}.${info.group}` : info.resource;
}

/** 'Deployment.apps', 'Pod': how validation errors name a kind. */
export function groupKind(info: ResourceInfo): string {
  return info.group ? `${info.kind}.${info.group}` : info.kind;
}

export function findResource(group: string, resource: string): ResourceInfo | undefined {
  return byGroupResource.get(`${group}/${resource}`);
}

export function findKind(apiVersion: string, kind: string): ResourceInfo | undefined {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const info = byGroupKind.get(`${group}/${kind}`);
  return info && apiVersionOf(info) === apiVersion ? info : undefined;
}

/**
 * etcd keys by prefix and name, each built once: etcd finds a key's history by it on every read,
 * compare and write, and a key built anew per request is hashed and compared anew.
 */
const etcdKeys = new JoinedStrings('');

/** Key prefixes per resource and namespace, built once. */
const prefixMemo = new WeakMap<ResourceInfo, Map<string, string>>();

function keyPrefix(info: ResourceInfo, namespace: string | undefined): string {
  let byNamespace = prefixMemo.get(info);
  if (!byNamespace) prefixMemo.set(info, (byNamespace = new Map()));
  const ns = info.namespaced ? String(namespace) : '';
  let prefix = byNamespace.get(ns);
  if (prefix === undefined)
    byNamespace.set(
      ns,
      (prefix = info.namespaced ? `${info.etcdPrefix}/${ns}/` : `${info.etcdPrefix}/`),
    );
  return prefix;
}

/** The etcd key the apiserver stores an object under. */
export function etcdKey(info: ResourceInfo, namespace: string | undefined, name: string): string {
  return etcdKeys.join(keyPrefix(info, namespace), name);
}

/** The etcd prefix holding a resource's objects, in one namespace or in all. */
export function etcdListPrefix(info: ResourceInfo, namespace?: string): string {
  return info.namespaced && namespace ? `${info.etcdPrefix}/${namespace}/` : `${info.etcdPrefix}/`;
}

const REGISTRY = '/registry/';

/**
 * Each resource's key prefix with its slash, filed by the key's first segment after /registry/
 * and longest first within it (services has two): an etcd event finds its resource in one lookup
 * and a comparison or two, not by trying every prefix.
 */
const byFirstSegment = new Map<string, (readonly [string, ResourceInfo])[]>();
for (const info of RESOURCES) {
  const prefix = `${info.etcdPrefix}/`;
  const segment = prefix.slice(REGISTRY.length, prefix.indexOf('/', REGISTRY.length));
  let list = byFirstSegment.get(segment);
  if (!list) byFirstSegment.set(segment, (list = []));
  list.push([prefix, info]);
  list.sort((a, b) => b[0].length - a[0].length);
}

/** Finds the resource an etcd key belongs to (the watch cache sorts etcd events this way). */
export function resourceForKey(key: string): ResourceInfo | undefined {
  if (!key.startsWith(REGISTRY)) return undefined;
  const end = key.indexOf('/', REGISTRY.length);
  if (end < 0) return undefined;
  const list = byFirstSegment.get(key.slice(REGISTRY.length, end));
  if (list) for (const [prefix, info] of list) if (key.startsWith(prefix)) return info;
  return undefined;
}

/** The REST path of a collection or an object, as a client builds it. */
export function resourcePath(
  info: ResourceInfo,
  namespace?: string,
  name?: string,
  subresource?: string,
): string {
  let p = info.group ? `/apis/${info.group}/${info.version}` : `/api/${info.version}`;
  if (info.namespaced && namespace) p += `/namespaces/${namespace}`;
  p += `/${info.resource}`;
  if (name) p += `/${name}`;
  if (name && subresource) p += `/${subresource}`;
  return p;
}
