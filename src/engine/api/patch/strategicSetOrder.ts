/**
 * The `$setElementOrder/<field>` directive of strategic merge patch (strategicpatch.
 * mergePatchIntoOriginal): kubectl apply sends the full desired order of a merged list next to
 * the changed items; the merged list is then ordered by it, server-only items interleaved.
 */
import { isJsonObject } from '../../../shared/json.ts';
import type { JsonObject, JsonValue } from '../../../shared/json.ts';
import { goValue, mergepatchErrors, PatchError } from './errors.ts';
import { lookupField } from './schema.ts';
import type { PatchType } from './schema.ts';
import {
  directiveTarget,
  listStrategy,
  removeDirectives,
  SET_ELEMENT_ORDER,
} from './directives.ts';
import {
  normalizeElementOrder,
  partitionByPresence,
  sliceElementKind,
  type ElementKind,
} from './strategicOrder.ts';

const LIST = '[]interface {}';

/** strategic.ts's list merger, passed in to keep the two files free of an import cycle. */
export type MergeSliceHandler = (
  original: JsonValue[],
  patch: JsonValue[],
  type: PatchType | undefined,
  strategy: string,
  mergeKey: string,
  isDeleteList: boolean,
) => JsonValue[];

/** validatePatchWithSetOrderList: the patch list must follow the order list's relative order. */
function validateOrder(patchList: JsonValue[], order: JsonValue[], mergeKey: string): void {
  if (order.length === 0 || patchList.length === 0) return;
  let items = patchList;
  if (mergeKey) {
    for (const v of patchList)
      if (!isJsonObject(v)) throw mergepatchErrors.badArgType('map[string]interface {}', v);
    items = patchList.filter((v) => (v as JsonObject)['$patch'] !== 'delete');
  }
  const same = (a: JsonValue | undefined, b: JsonValue | undefined): boolean => {
    if (!mergeKey) return a === b;
    if (!isJsonObject(a)) throw mergepatchErrors.badArgType('map[string]interface {}', a);
    if (!isJsonObject(b)) throw mergepatchErrors.badArgType('map[string]interface {}', b);
    if (a[mergeKey] === undefined) throw mergepatchErrors.noMergeKey(a, mergeKey);
    if (b[mergeKey] === undefined) throw mergepatchErrors.noMergeKey(b, mergeKey);
    return a[mergeKey] === b[mergeKey];
  };
  let p = 0;
  let o = 0;
  while (p < items.length && o < order.length) {
    const item = items[p];
    if (isJsonObject(item) && '$patch' in item) {
      p++;
      continue;
    }
    if (same(item, order[o])) p++;
    o++;
  }
  if (p < items.length && o >= order.length)
    throw new PatchError(
      `The order in patch list:\n${goValue(patchList)}\n doesn't match ${SET_ELEMENT_ORDER} list:\n${goValue(order)}\n`,
    );
}

/** Processes and removes every `$setElementOrder/<field>` key of `patch`, with its list. */
export function applySetElementOrder(
  original: JsonObject,
  patch: JsonObject,
  type: PatchType | undefined,
  mergeSliceHandler: MergeSliceHandler,
): void {
  // for-in over the patch (a private copy of plain data); keys deleted below are not visited.
  for (const key in patch) {
    if (!key.startsWith(SET_ELEMENT_ORDER)) continue;
    const order = patch[key];
    delete patch[key];
    if (!Array.isArray(order)) throw mergepatchErrors.badArgType(LIST, order);
    const field = directiveTarget(key, SET_ELEMENT_ORDER);
    const originalList = original[field];
    const patchList = patch[field];
    if (originalList !== undefined && !Array.isArray(originalList))
      throw mergepatchErrors.badArgType(LIST, originalList);
    if (patchList !== undefined && !Array.isArray(patchList))
      throw mergepatchErrors.badArgType(LIST, patchList);
    const meta = lookupField(type, field);
    const strategy = listStrategy(meta.field.strategy);
    const mergeKey = meta.field.mergeKey ?? '';
    validateOrder(patchList ?? [], order, mergeKey);

    let merged: JsonValue[];
    if (originalList && !patchList) merged = originalList;
    else if (!originalList && patchList)
      merged = (removeDirectives(patchList) as JsonValue[]) ?? [];
    else if (originalList && patchList)
      merged = mergeSliceHandler(originalList, patchList, meta.sub, strategy, mergeKey, false);
    else continue;

    const kind: ElementKind = sliceElementKind(originalList ?? [], patchList ?? []);
    const { present, rest } =
      mergeKey === ''
        ? partitionByPresence(merged, order, '', 'scalar')
        : partitionByPresence(merged, order, mergeKey, 'map');
    original[field] = normalizeElementOrder(
      present,
      rest,
      order,
      originalList ?? [],
      mergeKey,
      kind,
    );
    delete patch[field];
  }
}
