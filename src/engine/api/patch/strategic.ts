/**
 * Strategic merge patch (`application/strategic-merge-patch+json`) as the apiserver applies it
 * to built-in kinds (strategicpatch.StrategicMergeMapPatch with MergeParallelList and
 * IgnoreUnmatchedNulls, v1.30). Lists tagged `merge` merge by their merge key (or as sets, for
 * scalars); other lists and `replace` fields are replaced. Directives: `$patch: replace|delete`
 * (maps and list items), `$retainKeys`, `$deleteFromPrimitiveList/<field>`,
 * `$setElementOrder/<field>`; a null value deletes a key.
 */
import { deepCopy, isJsonObject } from '../../../shared/json.ts';
import type { JsonObject, JsonValue } from '../../../shared/json.ts';
import { mergepatchErrors, PatchError } from './errors.ts';
import { lookupField, patchTypeForKind } from './schema.ts';
import type { PatchType } from './schema.ts';
import { applySetElementOrder } from './strategicSetOrder.ts';
import {
  DELETE_FROM_PRIMITIVE_LIST,
  directiveTarget,
  DIRECTIVE,
  listStrategy,
  removeDirectives,
  RETAIN_KEYS,
  SET_ELEMENT_ORDER,
} from './directives.ts';
import { normalizeElementOrder, partitionByPresence, sliceElementKind } from './strategicOrder.ts';

function discardNulls(v: JsonValue): JsonValue {
  if (Array.isArray(v)) return v.map((e) => (e === null ? e : discardNulls(e)));
  if (!isJsonObject(v)) return v;
  const out: JsonObject = {};
  for (const k in v) {
    const e = v[k];
    if (e !== null && e !== undefined) out[k] = discardNulls(e);
  }
  return out;
}

/** applyRetainKeysDirective (MergeParallelList): clear original keys the list does not name. */
function applyRetainKeys(original: JsonObject, patch: JsonObject): void {
  if (!(RETAIN_KEYS in patch)) return;
  const retain = patch[RETAIN_KEYS];
  delete patch[RETAIN_KEYS];
  if (!Array.isArray(retain)) throw mergepatchErrors.badRetainKeys();
  const keep = new Set(retain);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k.startsWith(DELETE_FROM_PRIMITIVE_LIST) || k.startsWith(SET_ELEMENT_ORDER))
      continue;
    if (!keep.has(k)) throw mergepatchErrors.badRetainKeys();
  }
  for (const k of Object.keys(original)) if (!keep.has(k)) delete original[k];
}

function kindOf(v: JsonValue | undefined): string {
  return v === null || v === undefined ? 'nil' : Array.isArray(v) ? 'slice' : typeof v;
}

/**
 * mergeMap: merges `patch` into `original`. The patch is a private copy and may be changed; the
 * original is copied level by level as the merge descends, so what the patch does not touch is
 * shared with it, never changed.
 */
export function mergeMap(
  original: JsonObject | undefined,
  patch: JsonObject,
  type: PatchType | undefined,
): JsonObject {
  if (DIRECTIVE in patch) {
    const directive = patch[DIRECTIVE];
    if (directive === 'replace') {
      delete patch[DIRECTIVE];
      return patch;
    }
    if (directive === 'delete') return {};
    throw mergepatchErrors.badPatchType(directive, patch);
  }
  const orig: JsonObject = original ? { ...original } : {};
  applyRetainKeys(orig, patch);
  applySetElementOrder(orig, patch, type, mergeSliceHandler);

  // for-in over the patch (a private copy of plain data): no entries array per map merged.
  for (const patchKey in patch) {
    const patchV = patch[patchKey];
    if (patchV === undefined) continue;
    let key = patchKey;
    const isDeleteList = patchKey.startsWith(DELETE_FROM_PRIMITIVE_LIST);
    if (isDeleteList) key = directiveTarget(patchKey, DELETE_FROM_PRIMITIVE_LIST);
    if (patchV === null) {
      delete orig[key];
      continue;
    }
    const current = orig[key];
    if (current === undefined || kindOf(current) !== kindOf(patchV)) {
      if (isDeleteList) continue;
      const kept = removeDirectives(discardNulls(patchV));
      if (kept === undefined) delete orig[key];
      else orig[key] = kept;
      continue;
    }
    const { field, sub } = lookupField(type, key);
    const strategy = listStrategy(field.strategy);
    if (isJsonObject(current) && isJsonObject(patchV)) {
      orig[key] = strategy === 'replace' ? patchV : mergeMap(current, patchV, sub);
    } else if (Array.isArray(current) && Array.isArray(patchV)) {
      orig[key] = mergeSliceHandler(
        current,
        patchV,
        sub,
        strategy,
        field.mergeKey ?? '',
        isDeleteList,
      );
    } else {
      const kept = removeDirectives(patchV);
      if (kept === undefined) delete orig[key];
      else orig[key] = kept;
    }
  }
  return orig;
}

export function mergeSliceHandler(
  original: JsonValue[],
  patch: JsonValue[],
  type: PatchType | undefined,
  strategy: string,
  mergeKey: string,
  isDeleteList: boolean,
): JsonValue[] {
  if (strategy === 'merge' || isDeleteList)
    return mergeSlice(original, patch, type, mergeKey, isDeleteList);
  return patch;
}

function mergeSlice(
  original: JsonValue[],
  patch: JsonValue[],
  type: PatchType | undefined,
  mergeKey: string,
  isDeleteList: boolean,
): JsonValue[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = sliceElementKind(original, patch);
  let orig = original;
  let items = patch;
  let merged: JsonValue[];
  if (kind !== 'map') {
    if (isDeleteList) return original.filter((v) => !patch.includes(v));
    merged = [];
    for (const v of [...original, ...patch]) if (!merged.includes(v)) merged.push(v);
  } else {
    if (mergeKey === '') throw new PatchError('cannot merge lists without merge key');
    [orig, items] = withoutSpecialElements(original, patch, mergeKey);
    merged = mergeItems(orig, items, mergeKey, type);
  }
  const { present, rest } = partitionByPresence(merged, items, mergeKey, kind);
  return normalizeElementOrder(present, rest, items, orig, mergeKey, kind);
}

/** mergeSliceWithSpecialElements: applies `$patch: delete|replace` items of a list patch. */
function withoutSpecialElements(
  original: JsonValue[],
  patch: JsonValue[],
  mergeKey: string,
): [JsonValue[], JsonValue[]] {
  let orig = original;
  const plain: JsonValue[] = [];
  let replace = false;
  for (const v of patch) {
    const item = v as JsonObject;
    if (!(DIRECTIVE in item)) {
      plain.push(v);
      continue;
    }
    const directive = item[DIRECTIVE];
    if (directive === 'delete') {
      const value = item[mergeKey];
      if (value === undefined) throw mergepatchErrors.noMergeKey(item, mergeKey);
      orig = orig.filter((o, i) => {
        if (!isJsonObject(o)) throw new PatchError(`value for key ${i} is not a map`);
        return o[mergeKey] !== value;
      });
    } else if (directive === 'replace') {
      replace = true;
    } else if (directive === 'merge') {
      throw new PatchError('merging lists cannot yet be specified in the patch');
    } else {
      throw mergepatchErrors.badPatchType(directive, item);
    }
  }
  return replace ? [plain, []] : [orig, plain];
}

/** mergeSliceWithoutSpecialElements: merge items that share a merge key value, append the rest. */
function mergeItems(
  original: JsonValue[],
  patch: JsonValue[],
  mergeKey: string,
  type: PatchType | undefined,
): JsonValue[] {
  const out = [...original];
  for (const v of patch) {
    const item = v as JsonObject;
    const value = item[mergeKey];
    if (value === undefined) throw mergepatchErrors.noMergeKey(item, mergeKey);
    let i = -1;
    for (let idx = 0; idx < out.length; idx++) {
      const o = out[idx];
      if (!isJsonObject(o)) throw new PatchError(`value for key ${idx} is not a map`);
      if (o[mergeKey] === value) {
        i = idx;
        break;
      }
    }
    if (i >= 0) out[i] = mergeMap(out[i] as JsonObject, item, type);
    else out.push(item);
  }
  return out;
}

/**
 * Applies a strategic merge patch to an object of the given kind. Neither input is changed.
 * Throws PatchError (with the apiserver's HTTP code) when the patch cannot be applied. The result
 * is a private copy, unless `share` says the caller changes only what the patch wrote (the maps
 * on its path): then the parts the patch did not touch are the original's own.
 */
export function applyStrategicMergePatch(
  kind: string,
  original: JsonObject,
  patch: JsonObject,
  share = false,
): JsonObject {
  return mergeMap(share ? original : deepCopy(original), deepCopy(patch), patchTypeForKind(kind));
}
