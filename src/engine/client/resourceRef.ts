/**
 * How client code names a resource: the ResourceInfo itself, or its group-qualified plural as
 * kubectl and error messages spell it ('pods', 'deployments.apps', 'leases.coordination.k8s.io').
 */
import { findResource, RESOURCES, type ResourceInfo } from '../api/resources.ts';

export type ResourceRef = ResourceInfo | string;

/** Resolves a ResourceRef; throws for a resource the apiserver does not serve (a programming error). */
export function resolveResource(ref: ResourceRef): ResourceInfo {
  if (typeof ref !== 'string') return ref;
  const dot = ref.indexOf('.');
  const info =
    dot < 0 ? findResource('', ref) : findResource(ref.slice(dot + 1), ref.slice(0, dot));
  if (info) return info;
  // A bare plural of a non-core group ('deployments') is accepted when it is unambiguous.
  const matches = RESOURCES.filter((r) => r.resource === ref);
  if (matches.length === 1) return matches[0]!;
  throw new Error(`client: unknown resource ${JSON.stringify(ref)}`);
}
