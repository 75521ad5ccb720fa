/**
 * List ordering in strategic merge patch (strategicpatch.normalizeElementOrder and friends):
 * items named by the patch keep the patch's order, items only the server has keep theirs, and
 * the two are interleaved by the live list's order. Without $setElementOrder this places new
 * items before the server's items that follow them, as the apiserver does.
 */
import { isJsonObject } from '../../../shared/json.ts';
import type { JsonValue } from '../../../shared/json.ts';
import { goValue, mergepatchErrors, PatchError } from './errors.ts';

export type ElementKind = 'map' | 'scalar';

const DIRECTIVE = '$patch';

/** The kind sliceElementType names for one element. */
function elementType(v: JsonValue): string {
  return v === null ? 'nil' : Array.isArray(v) ? 'slice' : isJsonObject(v) ? 'map' : typeof v;
}

/** sliceElementType of an original list and a patch list: every element the same kind, no lists of lists. */
export function sliceElementKind(original: JsonValue[], patch: JsonValue[]): ElementKind {
  let prev: string | undefined;
  // Indexed loops: every list of every strategic merge patch passes here.
  for (let l = 0; l < 2; l++) {
    const list = l === 0 ? original : patch;
    for (let i = 0; i < list.length; i++) {
      const t = elementType(list[i]!);
      if (prev === undefined) {
        if (t === 'slice') throw mergepatchErrors.noListOfLists();
        prev = t;
      } else if (prev !== t) {
        throw new PatchError(
          `list element types are not identical: ${goValue([goValue(original), goValue(patch)])}`,
        );
      }
    }
  }
  if (prev === undefined) throw new PatchError('no elements in any of the given slices');
  return prev === 'map' ? 'map' : 'scalar';
}

/** The identity of a list item: its merge key value for maps, itself for scalars. */
function identity(item: JsonValue | undefined, mergeKey: string, kind: ElementKind): unknown {
  if (kind !== 'map') return item;
  return isJsonObject(item) ? item[mergeKey] : undefined;
}

export function indexOf(
  list: readonly JsonValue[],
  item: JsonValue | undefined,
  mergeKey: string,
  kind: ElementKind,
): number {
  const id = identity(item, mergeKey, kind);
  for (let i = 0; i < list.length; i++) if (identity(list[i], mergeKey, kind) === id) return i;
  return -1;
}

/** Splits `items` into those present in `by` and the rest, keeping their order. */
export function partitionByPresence(
  items: readonly JsonValue[],
  by: readonly JsonValue[],
  mergeKey: string,
  kind: ElementKind,
): { present: JsonValue[]; rest: JsonValue[] } {
  const present: JsonValue[] = [];
  const rest: JsonValue[] = [];
  for (let i = 0; i < items.length; i++) {
    const v = items[i]!;
    if (kind === 'map') {
      if (!isJsonObject(v)) throw mergepatchErrors.badArgType('map[string]interface {}', v);
      if (v[mergeKey] === undefined) throw mergepatchErrors.noMergeKey(v, mergeKey);
    }
    (indexOf(by, v, mergeKey, kind) >= 0 ? present : rest).push(v);
  }
  return { present, rest };
}

function isDeleteItem(v: JsonValue): boolean {
  return isJsonObject(v) && v[DIRECTIVE] === 'delete';
}

function checkMapItem(v: JsonValue, mergeKey: string): void {
  if (!isJsonObject(v)) throw mergepatchErrors.badArgType('map[string]interface {}', v);
  if (v[mergeKey] === undefined) throw mergepatchErrors.noMergeKey(v, mergeKey);
}

/** normalizeSliceOrder: stable sort by position in `order`; `$patch: delete` items go last. */
function sortByOrder(
  toSort: JsonValue[],
  order: readonly JsonValue[],
  mergeKey: string,
  kind: ElementKind,
): JsonValue[] {
  if (kind === 'map') {
    for (let i = 0; i < toSort.length; i++) checkMapItem(toSort[i]!, mergeKey);
    for (let i = 0; i < order.length; i++) checkMapItem(order[i]!, mergeKey);
  }
  // One pass, and a sort only when the items are out of order (every status patch orders its
  // short lists: they nearly always are in order already).
  const keep: JsonValue[] = [];
  const ranks: number[] = [];
  let deleted: JsonValue[] | undefined;
  let inOrder = true;
  for (let k = 0; k < toSort.length; k++) {
    const v = toSort[k]!;
    if (kind === 'map' && isDeleteItem(v)) {
      (deleted ??= []).push(v);
      continue;
    }
    const i = indexOf(order, v, mergeKey, kind);
    const rank = i < 0 ? Number.MAX_SAFE_INTEGER : i;
    if (ranks.length > 0 && rank < ranks[ranks.length - 1]!) inOrder = false;
    keep.push(v);
    ranks.push(rank);
  }
  let sorted = keep;
  if (!inOrder)
    sorted = keep
      .map((_, i) => i)
      .sort((a, b) => ranks[a]! - ranks[b]! || a - b)
      .map((i) => keep[i]!);
  if (deleted) for (const v of deleted) sorted.push(v);
  return sorted;
}

/**
 * mergeSortedSlice: inserts the server-only items (`left`) among the patch items (`right`),
 * taking a server item first only when both are in `serverOrder` and it comes earlier there.
 */
function interleave(
  left: JsonValue[],
  right: JsonValue[],
  serverOrder: readonly JsonValue[],
  mergeKey: string,
  kind: ElementKind,
): JsonValue[] {
  // Nothing to interleave (a status patch's lists usually name every item): no new list.
  if (left.length === 0) return right;
  if (right.length === 0) return left;
  const out: JsonValue[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    const l = left[i];
    const r = right[j];
    if (l === undefined || (r !== undefined && !leftFirst(l, r, serverOrder, mergeKey, kind))) {
      out.push(r as JsonValue);
      j++;
    } else {
      out.push(l);
      i++;
    }
  }
  return out;
}

/** Whether a server-only item goes before a patch item: both in the server's order, it earlier. */
function leftFirst(
  l: JsonValue,
  r: JsonValue,
  serverOrder: readonly JsonValue[],
  mergeKey: string,
  kind: ElementKind,
): boolean {
  const li = indexOf(serverOrder, l, mergeKey, kind);
  const ri = indexOf(serverOrder, r, mergeKey, kind);
  return li >= 0 && ri >= 0 && li < ri;
}

/** normalizeElementOrder. */
export function normalizeElementOrder(
  patchItems: JsonValue[],
  serverOnly: JsonValue[],
  patchOrder: readonly JsonValue[],
  serverOrder: readonly JsonValue[],
  mergeKey: string,
  kind: ElementKind,
): JsonValue[] {
  const p = sortByOrder(patchItems, patchOrder, mergeKey, kind);
  const s = sortByOrder(serverOnly, serverOrder, mergeKey, kind);
  return interleave(s, p, serverOrder, mergeKey, kind);
}
