/**
 * Which objects in etcd an informer with selectors should hold, decided by the engine's own
 * label and field selector parsers and matchers, so the inspector compares exactly as the
 * apiserver filters. A selector that does not parse for the objects' kind gives undefined, and
 * the inspector says it cannot compare rather than compare wrongly.
 */
import {
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
  type KubeObject,
} from '../../engine/display.ts';

export type ObjectPredicate = (obj: KubeObject) => boolean;

/** A predicate for objects of `kind`, or undefined when either selector does not parse. */
export function selectorPredicate(
  labelSelector: string,
  fieldSelector: string,
  kind: string,
): ObjectPredicate | undefined {
  const labels = parseLabelSelector(labelSelector);
  const fields = parseFieldSelector(fieldSelector, kind);
  if (!labels.ok || !fields.ok) return undefined;
  return (obj) =>
    matchesLabels(labels.selector, obj.metadata.labels) && matchesFields(fields.selector, obj);
}
