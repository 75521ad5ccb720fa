import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JsonObject, JsonValue } from '../../../shared/json.ts';
import { applyMergePatch, applyPatch, applyStrategicMergePatch } from './index.ts';

const deployment = (): JsonObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    replicas: 2,
    template: {
      spec: {
        containers: [
          { name: 'app', image: 'nginx:1.25' },
          { name: 'log', image: 'fluent' },
        ],
      },
    },
  },
});

describe('applyPatch', () => {
  it('dispatches on the content type', () => {
    const smp = applyPatch('application/strategic-merge-patch+json', 'Deployment', deployment(), {
      spec: { template: { spec: { containers: [{ name: 'app', image: 'nginx:1.26' }] } } },
    });
    expect(smp.ok && smp.object.spec).toMatchObject({
      template: { spec: { containers: [{ name: 'app', image: 'nginx:1.26' }, { name: 'log' }] } },
    });

    const merge = applyPatch('application/merge-patch+json', 'Deployment', deployment(), {
      spec: { template: { spec: { containers: [{ name: 'app', image: 'nginx:1.26' }] } } },
    });
    expect(merge.ok && merge.object.spec).toMatchObject({
      template: { spec: { containers: [{ name: 'app', image: 'nginx:1.26' }] } },
    });

    const json = applyPatch('application/json-patch+json', 'Deployment', deployment(), [
      { op: 'replace', path: '/spec/replicas', value: 5 },
    ]);
    expect(json.ok && json.object.spec).toMatchObject({ replicas: 5 });
  });

  it('answers errors with the apiserver’s codes', () => {
    expect(
      applyPatch('application/json-patch+json', 'Deployment', deployment(), [
        { op: 'test', path: '/spec/replicas', value: 3 },
      ]),
    ).toEqual({ ok: false, code: 422, error: 'testing value /spec/replicas failed: test failed' });
    expect(applyPatch('application/merge-patch+json', 'Deployment', deployment(), null)).toEqual({
      ok: false,
      code: 400,
      error: 'Invalid JSON Patch',
    });
    expect(
      applyPatch('application/strategic-merge-patch+json', 'Deployment', deployment(), {
        spec: { $retainKeys: 'x' },
      }),
    ).toEqual({ ok: false, code: 400, error: 'invalid patch format of retainKeys' });
    expect(applyPatch('text/plain', 'Deployment', deployment(), {})).toMatchObject({
      ok: false,
      code: 415,
    });
  });
});

/** JSON objects without lists: there strategic merge and JSON merge patch must agree. */
const scalar = fc.oneof(fc.integer(), fc.string({ maxLength: 3 }), fc.boolean());
const tree: fc.Arbitrary<JsonValue> = fc.letrec<{ v: JsonValue }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.dictionary(fc.constantFrom('a', 'b', 'c'), tie('v'), { maxKeys: 3 }),
  ),
})).v;
const patchTree: fc.Arbitrary<JsonValue> = fc.letrec<{ v: JsonValue }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.constant(null),
    fc.dictionary(fc.constantFrom('a', 'b', 'c'), tie('v'), { maxKeys: 3 }),
  ),
})).v;
const obj = (t: fc.Arbitrary<JsonValue>): fc.Arbitrary<JsonObject> =>
  fc.dictionary(fc.constantFrom('x', 'y', 'data'), t, { maxKeys: 3 });

describe('strategic merge patch without lists', () => {
  it('agrees with JSON merge patch', () => {
    fc.assert(
      fc.property(obj(tree), obj(patchTree), (original, patch) => {
        expect(applyStrategicMergePatch('ConfigMap', original, patch)).toEqual(
          applyMergePatch(original, patch),
        );
      }),
    );
  });
});
