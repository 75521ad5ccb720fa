/**
 * What the apiserver creates for itself when it first starts: the system namespaces (the
 * real apiserver's system namespaces controller ensures default, kube-system, kube-public and
 * kube-node-lease exist).
 */
import type { StepContext } from '../sim/component.ts';
import { findResource, etcdKey } from '../api/resources.ts';
import { startCreate } from './handlers/create.ts';
import { resourceCacheKey, getResourceCache } from './watchCache.ts';
import type { ApiServerState } from './state.ts';

export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export function bootstrapNamespaces(state: ApiServerState, ctx: StepContext): void {
  const info = findResource('', 'namespaces')!;
  const existing = getResourceCache(state.cache, info).store;
  for (const name of SYSTEM_NAMESPACES) {
    if (existing.has(etcdKey(info, undefined, name))) continue;
    const id = `#bootstrap-namespace-${name}`;
    state.operations[id] = {
      id,
      client: '',
      info: {
        verb: 'create',
        apiGroup: '',
        apiVersion: 'v1',
        namespace: '',
        resource: 'namespaces',
        name: '',
        subresource: '',
      },
      resourceKey: resourceCacheKey(info),
      user: { name: 'system:apiserver', groups: ['system:masters'] },
      query: {},
      key: '',
      stage: 'create',
      object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
      attempts: 0,
    };
    startCreate(state, state.operations[id], ctx);
  }
}
