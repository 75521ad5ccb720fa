/**
 * curl to a Service, simulated: where a learner can send a request from (a Service's ClusterIP
 * from a node, its NodePort on any node from outside, its load balancer's IP), and what curl would
 * print once the reply has travelled back hop by hop.
 */
import { causalChain, type KubeObject } from '../../../engine/display.ts';
import type { TraceEvent } from '../../../engine/index.ts';

export interface RequestTarget {
  /** What the select shows. */
  label: string;
  /** Where the packet enters: a node's kube-proxy rules, or the cloud's load balancer. */
  via: string;
  /** The address curl dials, IP:port. */
  destination: string;
}

interface ServiceSpec {
  type?: string;
  clusterIP?: string;
  ports?: { port: number; nodePort?: number }[];
}

function internalIP(node: KubeObject): string | undefined {
  const addresses = (node.status as { addresses?: { type: string; address: string }[] } | undefined)
    ?.addresses;
  return addresses?.find((a) => a.type === 'InternalIP')?.address;
}

/** Every address this Service answers on, with where a request to it enters the cluster. */
export function requestTargets(service: KubeObject, nodes: readonly KubeObject[]): RequestTarget[] {
  const spec = (service.spec ?? {}) as ServiceSpec;
  if (spec.type === 'ExternalName') return [];
  const names = nodes.map((n) => n.metadata.name ?? '');
  const targets: RequestTarget[] = [];
  for (const p of spec.ports ?? []) {
    if (spec.clusterIP && spec.clusterIP !== 'None')
      for (const node of names)
        targets.push({
          label: `ClusterIP ${spec.clusterIP}:${p.port}, from ${node}`,
          via: `kube-proxy/${node}`,
          destination: `${spec.clusterIP}:${p.port}`,
        });
    if (p.nodePort)
      for (const node of nodes) {
        const ip = internalIP(node);
        const name = node.metadata.name ?? '';
        if (ip)
          targets.push({
            label: `NodePort ${ip}:${p.nodePort} (${name}), from outside`,
            via: `kube-proxy/${name}`,
            destination: `${ip}:${p.nodePort}`,
          });
      }
    const ingress =
      (service.status as { loadBalancer?: { ingress?: { ip?: string }[] } } | undefined)
        ?.loadBalancer?.ingress ?? [];
    for (const i of ingress)
      if (i.ip)
        targets.push({
          label: `load balancer ${i.ip}:${p.port}, from outside`,
          via: 'cloud',
          destination: `${i.ip}:${p.port}`,
        });
  }
  return targets;
}

export interface CurlResult {
  ok: boolean;
  lines: string[];
}

/** curl's --connect-timeout, in virtual seconds: a request dropped on the way ends there. */
export const CONNECT_TIMEOUT_SECONDS = 10;

/**
 * The reply to the request curl sent to `destination` after trace position `after`, once it is
 * back at kubectl: what curl prints, and the path the packets took. Undefined while in flight,
 * until `waitedMs` of virtual time pass the connect timeout.
 */
export function curlResult(
  trace: readonly TraceEvent[],
  after: number,
  destination: string,
  waitedMs = 0,
): CurlResult | undefined {
  return replyIn(trace, after, destination) ?? timedOut(waitedMs);
}

function timedOut(waitedMs: number): CurlResult | undefined {
  const limit = CONNECT_TIMEOUT_SECONDS * 1000;
  if (waitedMs <= limit) return undefined;
  return { ok: false, lines: [`curl: (28) Connection timed out after ${limit} milliseconds`] };
}

function replyIn(
  trace: readonly TraceEvent[],
  after: number,
  destination: string,
): CurlResult | undefined {
  const request = trace.find(
    (e) =>
      e.seq > after &&
      e.kind === 'traffic' &&
      e.from === 'kubectl' &&
      e.summary === `request to ${destination}`,
  );
  if (!request) return undefined;
  for (const reply of trace) {
    if (reply.seq <= request.seq || reply.kind !== 'traffic' || reply.to !== 'kubectl') continue;
    const chain = causalChain(trace, reply.seq);
    // The chain may start earlier, at the learner's action that sent the request.
    const from = chain.indexOf(request);
    if (from < 0) continue;
    const path = ['kubectl', ...chain.slice(from).map((e) => e.to)].join(' → ');
    const served = /^response 200 from (.+)$/.exec(reply.summary)?.[1];
    if (served) return { ok: true, lines: [`HTTP 200 from pod ${served}`, `path: ${path}`] };
    const [ip, port] = [
      destination.slice(0, destination.lastIndexOf(':')),
      destination.slice(destination.lastIndexOf(':') + 1),
    ];
    const timedOut = reply.summary.endsWith('connection timed out');
    return {
      ok: false,
      lines: [
        timedOut
          ? `curl: (28) Failed to connect to ${ip} port ${port}: Connection timed out`
          : `curl: (7) Failed to connect to ${ip} port ${port}: Connection refused`,
        `path: ${path}`,
      ],
    };
  }
  return undefined;
}
