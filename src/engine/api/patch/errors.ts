/**
 * Patch errors with the HTTP code the apiserver answers them with (pkg/endpoints/handlers/
 * patch.go): 400 BadRequest for malformed patches, 422 for ones that cannot apply, 500 for the
 * rest. Messages follow k8s.io/apimachinery/pkg/util/mergepatch.
 */

export class PatchError extends Error {
  constructor(
    message: string,
    readonly code: 400 | 415 | 422 | 500 = 500,
  ) {
    super(message);
  }
}

/** Go's %v of decoded JSON: map[k:v ...] with sorted keys, [a b] for slices, <nil> for null. */
export function goValue(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort();
    return `map[${keys.map((k) => `${k}:${goValue(o[k])}`).join(' ')}]`;
  }
  return String(v);
}

/** The Go type name reflect prints for decoded JSON. */
export function goType(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return '[]interface {}';
  if (typeof v === 'object') return 'map[string]interface {}';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'float64';
  return typeof v;
}

export const mergepatchErrors = {
  badJSONDoc: () => new PatchError('invalid JSON document', 400),
  noListOfLists: () => new PatchError('lists of lists are not supported', 422),
  badPrimitiveList: () => new PatchError('invalid patch format of primitive list', 400),
  badRetainKeys: () => new PatchError('invalid patch format of retainKeys', 400),
  badSetElementOrder: () => new PatchError('invalid patch format of setElementOrder list', 400),
  noMergeKey: (m: unknown, key: string) =>
    new PatchError(`map: ${goValue(m)} does not contain declared merge key: ${key}`),
  badArgType: (expected: string, actual: unknown) =>
    new PatchError(`expected a ${expected}, but received a ${goType(actual)}`),
  badPatchType: (t: unknown, m: unknown) =>
    new PatchError(
      `unknown patch type: ${typeof t === 'string' ? t : `%!s(${goType(t)}=${goValue(t)})`} in map: ${goValue(m)}`,
    ),
};
