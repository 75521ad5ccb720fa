import { describe, expect, it } from 'vitest';
import type { KubeList, KubeObject } from '../../api/objects.ts';
import { body, startedCluster } from './helpers.ts';

const SERVICES = '/api/v1/namespaces/default/services';

function service(name: string, spec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name },
    spec: { selector: { app: name }, ports: [{ port: 80, targetPort: 8080 }], ...spec },
  };
}

const specOf = (o: KubeObject) =>
  o.spec as {
    clusterIP?: string;
    clusterIPs?: string[];
    ports: { nodePort?: number }[];
    type?: string;
  };

describe('kube-apiserver: service addresses', () => {
  it('creates the kubernetes service at 10.96.0.1 at start-up', () => {
    const c = startedCluster();
    const svc = body(c.call('GET', `${SERVICES}/kubernetes`));
    expect(specOf(svc).clusterIP).toBe('10.96.0.1');
    expect(specOf(svc).ports).toEqual([
      expect.objectContaining({ name: 'https', port: 443, targetPort: 6443 }),
    ]);
  });

  it('allocates distinct cluster IPs from 10.96.0.0/12', () => {
    const c = startedCluster();
    const ips = new Set<string>();
    for (let i = 0; i < 10; i++) {
      const r = c.call('POST', SERVICES, { body: service(`s${i}`) });
      expect(r.code).toBe(201);
      const ip = specOf(body(r)).clusterIP!;
      expect(ip).toMatch(/^10\.(9[6-9]|10[0-9]|11[01])\.\d+\.\d+$/);
      expect(specOf(body(r)).clusterIPs).toEqual([ip]);
      ips.add(ip);
    }
    ips.add('10.96.0.1');
    expect(ips.size).toBe(11);
  });

  it('allocates node ports in 30000-32767 for NodePort and LoadBalancer services', () => {
    const c = startedCluster();
    const np = body(c.call('POST', SERVICES, { body: service('np', { type: 'NodePort' }) }));
    const port = specOf(np).ports[0]!.nodePort!;
    expect(port).toBeGreaterThanOrEqual(30000);
    expect(port).toBeLessThanOrEqual(32767);
    const lb = body(c.call('POST', SERVICES, { body: service('lb', { type: 'LoadBalancer' }) }));
    expect(specOf(lb).ports[0]!.nodePort).not.toBe(port);
    expect(
      specOf(body(c.call('POST', SERVICES, { body: service('plain') }))).ports[0]!.nodePort,
    ).toBeUndefined();
  });

  it('refuses an address or port already in use, with the real messages', () => {
    const c = startedCluster();
    const first = body(
      c.call('POST', SERVICES, {
        body: service('a', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }),
      }),
    );
    const ip = specOf(first).clusterIP!;
    const sameIp = c.call('POST', SERVICES, { body: service('b', { clusterIP: ip }) });
    expect(sameIp.code).toBe(422);
    expect(sameIp.body.message).toBe(
      `Service "b" is invalid: spec.clusterIPs: Invalid value: []string{"${ip}"}: failed to allocate IP ${ip}: provided IP is already allocated`,
    );
    const samePort = c.call('POST', SERVICES, {
      body: service('c', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }),
    });
    expect(samePort.code).toBe(422);
    expect(samePort.body.message).toBe(
      'Service "c" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated',
    );
    expect(body<KubeList>(c.call('GET', SERVICES)).items.map((s) => s.metadata.name)).toEqual([
      'a',
      'kubernetes',
    ]);
  });

  it('frees a deleted service address and allocates node ports when the type changes', () => {
    const c = startedCluster();
    const a = body(c.call('POST', SERVICES, { body: service('a', { clusterIP: '10.96.0.50' }) }));
    expect(specOf(a).clusterIP).toBe('10.96.0.50');
    c.call('DELETE', `${SERVICES}/a`);
    c.sequencer.runFor(10);
    expect(c.call('POST', SERVICES, { body: service('b', { clusterIP: '10.96.0.50' }) }).code).toBe(
      201,
    );
    const current = body(c.call('GET', `${SERVICES}/b`));
    const updated = c.call('PUT', `${SERVICES}/b`, {
      body: { ...current, spec: { ...specOf(current), type: 'NodePort' } },
    });
    expect(updated.code).toBe(200);
    expect(specOf(body(updated)).ports[0]!.nodePort).toBeGreaterThanOrEqual(30000);
    expect(specOf(body(updated)).clusterIP).toBe('10.96.0.50');
  });
});
