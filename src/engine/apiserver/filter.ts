/**
 * The filter a list or watch applies: namespace, label selector and field selector. Parsed
 * selectors are memoized by their text; parsing is pure, so the memo changes no result. So are
 * the field sets of the last objects matched: cached objects never change (a new version is a
 * new object), and a fan-out matches each event against every field-selecting watch in turn.
 */
import { fieldsOf, matchesFields, parseFieldSelector, type FieldSelector } from '../api/fields.ts';
import { matchesLabels, parseLabelSelector, type LabelSelector } from '../api/labels.ts';
import type { KubeObject } from '../api/objects.ts';

export interface Filter {
  namespace: string;
  labels?: LabelSelector;
  fields?: FieldSelector;
}

const labelMemo = new Map<string, ReturnType<typeof parseLabelSelector>>();
const fieldMemo = new Map<string, ReturnType<typeof parseFieldSelector>>();
// The field sets of the last two objects matched: a fan-out matches an event's object and its
// previous version against each watch in turn. Kept for two objects only, so nothing lingers.
let lastObject: KubeObject | undefined;
let lastFields: Record<string, string> = {};
let otherObject: KubeObject | undefined;
let otherFields: Record<string, string> = {};

function fieldSetOf(obj: KubeObject): Record<string, string> {
  if (obj === lastObject) return lastFields;
  const fields = obj === otherObject ? otherFields : fieldsOf(obj);
  otherObject = lastObject;
  otherFields = lastFields;
  lastObject = obj;
  lastFields = fields;
  return fields;
}

/** Builds the filter for a request, or the message of the 400 the apiserver answers with. */
export function buildFilter(
  namespace: string,
  kind: string,
  labelSelector = '',
  fieldSelector = '',
): { filter: Filter } | { error: string } {
  const filter: Filter = { namespace };
  if (labelSelector) {
    let parsed = labelMemo.get(labelSelector);
    if (!parsed) labelMemo.set(labelSelector, (parsed = parseLabelSelector(labelSelector)));
    if (!parsed.ok) return { error: parsed.error };
    filter.labels = parsed.selector;
  }
  if (fieldSelector) {
    const memoKey = `${kind}\u0000${fieldSelector}`;
    let parsed = fieldMemo.get(memoKey);
    if (!parsed) fieldMemo.set(memoKey, (parsed = parseFieldSelector(fieldSelector, kind)));
    if (!parsed.ok) return { error: parsed.error };
    filter.fields = parsed.selector;
  }
  return { filter };
}

export function matchesFilter(filter: Filter, obj: KubeObject): boolean {
  if (filter.namespace && obj.metadata.namespace !== filter.namespace) return false;
  if (
    filter.labels &&
    !matchesLabels(filter.labels, obj.metadata.labels as Record<string, string> | undefined)
  )
    return false;
  if (filter.fields && !matchesFields(filter.fields, obj, fieldSetOf)) return false;
  return true;
}
