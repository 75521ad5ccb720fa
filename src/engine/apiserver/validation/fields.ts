/**
 * Typed reads from a user-supplied JSON body. The real apiserver decodes JSON into Go structs
 * before validating, so a wrong type (`replicas: "three"`) fails decoding, not validation. Here a
 * wrong type becomes a FieldValueTypeInvalid error (see isDecodeError) and the field is treated as
 * absent, so validation never crashes on a malformed body.
 */
import { fieldError } from '../../api/fieldErrors.ts';
import type { FieldError } from '../../api/fieldErrors.ts';
import { isJsonObject } from '../../../shared/json.ts';
import type { JsonObject, JsonValue } from '../../../shared/json.ts';

export type Errs = FieldError[];

/** A decode-time problem (wrong JSON type, unparsable quantity) rather than a validation rule. */
export function isDecodeError(e: FieldError): boolean {
  return e.type === 'FieldValueTypeInvalid';
}

function jsonType(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  return typeof v === 'object' ? 'object' : typeof v;
}

function typeError(path: string, value: unknown, goType: string): FieldError {
  return fieldError.typeInvalid(
    path,
    value,
    `cannot unmarshal ${jsonType(value)} into Go value of type ${goType}`,
  );
}

/** Reads `parent[key]`; null and undefined both mean absent, as they do for Go's decoder. */
function raw(parent: JsonObject | undefined, key: string): JsonValue | undefined {
  const v = parent?.[key];
  return v === null ? undefined : v;
}

export function getObject(
  parent: JsonObject | undefined,
  key: string,
  path: string,
  errs: Errs,
): JsonObject | undefined {
  const v = raw(parent, key);
  if (v === undefined) return undefined;
  if (isJsonObject(v)) return v;
  errs.push(typeError(path, v, 'struct'));
  return undefined;
}

export function getArray(
  parent: JsonObject | undefined,
  key: string,
  path: string,
  errs: Errs,
): JsonValue[] | undefined {
  const v = raw(parent, key);
  if (v === undefined) return undefined;
  if (Array.isArray(v)) return v;
  errs.push(typeError(path, v, 'slice'));
  return undefined;
}

/** An array of objects; elements of the wrong type are reported and skipped (as undefined). */
export function getObjectArray(
  parent: JsonObject | undefined,
  key: string,
  path: string,
  errs: Errs,
): (JsonObject | undefined)[] {
  const arr = getArray(parent, key, path, errs) ?? [];
  return arr.map((item, i) => {
    if (isJsonObject(item)) return item;
    errs.push(typeError(`${path}[${i}]`, item, 'struct'));
    return undefined;
  });
}

export function getString(
  parent: JsonObject | undefined,
  key: string,
  path: string,
  errs: Errs,
): string | undefined {
  const v = raw(parent, key);
  if (v === undefined) return undefined;
  if (typeof v === 'string') return v;
  errs.push(typeError(path, v, 'string'));
  return undefined;
}

export function getBool(
  parent: JsonObject | undefined,
  key: string,
  path: string,
  errs: Errs,
): boolean | undefined {
  const v = raw(parent, key);
  if (v === undefined) return undefined;
  if (typeof v === 'boolean') return v;
  errs.push(typeError(path, v, 'bool'));
  return undefined;
}

/** An integer field (int32 unless told); fractions and out-of-range numbers are decode errors. */
export function getInt(
  parent: JsonObject | undefined,
  key: string,
  path: string,
  errs: Errs,
  goType: 'int32' | 'int64' = 'int32',
): number | undefined {
  const v = raw(parent, key);
  if (v === undefined) return undefined;
  const limit = goType === 'int32' ? 2 ** 31 : 2 ** 63;
  if (typeof v === 'number' && Number.isInteger(v) && v >= -limit && v < limit) return v;
  errs.push(typeError(path, v, goType));
  return undefined;
}

/** map[string]string, as labels, annotations, nodeSelector and ConfigMap data are. */
export function getStringMap(
  parent: JsonObject | undefined,
  key: string,
  path: string,
  errs: Errs,
): Record<string, string> | undefined {
  const v = raw(parent, key);
  if (v === undefined) return undefined;
  if (!isJsonObject(v)) {
    errs.push(typeError(path, v, 'map[string]string'));
    return undefined;
  }
  const out: Record<string, string> = {};
  for (const [k, item] of Object.entries(v)) {
    if (item === undefined || item === null) continue;
    if (typeof item === 'string') out[k] = item;
    else errs.push(typeError(`${path}[${k}]`, item, 'string'));
  }
  return out;
}

/** intstr.IntOrString: a number or a string. */
export function getIntOrString(
  parent: JsonObject | undefined,
  key: string,
  path: string,
  errs: Errs,
): number | string | undefined {
  const v = raw(parent, key);
  if (v === undefined) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  errs.push(typeError(path, v, 'intstr.IntOrString'));
  return undefined;
}

/** ValidateNonnegativeField. */
export function nonNegative(value: number | undefined, path: string, errs: Errs): void {
  if (value !== undefined && value < 0)
    errs.push(fieldError.invalid(path, value, 'must be greater than or equal to 0'));
}

/** A workload status's counters: none negative; observedGeneration is an int64, the rest int32. */
export function nonNegativeCounters(
  status: JsonObject | undefined,
  keys: readonly string[],
  errs: Errs,
): void {
  for (const key of keys) {
    const goType = key === 'observedGeneration' ? 'int64' : 'int32';
    nonNegative(getInt(status, key, `status.${key}`, errs, goType), `status.${key}`, errs);
  }
}

/** ValidateImmutableField: compares the JSON forms. */
export function immutable(newValue: unknown, oldValue: unknown, path: string, errs: Errs): void {
  if (JSON.stringify(canonical(newValue)) !== JSON.stringify(canonical(oldValue)))
    errs.push(fieldError.invalid(path, newValue ?? null, 'field is immutable'));
}

/**
 * The form apiequality.Semantic.DeepEqual effectively compares: key order ignored, and absent,
 * null, empty maps and lists, and Go zero values (false, "", 0) all alike, because after decoding
 * into Go structs they are indistinguishable for non-pointer fields.
 */
function canonical(v: unknown): unknown {
  if (v === null || v === undefined || v === false || v === '' || v === 0) return null;
  if (Array.isArray(v)) return v.length === 0 ? null : v.map(canonical);
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(o).sort()) {
      const c = canonical(o[k]);
      if (c !== null) out[k] = c;
    }
    return Object.keys(out).length === 0 ? null : out;
  }
  return v;
}

/** Semantic equality of JSON values (absent, null and key order do not matter). */
export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/** The object's metadata, when it is an object. */
export function metaOf(obj: JsonObject): JsonObject | undefined {
  const m = obj['metadata'];
  return isJsonObject(m) ? m : undefined;
}

/** A string field of metadata, or ''. */
export function metaString(obj: JsonObject, key: string): string {
  const v = metaOf(obj)?.[key];
  return typeof v === 'string' ? v : '';
}
