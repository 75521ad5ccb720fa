import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../shared/json.ts';
import { PatchError } from './errors.ts';
import { applyStrategicMergePatch } from './strategic.ts';

const pod = (): JsonObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', finalizers: ['a', 'b'], labels: { app: 'web', tier: 'front' } },
  spec: {
    containers: [
      {
        name: 'app',
        image: 'nginx:1.25',
        env: [
          { name: 'A', value: '1' },
          { name: 'B', value: '2' },
        ],
        ports: [{ containerPort: 80, protocol: 'TCP' }],
      },
      { name: 'sidecar', image: 'envoy:1' },
    ],
    tolerations: [{ key: 'x', operator: 'Exists' }],
  },
  status: {
    conditions: [
      { type: 'Ready', status: 'False' },
      { type: 'PodScheduled', status: 'True' },
    ],
  },
});

const smp = (patch: JsonObject, original = pod(), kind = 'Pod'): JsonObject =>
  applyStrategicMergePatch(kind, original, patch);

function smpError(patch: JsonObject, original = pod()): { message: string; code: number } {
  try {
    smp(patch, original);
  } catch (e) {
    if (e instanceof PatchError) return { message: e.message, code: e.code };
    throw e;
  }
  throw new Error('expected the patch to fail');
}

describe('applyStrategicMergePatch', () => {
  it('patches a container image by name and keeps the other containers', () => {
    const out = smp({ spec: { containers: [{ name: 'app', image: 'nginx:1.26' }] } });
    expect(out.spec).toMatchObject({
      containers: [
        { name: 'app', image: 'nginx:1.26', env: [{ name: 'A' }, { name: 'B' }] },
        { name: 'sidecar', image: 'envoy:1' },
      ],
    });
  });

  it('removes a container with $patch: delete', () => {
    const out = smp({ spec: { containers: [{ name: 'sidecar', $patch: 'delete' }] } });
    expect((out.spec as JsonObject).containers).toEqual([
      (pod().spec as JsonObject & { containers: JsonObject[] }).containers[0],
    ]);
  });

  it('merges env by name inside a merged container', () => {
    const out = smp({
      spec: {
        containers: [
          {
            name: 'app',
            env: [
              { name: 'B', value: 'two' },
              { name: 'C', value: '3' },
            ],
          },
        ],
      },
    });
    const app = ((out.spec as JsonObject).containers as JsonObject[])[0];
    expect(app?.env).toEqual([
      { name: 'A', value: '1' },
      { name: 'B', value: 'two' },
      { name: 'C', value: '3' },
    ]);
  });

  it('merges container ports by containerPort', () => {
    const out = smp({
      spec: { containers: [{ name: 'app', ports: [{ containerPort: 80, name: 'http' }] }] },
    });
    const app = ((out.spec as JsonObject).containers as JsonObject[])[0];
    expect(app?.ports).toEqual([{ containerPort: 80, protocol: 'TCP', name: 'http' }]);
  });

  it('replaces tolerations (no patch strategy)', () => {
    const out = smp({ spec: { tolerations: [{ key: 'y', operator: 'Exists' }] } });
    expect((out.spec as JsonObject).tolerations).toEqual([{ key: 'y', operator: 'Exists' }]);
  });

  it('merges finalizers as a set and deletes with $deleteFromPrimitiveList', () => {
    expect(
      (smp({ metadata: { finalizers: ['b', 'c'] } }).metadata as JsonObject).finalizers,
    ).toEqual(['a', 'b', 'c']);
    const out = smp({
      metadata: {
        $deleteFromPrimitiveList: undefined,
        '$deleteFromPrimitiveList/finalizers': ['a'],
      },
    });
    expect((out.metadata as JsonObject).finalizers).toEqual(['b']);
  });

  it('merges status conditions by type', () => {
    const out = smp({ status: { conditions: [{ type: 'Ready', status: 'True' }] } });
    expect((out.status as JsonObject).conditions).toEqual([
      { type: 'Ready', status: 'True' },
      { type: 'PodScheduled', status: 'True' },
    ]);
  });

  it('puts new list items before the server items that follow them, as the apiserver does', () => {
    const out = smp({ status: { conditions: [{ type: 'Initialized', status: 'True' }] } });
    expect(((out.status as JsonObject).conditions as JsonObject[]).map((c) => c.type)).toEqual([
      'Initialized',
      'Ready',
      'PodScheduled',
    ]);
  });

  it('orders a merged list by $setElementOrder', () => {
    const out = smp({
      status: {
        '$setElementOrder/conditions': [
          { type: 'PodScheduled' },
          { type: 'Ready' },
          { type: 'Initialized' },
        ],
        conditions: [{ type: 'Initialized', status: 'True' }],
      },
    });
    expect(((out.status as JsonObject).conditions as JsonObject[]).map((c) => c.type)).toEqual([
      'PodScheduled',
      'Ready',
      'Initialized',
    ]);
  });

  it('replaces a merged list with $patch: replace', () => {
    const out = smp({
      spec: { containers: [{ name: 'only', image: 'busybox' }, { $patch: 'replace' }] },
    });
    expect((out.spec as JsonObject).containers).toEqual([{ name: 'only', image: 'busybox' }]);
  });

  it('replaces a map with $patch: replace and empties it with $patch: delete', () => {
    expect(
      (smp({ metadata: { labels: { x: 'y', $patch: 'replace' } } }).metadata as JsonObject).labels,
    ).toEqual({
      x: 'y',
    });
    expect(
      (smp({ metadata: { labels: { $patch: 'delete' } } }).metadata as JsonObject).labels,
    ).toEqual({});
  });

  it('deletes keys set to null and merges maps', () => {
    const out = smp({ metadata: { labels: { tier: null, env: 'prod' } }, status: null });
    expect((out.metadata as JsonObject).labels).toEqual({ app: 'web', env: 'prod' });
    expect(out.status).toBeUndefined();
  });

  it('applies $retainKeys (Deployment strategy)', () => {
    const deploy: JsonObject = {
      kind: 'Deployment',
      spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } },
    };
    const out = smp(
      { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } },
      deploy,
      'Deployment',
    );
    expect((out.spec as JsonObject).strategy).toEqual({ type: 'Recreate' });
  });

  it('merges containers inside a Deployment pod template', () => {
    const deploy: JsonObject = {
      kind: 'Deployment',
      spec: {
        template: {
          spec: {
            containers: [
              { name: 'a', image: 'x:1' },
              { name: 'b', image: 'y:1' },
            ],
          },
        },
      },
    };
    const out = smp(
      { spec: { template: { spec: { containers: [{ name: 'b', image: 'y:2' }] } } } },
      deploy,
      'Deployment',
    );
    expect(out).toEqual({
      kind: 'Deployment',
      spec: {
        template: {
          spec: {
            containers: [
              { name: 'a', image: 'x:1' },
              { name: 'b', image: 'y:2' },
            ],
          },
        },
      },
    });
  });

  it('merges node addresses by type and service ports by port', () => {
    const node: JsonObject = {
      status: {
        addresses: [
          { type: 'InternalIP', address: '10.0.0.1' },
          { type: 'Hostname', address: 'n1' },
        ],
      },
    };
    const out = smp(
      { status: { addresses: [{ type: 'InternalIP', address: '10.0.0.2' }] } },
      node,
      'Node',
    );
    expect((out.status as JsonObject).addresses).toEqual([
      { type: 'InternalIP', address: '10.0.0.2' },
      { type: 'Hostname', address: 'n1' },
    ]);
    const svc: JsonObject = { spec: { ports: [{ port: 80, targetPort: 8080 }, { port: 443 }] } };
    const out2 = smp({ spec: { ports: [{ port: 443, name: 'https' }] } }, svc, 'Service');
    expect((out2.spec as JsonObject).ports).toEqual([
      { port: 80, targetPort: 8080 },
      { port: 443, name: 'https' },
    ]);
  });

  it('merges ownerReferences by uid', () => {
    const rs: JsonObject = { metadata: { ownerReferences: [{ uid: 'u1', name: 'd1' }] } };
    const out = smp(
      { metadata: { ownerReferences: [{ uid: 'u2', name: 'd2' }] } },
      rs,
      'ReplicaSet',
    );
    expect((out.metadata as JsonObject).ownerReferences).toEqual([
      { uid: 'u2', name: 'd2' },
      { uid: 'u1', name: 'd1' },
    ]);
  });

  it('replaces containerStatuses (not merge-keyed)', () => {
    const original: JsonObject = {
      status: {
        containerStatuses: [
          { name: 'a', ready: true },
          { name: 'b', ready: true },
        ],
      },
    };
    const out = smp({ status: { containerStatuses: [{ name: 'a', ready: false }] } }, original);
    expect((out.status as JsonObject).containerStatuses).toEqual([{ name: 'a', ready: false }]);
  });

  it('drops directives from values that are new to the object', () => {
    const out = smp(
      {
        spec: {
          volumes: [
            { name: 'v', $patch: 'delete' },
            { name: 'w', emptyDir: {} },
          ],
        },
      },
      { spec: {} },
    );
    expect(out).toEqual({ spec: { volumes: [{ name: 'w', emptyDir: {} }] } });
  });

  it('never mutates its inputs', () => {
    const original = pod();
    const patch: JsonObject = {
      metadata: { '$deleteFromPrimitiveList/finalizers': ['a'], labels: { tier: null } },
      spec: { containers: [{ name: 'sidecar', $patch: 'delete' }] },
    };
    const before = JSON.stringify([original, patch]);
    smp(patch, original);
    expect(JSON.stringify([original, patch])).toBe(before);
  });

  it.each<[string, JsonObject, string, number]>([
    [
      'a list item without its merge key',
      { spec: { containers: [{ image: 'x' }] } },
      'map: map[image:x] does not contain declared merge key: name',
      500,
    ],
    [
      'an unknown $patch directive',
      { spec: { $patch: 'frob' } },
      'unknown patch type: frob in map: map[$patch:frob]',
      500,
    ],
    [
      '$patch: merge in a list',
      { spec: { containers: [{ $patch: 'merge' }] } },
      'merging lists cannot yet be specified in the patch',
      500,
    ],
    [
      'a $retainKeys that is not a list',
      { spec: { $retainKeys: 'x' } },
      'invalid patch format of retainKeys',
      400,
    ],
    [
      'a key missing from $retainKeys',
      { spec: { $retainKeys: ['a'], b: 1 } },
      'invalid patch format of retainKeys',
      400,
    ],
    [
      'a bad $deleteFromPrimitiveList key',
      { metadata: { $deleteFromPrimitiveList: ['a'] } },
      'invalid patch format of primitive list',
      400,
    ],
    [
      'mixed element types',
      { metadata: { finalizers: [['x']] } },
      'list element types are not identical: [[a b] [[x]]]',
      500,
    ],
  ])('rejects %s', (_name, patch, message, code) => {
    expect(smpError(patch)).toEqual({ message, code });
  });

  it('rejects a list of lists with 422', () => {
    const original: JsonObject = { metadata: { finalizers: [] } };
    expect(smpError({ metadata: { finalizers: [['x']] } }, original)).toEqual({
      message: 'lists of lists are not supported',
      code: 422,
    });
  });
});
