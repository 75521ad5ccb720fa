/**
 * Listers: reads from an informer's cache, never from the apiserver (client-go's generated
 * listers, e.g. PodLister and PodNamespaceLister). The objects returned are the cache's own:
 * read-only. Deep-copy before changing anything.
 */
import { matchesLabels, parseLabelSelector, type LabelSelector } from '../api/labels.ts';
import type { KubeObject } from '../api/objects.ts';
import { indexerByIndex, indexerGet, indexerList, NAMESPACE_INDEX } from './indexer.ts';
import type { Informer } from './informer.ts';

export interface ListerListOptions {
  namespace?: string;
  /** Text (`app=web,tier!=db`) or an already parsed selector. */
  labelSelector?: string | LabelSelector;
}

/** Get: the cached object namespace/name ('' namespace for cluster-scoped objects). */
export function listerGet<T = KubeObject>(
  informer: Informer,
  namespace: string,
  name: string,
): T | undefined {
  const key = namespace ? `${namespace}/${name}` : name;
  return indexerGet(informer.indexer, key) as T | undefined;
}

/** List: the cached objects, optionally of one namespace (through the namespace index) and matching a selector. */
export function listerList<T = KubeObject>(
  informer: Informer,
  options: ListerListOptions = {},
): T[] {
  const objects =
    options.namespace !== undefined
      ? indexerByIndex(informer.indexer, NAMESPACE_INDEX, options.namespace)
      : indexerList(informer.indexer);
  const selector = toSelector(options.labelSelector);
  const out = selector
    ? objects.filter((o) => matchesLabels(selector, o.metadata.labels ?? undefined))
    : objects;
  return out as T[];
}

/** ByIndex: the cached objects whose index `indexName` has `value`. */
export function listerByIndex<T = KubeObject>(
  informer: Informer,
  indexName: string,
  value: string,
): T[] {
  return indexerByIndex(informer.indexer, indexName, value) as T[];
}

function toSelector(selector: string | LabelSelector | undefined): LabelSelector | undefined {
  if (selector === undefined || selector === '') return undefined;
  if (typeof selector !== 'string') return selector;
  const parsed = parseLabelSelector(selector);
  if (!parsed.ok) throw new Error(`lister: invalid label selector: ${parsed.error}`);
  return parsed.selector;
}

/** The three lister reads under one name: Lister.get(informer, ns, name), Lister.list(...), Lister.byIndex(...). */
export const Lister = { get: listerGet, list: listerList, byIndex: listerByIndex };
