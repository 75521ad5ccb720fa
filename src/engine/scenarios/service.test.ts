/**
 * A ClusterIP Service over a Deployment: the endpoints and endpoint slice controllers publish the
 * ready pods' IPs, every node's kube-proxy turns them into iptables rules, and a request to the
 * ClusterIP is DNATed by the first node's rules to one pod, answered by that pod's node, and
 * returned through the same kube-proxy (the reverse NAT), hop by hop in the trace.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/objects.ts';
import { iptablesSave, type KubeProxyState } from '../node/kubeproxy/index.ts';
import {
  bootCluster,
  createDeployment,
  expect0Crashes,
  runningReady,
  runUntil,
} from './helpers.ts';

const WEB = { app: 'web' };

interface EndpointSubset {
  addresses?: { ip: string; nodeName?: string; targetRef?: { name?: string } }[];
  notReadyAddresses?: unknown[];
  ports?: { port: number; protocol: string; name?: string }[];
}

interface SliceEndpoint {
  addresses: string[];
  conditions?: { ready?: boolean };
  nodeName?: string;
}

describe('a ClusterIP Service', () => {
  it('publishes the ready pods, programs every kube-proxy, and routes a request to a pod', () => {
    const c = bootCluster();
    createDeployment(c, 'web', 3);
    runUntil(c, () => runningReady(c, WEB).length === 3, 60_000);
    const r = c.call('POST', '/api/v1/namespaces/default/services', {
      body: {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'web' },
        spec: { selector: WEB, ports: [{ port: 80, targetPort: 80, protocol: 'TCP' }] },
      },
    });
    expect(r.code).toBe(201);
    const clusterIP = (r.body.spec as { clusterIP: string }).clusterIP;
    expect(clusterIP).toMatch(/^10\.(9[6-9]|10[0-9]|11[01])\.\d+\.\d+$/);
    const ips = runningReady(c, WEB)
      .map((p) => p.ip!)
      .sort();
    expect(ips.every((ip) => ip.startsWith('10.244.'))).toBe(true);

    const endpoints = () =>
      c.stored('/registry/services/endpoints/default/web')[0] as
        (KubeObject & { subsets?: EndpointSubset[] }) | undefined;
    const slices = () =>
      c
        .stored('/registry/endpointslices/default/')
        .filter(
          (s) => s.metadata.labels?.['kubernetes.io/service-name'] === 'web',
        ) as (KubeObject & {
        endpoints?: SliceEndpoint[];
        ports?: { port: number; protocol: string }[];
      })[];
    const natOf = (node: string) =>
      iptablesSave(c.sequencer.stateOf<KubeProxyState>(`kube-proxy/${node}`)!.rules, 'nat');
    runUntil(
      c,
      () =>
        (endpoints()?.subsets?.[0]?.addresses?.length ?? 0) === 3 &&
        slices().some((s) => s.endpoints?.length === 3) &&
        c.nodeNames().every((n) => ips.every((ip) => natOf(n).includes(`${ip}:80`))),
      10_000,
    );
    expect0Crashes(c);

    const subset = endpoints()!.subsets![0]!;
    expect(subset.addresses!.map((a) => a.ip).sort()).toEqual(ips);
    expect(subset.notReadyAddresses).toBeUndefined();
    expect(subset.ports).toEqual([{ port: 80, protocol: 'TCP' }]);
    const [slice] = slices();
    expect(slice!.metadata.labels?.['endpointslice.kubernetes.io/managed-by']).toBe(
      'endpointslice-controller.k8s.io',
    );
    expect(slice!.endpoints!.map((e) => e.addresses[0]).sort()).toEqual(ips);
    expect(slice!.endpoints!.every((e) => e.conditions?.ready === true)).toBe(true);
    expect(slice!.ports).toEqual([{ name: '', port: 80, protocol: 'TCP' }]);

    for (const node of c.nodeNames()) {
      const nat = natOf(node);
      expect(nat).toMatch(
        new RegExp(
          `-A KUBE-SERVICES -d ${clusterIP.replaceAll('.', '\\.')}/32 -p tcp -m comment --comment "default/web cluster IP" -m tcp --dport 80 -j KUBE-SVC-[A-Z0-9]{16}`,
        ),
      );
      for (const ip of ips) expect(nat).toContain(`-j DNAT --to-destination ${ip}:80`);
    }

    const trace = c.sequencer.trace;
    const mark = trace.length;
    c.sequencer.inject('kubectl', 'kube-proxy/node-1', {
      kind: 'traffic',
      requestId: 'curl-1',
      destination: `${clusterIP}:80`,
      protocol: 'TCP',
      hops: ['kubectl'],
    });
    runUntil(
      c,
      () => trace.slice(mark).some((e) => e.kind === 'traffic' && e.to === 'kubectl'),
      5_000,
    );
    const hops = trace.slice(mark).filter((e) => e.kind === 'traffic');
    expect(hops).toHaveLength(4);
    const [request, dnat, answer, reply] = hops as [
      (typeof hops)[0],
      (typeof hops)[0],
      (typeof hops)[0],
      (typeof hops)[0],
    ];
    const served = /^response 200 from default\/(.+)$/.exec(reply.summary)?.[1];
    const pod = runningReady(c, WEB).find((p) => p.name === served);
    expect(pod, reply.summary).toBeDefined();

    expect(request).toMatchObject({
      from: 'kubectl',
      to: 'kube-proxy/node-1',
      summary: `request to ${clusterIP}:80`,
      cause: null,
    });
    expect(dnat).toMatchObject({
      from: 'kube-proxy/node-1',
      to: `containerd/${pod!.node}`,
      summary: `request to ${pod!.ip}:80`,
      cause: request.seq,
    });
    expect(answer).toMatchObject({
      from: `containerd/${pod!.node}`,
      to: 'kube-proxy/node-1',
      summary: `response 200 from default/${pod!.name}`,
      cause: dnat.seq,
    });
    expect(reply).toMatchObject({
      from: 'kube-proxy/node-1',
      to: 'kubectl',
      cause: answer.seq,
    });
  });
});
