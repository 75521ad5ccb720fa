import { describe, expect, it } from 'vitest';
import type { Cluster } from '../../cluster/cluster.ts';
import type { KubeObject } from '../../api/objects.ts';
import { endpointsController } from '../endpoints/index.ts';
import { kcmCluster, ok, runningPod, setPodStatus } from '../nodelifecycle/testCluster.ts';
import { endpointSliceController } from './index.ts';

const service = (
  name: string,
  selector: Record<string, string> | undefined,
  targetPort: number | string = 'http',
) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, labels: { team: 'shop' } },
  spec: { ...(selector ? { selector } : {}), ports: [{ name: 'http', port: 80, targetPort }] },
});
const webSpec = {
  containers: [{ name: 'app', image: 'nginx', ports: [{ name: 'http', containerPort: 8080 }] }],
};

function setup(): Cluster {
  const c = kcmCluster([endpointsController, endpointSliceController]);
  for (const [name, zone] of [
    ['node-1', 'zone-a'],
    ['node-2', 'zone-b'],
  ])
    ok(
      c.call('POST', '/api/v1/nodes', {
        body: {
          apiVersion: 'v1',
          kind: 'Node',
          metadata: { name, labels: { 'topology.kubernetes.io/zone': zone! } },
        },
      }),
    );
  return c;
}

const endpointsOf = (c: Cluster, name: string) =>
  c.stored(`/registry/services/endpoints/default/${name}`)[0];
const slicesOf = (c: Cluster, name: string) =>
  c
    .stored('/registry/endpointslices/default/')
    .filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === name);
type Subset = {
  addresses?: { ip: string; targetRef: { name: string } }[];
  notReadyAddresses?: { ip: string }[];
  ports?: unknown[];
};
const subsets = (e: KubeObject | undefined) => (e?.subsets as Subset[] | undefined) ?? [];
type Ep = {
  addresses: string[];
  conditions: Record<string, boolean>;
  targetRef: { name: string };
  nodeName?: string;
  zone?: string;
};
const endpoints = (c: Cluster, name: string) =>
  slicesOf(c, name).flatMap((s) => (s.endpoints as Ep[] | null) ?? []);

describe('endpoints and EndpointSlice controllers (real cluster)', () => {
  it('follow pods as they become ready, not ready and terminating', () => {
    const c = setup();
    ok(
      c.call('POST', '/api/v1/namespaces/default/services', {
        body: service('web', { app: 'web' }),
      }),
    );
    const a = runningPod(c, 'default', 'web-a', 'node-1', {
      labels: { app: 'web' },
      spec: webSpec,
      ip: '10.244.0.5',
    });
    const b = runningPod(c, 'default', 'web-b', 'node-2', {
      labels: { app: 'web' },
      spec: webSpec,
      ip: '10.244.1.7',
    });
    runningPod(c, 'default', 'other', 'node-1', { labels: { app: 'db' }, ip: '10.244.0.9' });
    c.sequencer.runFor(100);

    const ep = endpointsOf(c, 'web')!;
    expect(ep.metadata.labels).toEqual({ team: 'shop' });
    expect(subsets(ep)).toEqual([
      {
        addresses: [
          {
            ip: '10.244.0.5',
            nodeName: 'node-1',
            targetRef: { kind: 'Pod', namespace: 'default', name: 'web-a', uid: a.metadata.uid },
          },
          {
            ip: '10.244.1.7',
            nodeName: 'node-2',
            targetRef: { kind: 'Pod', namespace: 'default', name: 'web-b', uid: b.metadata.uid },
          },
        ],
        ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
      },
    ]);
    const slices = slicesOf(c, 'web');
    expect(slices).toHaveLength(1);
    expect(slices[0]).toMatchObject({
      addressType: 'IPv4',
      metadata: {
        generateName: 'web-',
        labels: {
          team: 'shop',
          'kubernetes.io/service-name': 'web',
          'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
        },
        ownerReferences: [
          {
            apiVersion: 'v1',
            kind: 'Service',
            name: 'web',
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    });
    expect(slices[0]!.metadata.name).toMatch(/^web-[a-z0-9]{5}$/);
    expect(endpoints(c, 'web')).toEqual([
      {
        addresses: ['10.244.0.5'],
        conditions: { ready: true, serving: true, terminating: false },
        nodeName: 'node-1',
        zone: 'zone-a',
        targetRef: { kind: 'Pod', namespace: 'default', name: 'web-a', uid: a.metadata.uid },
      },
      {
        addresses: ['10.244.1.7'],
        conditions: { ready: true, serving: true, terminating: false },
        nodeName: 'node-2',
        zone: 'zone-b',
        targetRef: { kind: 'Pod', namespace: 'default', name: 'web-b', uid: b.metadata.uid },
      },
    ]);

    // web-b fails its readiness probe.
    setPodStatus(c, b, false, '10.244.1.7');
    c.sequencer.runFor(100);
    expect(
      subsets(endpointsOf(c, 'web')).map((s) => [
        s.addresses?.map((x) => x.ip),
        s.notReadyAddresses?.map((x) => x.ip),
      ]),
    ).toEqual([[['10.244.0.5'], ['10.244.1.7']]]);
    expect(endpoints(c, 'web').find((e) => e.targetRef.name === 'web-b')?.conditions).toEqual({
      ready: false,
      serving: false,
      terminating: false,
    });

    // web-a is deleted (graceful: it keeps running while it terminates).
    ok(c.call('DELETE', '/api/v1/namespaces/default/pods/web-a'));
    c.sequencer.runFor(100);
    expect(subsets(endpointsOf(c, 'web'))).toEqual([
      expect.objectContaining({
        notReadyAddresses: [expect.objectContaining({ ip: '10.244.1.7' })],
      }),
    ]);
    expect(endpoints(c, 'web').find((e) => e.targetRef.name === 'web-a')?.conditions).toEqual({
      ready: false,
      serving: true,
      terminating: true,
    });

    // Back to ready.
    setPodStatus(c, b, true, '10.244.1.7');
    c.sequencer.runFor(100);
    expect(subsets(endpointsOf(c, 'web'))[0]?.addresses?.map((x) => x.targetRef.name)).toEqual([
      'web-b',
    ]);
    expect(slicesOf(c, 'web')).toHaveLength(1);
  });

  it('resolves numeric target ports, skips services without a selector, and leaves an empty placeholder slice', () => {
    const c = setup();
    ok(
      c.call('POST', '/api/v1/namespaces/default/services', {
        body: service('num', { app: 'num' }, 9000),
      }),
    );
    ok(
      c.call('POST', '/api/v1/namespaces/default/services', { body: service('manual', undefined) }),
    );
    ok(
      c.call('POST', '/api/v1/namespaces/default/services', {
        body: service('empty', { app: 'nobody' }),
      }),
    );
    runningPod(c, 'default', 'num-1', 'node-1', { labels: { app: 'num' }, ip: '10.244.0.20' });
    c.sequencer.runFor(100);
    expect(subsets(endpointsOf(c, 'num'))[0]?.ports).toEqual([
      { name: 'http', port: 9000, protocol: 'TCP' },
    ]);
    expect(endpointsOf(c, 'manual')).toBeUndefined();
    expect(slicesOf(c, 'manual')).toEqual([]);
    expect(subsets(endpointsOf(c, 'empty'))).toEqual([]);
    const placeholder = slicesOf(c, 'empty');
    expect(placeholder).toHaveLength(1);
    expect(placeholder[0]?.endpoints ?? []).toEqual([]);
  });

  it('splits more than 100 endpoints over several slices', () => {
    const c = setup();
    ok(
      c.call('POST', '/api/v1/namespaces/default/services', {
        body: service('big', { app: 'big' }),
      }),
    );
    for (let i = 0; i < 130; i++)
      runningPod(c, 'default', `big-${String(i).padStart(3, '0')}`, 'node-1', {
        labels: { app: 'big' },
        spec: webSpec,
        ip: `10.244.${Math.floor(i / 200)}.${(i % 200) + 10}`,
      });
    c.sequencer.runFor(500);
    const sizes = slicesOf(c, 'big')
      .map((s) => (s.endpoints as unknown[]).length)
      .sort((x, y) => y - x);
    expect(sizes).toEqual([100, 30]);
    const ep = subsets(endpointsOf(c, 'big'));
    expect(ep[0]?.addresses).toHaveLength(130);
  });
});
