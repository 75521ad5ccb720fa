/** JSON-shaped values: what Kubernetes objects, patches and messages are made of. */
export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue | undefined;
}

/** Any decoded JSON object, typed loosely: what message bodies and stored values are. */
export type PlainObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * A deep copy of JSON data. Caches hand out shared objects; anything that will be changed is
 * copied first (the rule client-go states as "never mutate objects from the cache").
 */
export function deepCopy<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  // Indexed loops and for-in (own keys only for plain data): no key arrays or closures per level.
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i++) out.push(deepCopy(value[i]));
    return out as T;
  }
  const out: Record<string, unknown> = {};
  const obj = value as Record<string, unknown>;
  // JSON objects are plain: for-in meets only their own keys, with no hasOwn check per key.
  for (const key in obj) {
    const v = obj[key];
    if (v !== undefined) out[key] = deepCopy(v);
  }
  return out as T;
}

/** Structural equality of JSON data (key order does not matter; undefined equals absent). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const isArray = Array.isArray(a);
  if (isArray !== Array.isArray(b)) return false;
  if (isArray) {
    const aa = a as unknown[];
    const bb = b as unknown[];
    if (aa.length !== bb.length) return false;
    for (let i = 0; i < aa.length; i++) if (!deepEqual(aa[i], bb[i])) return false;
    return true;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  // Plain objects: for-in meets only own keys. A key b lacks reads as undefined there, which
  // never equals a defined value, so no hasOwn check per key; except __proto__, which reads b's
  // prototype when b has no such key of its own.
  let defined = 0;
  for (const k in ao) {
    const v = ao[k];
    if (v === undefined) continue;
    defined++;
    const w = k === '__proto__' && !hasOwn.call(bo, k) ? undefined : bo[k];
    if (!deepEqual(v, w)) return false;
  }
  for (const k in bo) if (bo[k] !== undefined) defined--;
  return defined === 0;
}

/** JSON with sorted keys: a stable text form for hashing and byte-for-byte trace comparison. */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify(obj[k])}`).join(',')}}`;
}
