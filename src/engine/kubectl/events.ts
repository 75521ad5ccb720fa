/**
 * Events two ways: printEvent (v1.30), the table of `kubectl get events`, whose LAST SEEN is a
 * plain age; and the `kubectl events` command (kubectl/pkg/cmd/events), which sorts by time and
 * folds repeats into LAST SEEN as "2m (x5 over 10m)".
 */
import type { Event } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../api/objects.ts';
import { NAME, type ResourcePrinter } from './columns.ts';
import { formatColumns } from './tabwriter.ts';
import { since, toSeconds } from './time.ts';

/** translateTimestampSince / translateMicroTimestampSince: both print "<unknown>" for zero. */
const ago = since;

/** formatEventSource: component (or reportingController), then ", host" when there is one. */
function eventSource(e: Event): string {
  const component = e.source?.component || e.reportingComponent || '';
  const host = e.source?.host || e.reportingInstance || '';
  return host ? `${component}, ${host}` : component;
}

/** OBJECT: "pod/web-7c9d-x2kqp", the kind lower-cased. */
function eventTarget(e: Event): string {
  const kind = (e.involvedObject?.kind ?? '').toLowerCase();
  const name = e.involvedObject?.name ?? '';
  return name ? `${kind}/${name}` : kind;
}

export const eventPrinter: ResourcePrinter = {
  resource: 'events',
  groupKind: 'event',
  namespaced: true,
  columns: [
    { name: 'Last Seen' },
    { name: 'Type' },
    { name: 'Reason' },
    { name: 'Object' },
    { name: 'Subobject', priority: 1 },
    { name: 'Source', priority: 1 },
    { name: 'Message' },
    { name: 'First Seen', priority: 1 },
    { name: 'Count', priority: 1 },
    { ...NAME, priority: 1 },
  ],
  row(obj: KubeObject, { now }) {
    const e = obj as unknown as Event;
    const firstSeen = e.firstTimestamp ? ago(e.firstTimestamp, now) : ago(e.eventTime, now);
    let lastSeen = e.lastTimestamp ? ago(e.lastTimestamp, now) : firstSeen;
    let count = e.count ?? 0;
    if (e.series) {
      lastSeen = ago(e.series.lastObservedTime, now);
      count = e.series.count ?? 0;
    } else if (count === 0) {
      // Events from the events.k8s.io API leave count unset for a singleton.
      count = 1;
    }
    return [
      lastSeen,
      e.type ?? '',
      e.reason ?? '',
      eventTarget(e),
      e.involvedObject?.fieldPath ?? '',
      eventSource(e),
      (e.message ?? '').trim(),
      firstSeen,
      count,
      e.metadata?.name ?? '',
    ];
  },
};

/** kubectl events' sort key: the series' last observation, else lastTimestamp, else eventTime. */
function eventTime(e: Event): number {
  if (e.series) return toSeconds(e.series.lastObservedTime) ?? -Infinity;
  const last = toSeconds(e.lastTimestamp);
  if (last !== undefined) return last;
  return toSeconds(e.eventTime) ?? -Infinity;
}

/** getInterval: "5m", or "30s (x4 over 5m)" for a repeated event. */
export function eventInterval(e: Event, now: number): string {
  const first = e.eventTime ? ago(e.eventTime, now) : ago(e.firstTimestamp, now);
  if (e.series)
    return `${ago(e.series.lastObservedTime, now)} (x${e.series.count ?? 0} over ${first})`;
  if ((e.count ?? 0) > 1) return `${ago(e.lastTimestamp, now)} (x${e.count} over ${first})`;
  return first;
}

export interface KubectlEventsOptions {
  now: number;
  namespace?: string;
  allNamespaces?: boolean;
  noHeaders?: boolean;
}

/**
 * `kubectl events`: stdout and stderr. Rows are sorted oldest first (a stable sort; kubectl's
 * sort.Sort is not stable, so equal times may come out in either order there).
 */
export function kubectlEvents(
  events: readonly KubeObject[],
  options: KubectlEventsOptions,
): { stdout: string; stderr: string } {
  if (events.length === 0) {
    const stderr = options.allNamespaces
      ? 'No events found.\n'
      : `No events found in ${options.namespace ?? 'default'} namespace.\n`;
    return { stdout: '', stderr };
  }
  const sorted = (events as unknown as Event[])
    .map((e, i) => ({ e, i, t: eventTime(e) }))
    .sort((a, b) => a.t - b.t || a.i - b.i)
    .map((x) => x.e);
  const lines: string[][] = [];
  const ns = options.allNamespaces;
  if (!options.noHeaders) {
    lines.push([...(ns ? ['NAMESPACE'] : []), 'LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE']);
  }
  for (const e of sorted) {
    lines.push([
      ...(ns ? [e.metadata?.namespace ?? ''] : []),
      eventInterval(e, options.now),
      e.type ?? '',
      e.reason ?? '',
      `${e.involvedObject?.kind ?? ''}/${e.involvedObject?.name ?? ''}`,
      (e.message ?? '').trim(),
    ]);
  }
  return { stdout: formatColumns(lines), stderr: '' };
}
