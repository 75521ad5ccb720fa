/**
 * An API request in words: what a client asks the apiserver for ("create Deployment default/web",
 * "bind pod default/web-x to node-2", "renew Lease kube-node-lease/node-1").
 */
import type { ApiRequestPayload } from '../api/protocol.ts';
import { parseRequestPath, type RequestInfo } from '../api/requestInfo.ts';
import { findResource } from '../api/resources.ts';
import type { ObjectRef } from '../sim/trace.ts';
import { dig, num, podStatusText, str, taintsText } from './fields.ts';
import { count, kindWord, objectName } from './words.ts';

export interface RequestView {
  info: RequestInfo | undefined;
  /** The object the request is about (its kind, namespace and name as far as they are known). */
  target: ObjectRef;
  /** A verb phrase: 'create Deployment default/web'. */
  phrase: string;
}

function kindOf(info: RequestInfo): string {
  return findResource(info.apiGroup, info.resource)?.kind ?? info.resource;
}

function pluralOf(info: RequestInfo): string {
  const kind = findResource(info.apiGroup, info.resource)?.kind;
  if (!kind) return info.resource;
  const word = kindWord(kind);
  return word.endsWith('s') ? word : `${word}s`;
}

function targetOf(info: RequestInfo, body: unknown): ObjectRef {
  const ref: ObjectRef = { kind: kindOf(info) };
  const name = info.name || str(dig(body, 'metadata', 'name'));
  const namespace = info.namespace || str(dig(body, 'metadata', 'namespace'));
  if (name) ref.name = name;
  if (namespace) ref.namespace = namespace;
  return ref;
}

function createPhrase(info: RequestInfo, target: ObjectRef, body: unknown): string {
  if (info.subresource === 'binding') {
    const node = str(dig(body, 'target', 'name'));
    return `bind ${objectName(target)}${node ? ` to ${node}` : ''}`;
  }
  if (info.subresource === 'eviction') return `evict ${objectName(target)}`;
  if (info.resource === 'events') {
    const reason = str(dig(body, 'reason'));
    const message = str(dig(body, 'message'));
    const type = str(dig(body, 'type'));
    return reason
      ? `record an Event: ${type ? `${type} ` : ''}${reason}${message ? ` "${message}"` : ''}`
      : 'record an Event';
  }
  if (target.name) return `create ${objectName(target)}`;
  const generateName = str(dig(body, 'metadata', 'generateName'));
  const where = target.namespace ? ` in ${target.namespace}` : '';
  return generateName
    ? `create a ${kindWord(target.kind)}${where} named ${generateName}<random suffix>`
    : `create a ${kindWord(target.kind)}${where}`;
}

function updatePhrase(info: RequestInfo, target: ObjectRef, body: unknown, patch: boolean): string {
  const verb = patch ? 'patch' : 'update';
  const name = objectName(target);
  if (info.subresource === 'status') {
    const text = info.resource === 'pods' ? podStatusText(dig(body, 'status')) : undefined;
    return `${verb} the status of ${name}${text ? ` (${text})` : ''}`;
  }
  if (info.subresource === 'scale') {
    const replicas = num(dig(body, 'spec', 'replicas'));
    return `set the scale of ${name}${replicas !== undefined ? ` to ${count(replicas, 'replica')}` : ''}`;
  }
  if (info.subresource === 'finalize') return `finalize ${name} (remove its spec.finalizers)`;
  if (info.resource === 'leases' && !patch) return `renew ${name}`;
  const replicas = num(dig(body, 'spec', 'replicas'));
  if (
    replicas !== undefined &&
    (info.resource === 'replicasets' || info.resource === 'deployments')
  )
    return `${verb} ${name} (spec.replicas ${replicas})`;
  const taints = dig(body, 'spec', 'taints');
  if (Array.isArray(taints))
    return `${verb} the taints of ${name} to ${taints.length ? taintsText(taints).join(', ') : 'none'}`;
  const cidr = str(dig(body, 'spec', 'podCIDR'));
  if (cidr) return `${verb} ${name} with spec.podCIDR ${cidr}`;
  return `${verb} ${name}`;
}

function readPhrase(info: RequestInfo, target: ObjectRef, p: ApiRequestPayload): string {
  const where = info.namespace ? ` in ${info.namespace}` : '';
  const selectors = [p.query?.labelSelector, p.query?.fieldSelector].filter(
    (s): s is string => !!s,
  );
  const filter = selectors.length ? ` (${selectors.join(', ')})` : '';
  switch (info.verb) {
    case 'get':
      return `read ${objectName(target)}${info.subresource ? ` ${info.subresource}` : ''}`;
    case 'list':
      return `list ${pluralOf(info)}${where}${filter}`;
    default: {
      const rv = p.query?.resourceVersion;
      return `watch ${pluralOf(info)}${where}${filter}${rv ? ` from resourceVersion ${rv}` : ''}`;
    }
  }
}

/** What a request asks for. Paths that name no resource are said as method and path. */
export function describeRequest(p: ApiRequestPayload): RequestView {
  const info = parseRequestPath(p.method, p.path, p.query ?? {});
  if (!info) return { info, target: {}, phrase: `${p.method} ${p.path}` };
  const target = targetOf(info, p.body);
  let phrase: string;
  switch (info.verb) {
    case 'create':
      phrase = createPhrase(info, target, p.body);
      break;
    case 'update':
    case 'patch':
      phrase = updatePhrase(info, target, p.body, info.verb === 'patch');
      break;
    case 'delete':
      phrase = `delete ${objectName(target)}`;
      break;
    case 'deletecollection':
      phrase = `delete every ${kindWord(target.kind)}${info.namespace ? ` in ${info.namespace}` : ''}`;
      break;
    default:
      phrase = readPhrase(info, target, p);
  }
  return { info, target, phrase };
}

/** Whether a request changes state (what a story cares about) rather than reading it. */
export function isWrite(view: RequestView): boolean {
  const verb = view.info?.verb;
  return verb !== undefined && verb !== 'get' && verb !== 'list' && verb !== 'watch';
}
