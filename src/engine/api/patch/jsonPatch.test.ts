import { describe, expect, it } from 'vitest';
import type { JsonObject, JsonValue } from '../../../shared/json.ts';
import { applyJsonPatch, JsonPatchError } from './jsonPatch.ts';

function fails(doc: JsonObject, patch: unknown): { message: string; code: number } {
  try {
    applyJsonPatch(doc, patch);
  } catch (e) {
    if (e instanceof JsonPatchError) return { message: e.message, code: e.code };
    throw e;
  }
  throw new Error('expected the patch to fail');
}

describe('applyJsonPatch: RFC 6902 Appendix A', () => {
  it.each<[string, JsonObject, unknown, JsonValue]>([
    [
      'A.1 add an object member',
      { foo: 'bar' },
      [{ op: 'add', path: '/baz', value: 'qux' }],
      { baz: 'qux', foo: 'bar' },
    ],
    [
      'A.2 add an array element',
      { foo: ['bar', 'baz'] },
      [{ op: 'add', path: '/foo/1', value: 'qux' }],
      { foo: ['bar', 'qux', 'baz'] },
    ],
    [
      'A.3 remove an object member',
      { baz: 'qux', foo: 'bar' },
      [{ op: 'remove', path: '/baz' }],
      { foo: 'bar' },
    ],
    [
      'A.4 remove an array element',
      { foo: ['bar', 'qux', 'baz'] },
      [{ op: 'remove', path: '/foo/1' }],
      { foo: ['bar', 'baz'] },
    ],
    [
      'A.5 replace a value',
      { baz: 'qux', foo: 'bar' },
      [{ op: 'replace', path: '/baz', value: 'boo' }],
      { baz: 'boo', foo: 'bar' },
    ],
    [
      'A.6 move a value',
      { foo: { bar: 'baz', waldo: 'fred' }, qux: { corge: 'grault' } },
      [{ op: 'move', from: '/foo/waldo', path: '/qux/thud' }],
      { foo: { bar: 'baz' }, qux: { corge: 'grault', thud: 'fred' } },
    ],
    [
      'A.7 move an array element',
      { foo: ['all', 'grass', 'cows', 'eat'] },
      [{ op: 'move', from: '/foo/1', path: '/foo/3' }],
      { foo: ['all', 'cows', 'eat', 'grass'] },
    ],
    [
      'A.8 test a value: success',
      { baz: 'qux', foo: ['a', 2, 'c'] },
      [
        { op: 'test', path: '/baz', value: 'qux' },
        { op: 'test', path: '/foo/1', value: 2 },
      ],
      { baz: 'qux', foo: ['a', 2, 'c'] },
    ],
    [
      'A.10 add a nested member object',
      { foo: 'bar' },
      [{ op: 'add', path: '/child', value: { grandchild: {} } }],
      { foo: 'bar', child: { grandchild: {} } },
    ],
    [
      'A.11 ignore unrecognized elements',
      { foo: 'bar' },
      [{ op: 'add', path: '/baz', value: 'qux', xyz: 123 }],
      { foo: 'bar', baz: 'qux' },
    ],
    [
      'A.14 ~ escape ordering',
      { '/': 9, '~1': 10 },
      [{ op: 'test', path: '/~01', value: 10 }],
      { '/': 9, '~1': 10 },
    ],
    [
      'A.16 add an array value',
      { foo: ['bar'] },
      [{ op: 'add', path: '/foo/-', value: ['abc', 'def'] }],
      { foo: ['bar', ['abc', 'def']] },
    ],
    [
      'copy',
      { a: { b: 1 } },
      [{ op: 'copy', from: '/a', path: '/c' }],
      { a: { b: 1 }, c: { b: 1 } },
    ],
    ['negative index', { a: [1, 2, 3] }, [{ op: 'remove', path: '/a/-1' }], { a: [1, 2] }],
    [
      'replace of a missing key adds it (v4)',
      { a: 1 },
      [{ op: 'replace', path: '/b', value: 2 }],
      { a: 1, b: 2 },
    ],
    [
      'test of a missing key against null',
      { a: 1 },
      [{ op: 'test', path: '/b', value: null }],
      { a: 1 },
    ],
  ])('%s', (_name, doc, patch, result) => {
    expect(applyJsonPatch(doc, patch)).toEqual(result);
  });

  it('does not mutate the document', () => {
    const doc = { a: [1, 2], b: { c: 1 } };
    applyJsonPatch(doc, [
      { op: 'remove', path: '/a/0' },
      { op: 'replace', path: '/b/c', value: 2 },
    ]);
    expect(doc).toEqual({ a: [1, 2], b: { c: 1 } });
  });
});

describe('applyJsonPatch errors', () => {
  it.each<[string, JsonObject, unknown, string]>([
    [
      'A.9 test a value: error',
      { baz: 'qux' },
      [{ op: 'test', path: '/baz', value: 'bar' }],
      'testing value /baz failed: test failed',
    ],
    [
      'A.12 add to a nonexistent target',
      { foo: 'bar' },
      [{ op: 'add', path: '/baz/bat', value: 'qux' }],
      'add operation does not apply: doc is missing path: "/baz/bat": missing value',
    ],
    [
      'A.15 comparing strings and numbers',
      { '/': 9, '~1': 10 },
      [{ op: 'test', path: '/~01', value: '10' }],
      'testing value /~01 failed: test failed',
    ],
    [
      'remove a missing key',
      { a: 1 },
      [{ op: 'remove', path: '/b' }],
      "error in remove for path: '/b': Unable to remove nonexistent key: b: missing value",
    ],
    [
      'add past the end',
      { a: [1] },
      [{ op: 'add', path: '/a/5', value: 2 }],
      "error in add for path: '/a/5': Unable to access invalid index: 5: invalid index referenced",
    ],
    [
      'add at a bad index',
      { a: [1] },
      [{ op: 'add', path: '/a/x', value: 2 }],
      `error in add for path: '/a/x': value was not a proper array index: 'x': strconv.Atoi: parsing "x": invalid syntax`,
    ],
    [
      'replace past the end',
      { a: [1] },
      [{ op: 'replace', path: '/a/3', value: 2 }],
      'replace operation does not apply: doc is missing key: /a/3: missing value',
    ],
    ['unknown op', { a: 1 }, [{ op: 'frob', path: '/a' }], 'Unexpected kind: frob'],
    [
      'missing path',
      { a: 1 },
      [{ op: 'add', value: 1 }],
      'add operation failed to decode path: missing value',
    ],
    [
      'test on a missing parent',
      { a: 1 },
      [{ op: 'test', path: '/x/y', value: 1 }],
      'test operation does not apply: is missing path: /x/y: missing value',
    ],
  ])('%s', (_name, doc, patch, message) => {
    expect(fails(doc, patch)).toEqual({ message, code: 422 });
  });

  it('a failed test leaves nothing applied', () => {
    const doc = { a: 1 };
    fails(doc, [
      { op: 'replace', path: '/a', value: 2 },
      { op: 'test', path: '/a', value: 1 },
    ]);
    expect(doc).toEqual({ a: 1 });
  });

  it('rejects a patch that is not an operation list with 400', () => {
    expect(fails({}, { op: 'add' })).toEqual({
      message: 'json: cannot unmarshal object into Go value of type jsonpatch.Patch',
      code: 400,
    });
  });
});
