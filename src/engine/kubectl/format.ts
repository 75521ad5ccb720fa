/**
 * Small formatting helpers the printers share: labels.FormatLabels, metav1.FormatLabelSelector,
 * layoutContainerCells, net.JoinHostPort and the "a,b,c + 2 more..." lists.
 */
import type { LabelSelector as MetaLabelSelector } from 'kubernetes-types/meta/v1';
import { labelSelectorFromObject, selectorToString } from '../api/labels.ts';

/** labels.FormatLabels: sorted k=v pairs, "<none>" when there are none. */
export function formatLabels(labels: Readonly<Record<string, string>> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  const text = keys.map((k) => `${k}=${labels?.[k] ?? ''}`).join(',');
  return text === '' ? '<none>' : text;
}

/** metav1.FormatLabelSelector: "<none>" for a nil or empty selector, "<error>" if it is invalid. */
export function formatLabelSelector(selector: MetaLabelSelector | undefined | null): string {
  const parsed = labelSelectorFromObject(selector);
  if (!parsed.ok) return '<error>';
  const text = selectorToString(parsed.selector);
  return text === '' ? '<none>' : text;
}

/** LabelSelectorAsSelector(...).String(), as the deployment printer uses it ("" when empty). */
export function selectorString(selector: MetaLabelSelector | undefined | null): string {
  const parsed = labelSelectorFromObject(selector);
  return parsed.ok ? selectorToString(parsed.selector) : '<invalid>';
}

/** layoutContainerCells: container names and images, comma-joined, for -o wide. */
export function layoutContainerCells(
  containers: readonly { name?: string; image?: string }[] | undefined,
): [string, string] {
  const list = containers ?? [];
  return [list.map((c) => c.name ?? '').join(','), list.map((c) => c.image ?? '').join(',')];
}

/** net.JoinHostPort: IPv6 hosts go in brackets. */
export function joinHostPort(host: string, port: number | string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** listWithMoreString: the first `max` items, then " + N more...", "<unset>" when empty. */
export function listWithMore(list: readonly string[], count: number, max: number): string {
  const text = list.join(',');
  if (count > max) return `${text} + ${count - max} more...`;
  return text === '' ? '<unset>' : text;
}
