/**
 * The service controller's decisions (k8s.io/cloud-provider/controllers/service and
 * servicehelper): which services want a load balancer, which need cleanup, which changes
 * matter, and which nodes a load balancer targets (the StableLoadBalancerNodeSet predicates).
 */
import type { KubeObject } from '../../api/objects.ts';
import type { LoadBalancerPort } from '../protocol.ts';
import { taintsOf } from './nodeHelpers.ts';

export const LOAD_BALANCER_CLEANUP_FINALIZER = 'service.kubernetes.io/load-balancer-cleanup';
/** v1.LabelNodeExcludeBalancers. */
export const LABEL_NODE_EXCLUDE_BALANCERS =
  'node.kubernetes.io/exclude-from-external-load-balancers';
export const TO_BE_DELETED_TAINT = 'ToBeDeletedByClusterAutoscaler';

interface SpecView {
  type?: string;
  loadBalancerClass?: string;
  loadBalancerIP?: string;
  loadBalancerSourceRanges?: string[];
  externalIPs?: string[];
  externalTrafficPolicy?: string;
  healthCheckNodePort?: number;
  sessionAffinity?: string;
  ports?: {
    name?: string;
    protocol?: string;
    port?: number;
    nodePort?: number;
    targetPort?: unknown;
  }[];
}

export function specOf(svc: KubeObject): SpecView {
  return (svc.spec ?? {}) as SpecView;
}

/** wantsLoadBalancer: type LoadBalancer with no loadBalancerClass (that belongs to another controller). */
export function wantsLoadBalancer(svc: KubeObject): boolean {
  const spec = specOf(svc);
  return spec.type === 'LoadBalancer' && spec.loadBalancerClass === undefined;
}

export function hasLBFinalizer(svc: KubeObject): boolean {
  return (svc.metadata.finalizers ?? []).includes(LOAD_BALANCER_CLEANUP_FINALIZER);
}

export function needsCleanup(svc: KubeObject): boolean {
  if (!hasLBFinalizer(svc)) return false;
  return svc.metadata.deletionTimestamp !== undefined || specOf(svc).type !== 'LoadBalancer';
}

export function portsForLB(svc: KubeObject): LoadBalancerPort[] {
  return (specOf(svc).ports ?? []).map((p) => ({
    ...(p.name ? { name: p.name } : {}),
    port: p.port ?? 0,
    nodePort: p.nodePort ?? 0,
    protocol: p.protocol ?? 'TCP',
  }));
}

/** needsUpdate: the changes that make the controller sync the load balancer, with their events. */
export function needsUpdate(
  old: KubeObject,
  cur: KubeObject,
  event: (reason: string, message: string) => void,
): boolean {
  const a = specOf(old);
  const b = specOf(cur);
  if (!wantsLoadBalancer(old) && !wantsLoadBalancer(cur)) return false;
  if (wantsLoadBalancer(old) !== wantsLoadBalancer(cur)) {
    event('Type', `${a.type ?? ''} -> ${b.type ?? ''}`);
    return true;
  }
  const same = (x: unknown, y: unknown) => JSON.stringify(x ?? null) === JSON.stringify(y ?? null);
  if (!same(a.loadBalancerSourceRanges, b.loadBalancerSourceRanges)) {
    event(
      'LoadBalancerSourceRanges',
      `[${(a.loadBalancerSourceRanges ?? []).join(' ')}] -> [${(b.loadBalancerSourceRanges ?? []).join(' ')}]`,
    );
    return true;
  }
  const lbPorts = (s: SpecView) =>
    (s.ports ?? []).map((p) => [p.name ?? '', p.protocol, p.port, p.nodePort, p.targetPort]);
  if (!same(lbPorts(a), lbPorts(b)) || a.sessionAffinity !== b.sessionAffinity) return true;
  if ((a.loadBalancerIP ?? '') !== (b.loadBalancerIP ?? '')) {
    event('LoadbalancerIP', `${a.loadBalancerIP ?? ''} -> ${b.loadBalancerIP ?? ''}`);
    return true;
  }
  const ipsA = a.externalIPs ?? [];
  const ipsB = b.externalIPs ?? [];
  if (ipsA.length !== ipsB.length) {
    event('ExternalIP', `Count: ${ipsA.length} -> ${ipsB.length}`);
    return true;
  }
  for (let i = 0; i < ipsA.length; i++)
    if (ipsA[i] !== ipsB[i]) {
      event('ExternalIP', `Added: ${ipsB[i]!}`);
      return true;
    }
  if (!same(old.metadata.annotations, cur.metadata.annotations)) return true;
  if (old.metadata.uid !== cur.metadata.uid) {
    event('UID', `${old.metadata.uid ?? ''} -> ${cur.metadata.uid ?? ''}`);
    return true;
  }
  if (a.externalTrafficPolicy !== b.externalTrafficPolicy) {
    event(
      'ExternalTrafficPolicy',
      `${a.externalTrafficPolicy ?? ''} -> ${b.externalTrafficPolicy ?? ''}`,
    );
    return true;
  }
  if (a.healthCheckNodePort !== b.healthCheckNodePort) {
    event('HealthCheckNodePort', `${a.healthCheckNodePort ?? 0} -> ${b.healthCheckNodePort ?? 0}`);
    return true;
  }
  return false;
}

/** stableNodeSetPredicates: not being deleted, not excluded by label, not about to be scaled away. */
export function stableNodeSet(nodes: readonly KubeObject[]): string[] {
  return nodes
    .filter((n) => n.metadata.deletionTimestamp === undefined)
    .filter((n) => {
      const v = n.metadata.labels?.[LABEL_NODE_EXCLUDE_BALANCERS];
      return (
        v === undefined ||
        v === 'false' ||
        v === 'False' ||
        v === 'FALSE' ||
        v === '0' ||
        v === 'f' ||
        v === 'F'
      );
    })
    .filter((n) => !taintsOf(n).some((t) => t.key === TO_BE_DELETED_TAINT))
    .map((n) => n.metadata.name ?? '')
    .sort();
}

export function loadBalancerIngress(svc: KubeObject): unknown[] {
  return (
    (svc.status as { loadBalancer?: { ingress?: unknown[] } } | undefined)?.loadBalancer?.ingress ??
    []
  );
}
