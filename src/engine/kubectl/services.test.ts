import { describe, expect, it } from 'vitest';
import * as golden from './golden.testdata.ts';
import { DAY, NOW, obj } from './objects.testdata.ts';
import { serviceExternalIP } from './core.ts';
import { printTable } from './table.ts';

describe('kubectl get services, endpoints, endpointslices', () => {
  const svc = (name: string, age: number, spec: Record<string, unknown>, status = {}) =>
    obj('v1', 'Service', name, age, { spec, status });
  const services = [
    svc('kubernetes', 3 * DAY, {
      type: 'ClusterIP',
      clusterIPs: ['10.96.0.1'],
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }],
    }),
    svc('web', 600, {
      type: 'NodePort',
      clusterIPs: ['10.96.120.15'],
      selector: { app: 'web' },
      ports: [{ port: 80, protocol: 'TCP', nodePort: 30080 }],
    }),
    svc('lb', 120, {
      type: 'LoadBalancer',
      clusterIPs: ['10.96.33.7'],
      selector: { app: 'web' },
      ports: [
        { port: 80, protocol: 'TCP', nodePort: 31234 },
        { port: 443, protocol: 'TCP', nodePort: 31235 },
      ],
    }),
    svc('db', 300, {
      type: 'ClusterIP',
      clusterIP: 'None',
      clusterIPs: ['None'],
      selector: { app: 'db' },
      ports: [{ port: 5432, protocol: 'TCP' }],
    }),
  ];

  it('services: TYPE, CLUSTER-IP, EXTERNAL-IP <none>/<pending>, PORT(S)', () => {
    expect(printTable('svc', services, { now: NOW })).toBe(golden.services);
    expect(printTable('services', services, { now: NOW, wide: true })).toBe(golden.servicesWide);
  });

  it('services: load balancer ingress, external IPs and ExternalName', () => {
    const lb = {
      spec: { type: 'LoadBalancer', externalIPs: ['198.51.100.9'] },
      status: {
        loadBalancer: { ingress: [{ ip: '203.0.113.10' }, { hostname: 'a1b2.elb.example.com' }] },
      },
    };
    expect(serviceExternalIP(lb, true)).toBe('203.0.113.10,a1b2.elb.example.com,198.51.100.9');
    expect(serviceExternalIP({ spec: { type: 'LoadBalancer' }, status: lb.status }, false)).toBe(
      '203.0.113.10,...',
    );
    expect(
      serviceExternalIP({ spec: { type: 'ExternalName', externalName: 'db.example.com' } }, false),
    ).toBe('db.example.com');
  });

  it('endpoints: host:port pairs, at most three', () => {
    const eps = [
      obj('v1', 'Endpoints', 'kubernetes', 3 * DAY, {
        subsets: [
          {
            addresses: [{ ip: '172.18.0.2' }],
            ports: [{ name: 'https', port: 6443, protocol: 'TCP' }],
          },
        ],
      }),
      obj('v1', 'Endpoints', 'web', 600, {
        subsets: [
          {
            addresses: ['10.244.1.5', '10.244.2.7', '10.244.1.9', '10.244.2.3'].map((ip) => ({
              ip,
            })),
            ports: [{ port: 80, protocol: 'TCP' }],
          },
        ],
      }),
      obj('v1', 'Endpoints', 'lb', 120, {}),
    ];
    expect(printTable('ep', eps, { now: NOW })).toBe(golden.endpoints);
  });

  it('endpointslices: ADDRESSTYPE, PORTS, ENDPOINTS, <unset> when empty', () => {
    const slices = [
      obj('discovery.k8s.io/v1', 'EndpointSlice', 'web-abc12', 600, {
        addressType: 'IPv4',
        ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
        endpoints: [{ addresses: ['10.244.1.5'] }, { addresses: ['10.244.2.7'] }],
      }),
      obj('discovery.k8s.io/v1', 'EndpointSlice', 'empty-x1', 60, {
        addressType: 'IPv4',
        endpoints: [],
      }),
    ];
    expect(printTable('endpointslices', slices, { now: NOW })).toBe(golden.endpointslices);
  });
});
