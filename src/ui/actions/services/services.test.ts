import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../engine/index.ts';
import { kubectlCluster } from '../kubectlCluster.testdata.ts';
import { curlResult, requestTargets } from './curl.ts';
import { expose, serviceFor } from './expose.ts';

const labels = { app: 'web' };
const deployment = (extra: object = {}): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default', labels: { app: 'web', tier: 'front' } },
  spec: {
    replicas: 2,
    selector: { matchLabels: labels },
    template: {
      metadata: { labels },
      spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', ...extra }] },
    },
  },
});

describe('kubectl expose', () => {
  it("builds the Service kubectl would: the Deployment's name, labels and matchLabels, one TCP port", () => {
    const built = serviceFor(deployment(), {
      namespace: 'default',
      name: 'web',
      port: '80',
      targetPort: '',
      type: 'NodePort',
    });
    expect(built).toEqual({
      ok: true,
      service: {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'web', labels: { app: 'web', tier: 'front' } },
        spec: {
          ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
          selector: labels,
          type: 'NodePort',
        },
      },
    });
    const named = serviceFor(deployment(), {
      namespace: 'default',
      name: 'web',
      port: '8080',
      targetPort: 'http',
      type: 'ClusterIP',
    });
    expect(named.ok && named.service.spec).toEqual({
      ports: [{ port: 8080, protocol: 'TCP', targetPort: 'http' }],
      selector: labels,
    });
  });

  it("takes the container's port when none is given, and prints kubectl's errors", () => {
    const request = {
      namespace: 'default',
      name: 'web',
      port: '',
      targetPort: '',
      type: 'ClusterIP' as const,
    };
    const introspected = serviceFor(deployment({ ports: [{ containerPort: 8080 }] }), request);
    expect(introspected.ok && introspected.service.spec).toMatchObject({
      ports: [{ port: 8080, targetPort: 8080 }],
    });
    expect(serviceFor(deployment(), request)).toEqual({
      ok: false,
      error: "error: couldn't find port via --port flag or introspection",
    });
    expect(serviceFor(deployment(), { ...request, port: 'eighty' })).toEqual({
      ok: false,
      error: 'error: strconv.Atoi: parsing "eighty": invalid syntax',
    });
  });
});

describe('curl to a Service', () => {
  it('reaches a pod through the ClusterIP, a NodePort and the load balancer, hop by hop', async () => {
    const k = kubectlCluster();
    k.c.call('POST', '/apis/apps/v1/namespaces/default/deployments', { body: deployment() });
    k.until(() => k.running('web-').length === 2, 60_000);
    const request = {
      namespace: 'default',
      name: 'web',
      port: '80',
      targetPort: '',
      type: 'LoadBalancer' as const,
    };
    expect(await expose(k.call, request)).toEqual({ ok: true, lines: ['service/web exposed'] });
    expect(await expose(k.call, request)).toEqual({
      ok: false,
      lines: ['Error from server (AlreadyExists): services "web" already exists'],
    });
    const service = () => k.c.stored('/registry/services/specs/default/web')[0]!;
    const lbIngress = () =>
      (service().status as { loadBalancer?: { ingress?: unknown[] } }).loadBalancer?.ingress;
    k.until(() => lbIngress() !== undefined, 60_000);
    // Let kube-proxy program the endpoints everywhere.
    k.c.sequencer.runFor(5_000);

    const nodes = k.c.stored('/registry/minions/');
    const targets = requestTargets(service(), nodes);
    const { clusterIP, ports } = service().spec as {
      clusterIP: string;
      ports: { nodePort: number }[];
    };
    expect(targets.map((t) => t.via)).toEqual([
      'kube-proxy/node-1',
      'kube-proxy/node-2',
      'kube-proxy/node-3',
      'kube-proxy/node-1',
      'kube-proxy/node-2',
      'kube-proxy/node-3',
      'cloud',
    ]);
    expect(targets[0]!.destination).toBe(`${clusterIP}:80`);
    expect(targets[3]!.destination).toMatch(new RegExp(`:${ports[0]!.nodePort}$`));

    const pods = k.running('web-').map((p) => `default/${p.metadata.name}`);
    for (const [i, t] of [targets[0]!, targets[4]!, targets[6]!].entries()) {
      const mark = k.c.sequencer.trace.length;
      k.c.sendRequest(t.via, t.destination, `curl-${i}`);
      k.c.sequencer.runFor(1_000);
      const result = curlResult(k.c.sequencer.trace, mark, t.destination)!;
      expect(result.ok).toBe(true);
      const served = /^HTTP 200 from pod (.+)$/.exec(result.lines[0]!)?.[1];
      expect(pods).toContain(served);
      expect(result.lines[1]).toMatch(
        new RegExp(`^path: kubectl → ${t.via} → .*containerd/node-\\d → .*${t.via} → kubectl$`),
      );
    }
    expect(() => k.c.sendRequest('kube-proxy/node-9', `${clusterIP}:80`, 'x')).toThrow(
      'no running kube-proxy or load balancer "kube-proxy/node-9" to send through',
    );
  });

  it('gives up after the connect timeout when no reply comes back', () => {
    expect(curlResult([], 0, '10.96.0.9:80', 10_000)).toBeUndefined();
    expect(curlResult([], 0, '10.96.0.9:80', 10_001)).toEqual({
      ok: false,
      lines: ['curl: (28) Connection timed out after 10000 milliseconds'],
    });
  });

  it('says what curl says when no backend answers', () => {
    const k = kubectlCluster();
    const created = k.c.call('POST', '/api/v1/namespaces/default/services', {
      body: {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'empty' },
        spec: { selector: { app: 'nothing' }, ports: [{ port: 80 }] },
      },
    });
    const clusterIP = (created.body.spec as { clusterIP: string }).clusterIP;
    k.c.sequencer.runFor(5_000);
    const mark = k.c.sequencer.trace.length;
    k.c.sendRequest('kube-proxy/node-2', `${clusterIP}:80`, 'curl-empty');
    k.c.sequencer.runFor(1_000);
    expect(curlResult(k.c.sequencer.trace, mark, `${clusterIP}:80`)).toEqual({
      ok: false,
      lines: [
        `curl: (7) Failed to connect to ${clusterIP} port 80: Connection refused`,
        'path: kubectl → kube-proxy/node-2 → kubectl',
      ],
    });
  });
});
