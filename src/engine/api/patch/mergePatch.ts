/**
 * JSON merge patch (RFC 7386, `application/merge-patch+json`) as the apiserver applies it
 * (evanphx/json-patch MergePatch, v4.12): objects merge key by key, `null` deletes a key, any
 * other value (arrays included) replaces. Also createMergePatch, the inverse: the patch that
 * turns one document into another.
 */
import { deepCopy, deepEqual, isJsonObject } from '../../../shared/json.ts';
import type { JsonObject, JsonValue } from '../../../shared/json.ts';

/** Drops null members of objects, recursing through arrays (whose own nulls stay). */
function pruneNulls(v: JsonValue): JsonValue {
  if (Array.isArray(v)) return v.map((e) => (e === null ? e : pruneNulls(e)));
  if (!isJsonObject(v)) return v;
  const out: JsonObject = {};
  for (const [k, e] of Object.entries(v)) if (e !== null && e !== undefined) out[k] = pruneNulls(e);
  return out;
}

function mergeValue(cur: JsonValue, patch: JsonValue): JsonValue {
  if (!isJsonObject(cur)) return pruneNulls(patch);
  if (!isJsonObject(patch)) return patch;
  return mergeObjects(cur, patch);
}

/** Merges `patch` into a copy of `doc`. */
function mergeObjects(doc: JsonObject, patch: JsonObject): JsonObject {
  const out: JsonObject = { ...doc };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) continue;
    const cur = out[k];
    if (v === null) delete out[k];
    else if (cur === undefined || cur === null) out[k] = pruneNulls(v);
    else out[k] = mergeValue(cur, v);
  }
  return out;
}

/**
 * Applies an RFC 7386 merge patch. A patch that is not an object replaces the target; a target
 * that is not an object is treated as {}. Inputs are not mutated.
 */
export function applyMergePatch(target: JsonValue, patch: JsonValue): JsonValue {
  if (!isJsonObject(patch)) return deepCopy(patch);
  const base = isJsonObject(target) ? target : {};
  return deepCopy(mergeObjects(base, patch));
}

/**
 * The merge patch that turns `original` into `modified` (jsonmergepatch.CreateThreeWayJSONMergePatch
 * without the third document): removed keys become null, changed objects recurse, anything else
 * is replaced whole. Applying it to `original` gives `modified`, provided `modified` holds no
 * null object members (a merge patch cannot set a key to null).
 */
export function createMergePatch(original: JsonValue, modified: JsonValue): JsonValue {
  if (!isJsonObject(original) || !isJsonObject(modified)) return deepCopy(modified);
  const patch: JsonObject = {};
  for (const k of Object.keys(original)) {
    if (original[k] !== undefined && modified[k] === undefined) patch[k] = null;
  }
  for (const [k, m] of Object.entries(modified)) {
    if (m === undefined) continue;
    const o = original[k];
    if (o === undefined || o === null) patch[k] = deepCopy(m);
    else if (isJsonObject(o) && isJsonObject(m)) {
      const sub = createMergePatch(o, m);
      if (isJsonObject(sub) && Object.keys(sub).length > 0) patch[k] = sub;
    } else if (!deepEqual(o, m)) patch[k] = deepCopy(m);
  }
  return patch;
}
