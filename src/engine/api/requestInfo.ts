/**
 * Turns a request's method and path into what it asks for, as the apiserver's RequestInfoFactory
 * does: verb (get, list, watch, create, update, patch, delete, deletecollection), API group and
 * version, namespace, resource, name and subresource.
 */
import type { ApiQuery, HttpMethod } from './protocol.ts';

export type Verb =
  'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';

export interface RequestInfo {
  verb: Verb;
  apiGroup: string;
  apiVersion: string;
  namespace: string;
  resource: string;
  name: string;
  subresource: string;
}

/** Parses a resource path; returns undefined for paths that name no resource (404). */
export function parseRequestPath(
  method: HttpMethod,
  path: string,
  query: ApiQuery = {},
): RequestInfo | undefined {
  // The non-empty segments, as split('/') then filtering empties would give, in one pass.
  const parts: string[] = [];
  for (let i = 0, start = 0; i <= path.length; i++) {
    if (i < path.length && path.charCodeAt(i) !== 47) continue;
    if (i > start) parts.push(path.slice(start, i));
    start = i + 1;
  }
  let apiGroup: string;
  let apiVersion: string;
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 3) {
    apiGroup = '';
    apiVersion = parts[1]!;
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 4) {
    apiGroup = parts[1]!;
    apiVersion = parts[2]!;
    rest = parts.slice(3);
  } else {
    return undefined;
  }
  let namespace = '';
  // /namespaces/{ns}/{resource}... names a namespaced resource, except the namespace object itself
  // and its subresources: /namespaces/{name} and /namespaces/{name}/status|finalize.
  if (
    rest[0] === 'namespaces' &&
    rest.length >= 3 &&
    apiGroup === '' &&
    !(rest.length === 3 && (rest[2] === 'status' || rest[2] === 'finalize'))
  ) {
    namespace = rest[1]!;
    rest = rest.slice(2);
  } else if (rest[0] === 'namespaces' && rest.length >= 3 && apiGroup !== '') {
    namespace = rest[1]!;
    rest = rest.slice(2);
  }
  if (rest.length < 1 || rest.length > 3) return undefined;
  const [resource = '', name = '', subresource = ''] = rest;
  if (!resource) return undefined;
  const isWatch = query.watch === 'true' || query.watch === '1';
  let verb: Verb;
  switch (method) {
    case 'GET':
      verb = name ? 'get' : isWatch ? 'watch' : 'list';
      break;
    case 'POST':
      verb = 'create';
      break;
    case 'PUT':
      verb = 'update';
      break;
    case 'PATCH':
      verb = 'patch';
      break;
    case 'DELETE':
      verb = name ? 'delete' : 'deletecollection';
      break;
  }
  return { verb, apiGroup, apiVersion, namespace, resource, name, subresource };
}
