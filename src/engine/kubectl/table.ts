/**
 * `kubectl get` for one resource type: the server's table (see the printers) decorated and
 * printed as k8s.io/cli-runtime's table printer does (v1.30): a NAMESPACE column first with -A,
 * -L label columns and a LABELS column last, priority-1 columns only with -o wide, headers
 * upper-cased, cells cut at the first newline, columns laid out by the tabwriter. With no rows
 * nothing goes to stdout and kubectl's "No resources found" goes to stderr.
 */
import type { KubeObject } from '../api/objects.ts';
import type { Cell, Column, ResourcePrinter } from './columns.ts';
import { formatLabels } from './format.ts';
import { findPrinter } from './registry.ts';
import { formatColumns } from './tabwriter.ts';

export interface GetOptions {
  /** Wall-clock seconds since the epoch (the caller converts virtual time). */
  now: number;
  /** The namespace listed; "default" unless given. */
  namespace?: string;
  /** -A / --all-namespaces. */
  allNamespaces?: boolean;
  /** -o wide. */
  wide?: boolean;
  /** --show-labels. */
  showLabels?: boolean;
  /** --no-headers. */
  noHeaders?: boolean;
  /** -L key1,key2: one column per label key. */
  labelColumns?: readonly string[];
  /** Prefix names with "kind/" (kubectl does when several kinds are printed, or --show-kind). */
  withKind?: boolean;
}

export interface GetOutput {
  stdout: string;
  stderr: string;
}

/** formatLabelHeaders: the last path segment of the key, upper-cased. */
function labelHeader(key: string): string {
  return (key.split('/').at(-1) ?? key).toUpperCase();
}

/** Go's fmt.Sprint of a cell, cut at the first \f, \n or \r with "..." as printTable does. */
function cellText(cell: Cell): string {
  const text = String(cell);
  const cut = text.search(/[\f\n\r]/);
  return cut >= 0 ? `${text.slice(0, cut)}...` : text;
}

/** The lines of cells kubectl feeds to its tabwriter for one resource type. */
export function tableLines(
  printer: ResourcePrinter,
  objects: readonly KubeObject[],
  options: GetOptions,
): string[][] {
  const withNamespace = !!options.allNamespaces && printer.namespaced;
  const labelColumns = options.labelColumns ?? [];
  const columns: Column[] = [
    ...(withNamespace ? [{ name: 'Namespace' }] : []),
    ...printer.columns,
    ...labelColumns.map((k) => ({ name: labelHeader(k) })),
    ...(options.showLabels ? [{ name: 'Labels' }] : []),
  ];
  const visible = columns.map((c) => !!options.wide || !c.priority);
  const nameIndex = printer.columns.findIndex((c) => c.name === 'Name');
  const lines: string[][] = [];
  if (objects.length === 0) return lines;
  if (!options.noHeaders) {
    lines.push(columns.filter((_, i) => visible[i]).map((c) => c.name.toUpperCase()));
  }
  for (const obj of objects) {
    const cells: Cell[] = printer.row(obj, { now: options.now });
    if (options.withKind && nameIndex >= 0) {
      cells[nameIndex] = `${printer.groupKind}/${cells[nameIndex] ?? ''}`;
    }
    const labels = obj.metadata.labels ?? {};
    const row: Cell[] = [
      ...(withNamespace ? [obj.metadata.namespace ?? ''] : []),
      ...cells,
      ...labelColumns.map((k) => labels[k] ?? ''),
      ...(options.showLabels ? [formatLabels(labels)] : []),
    ];
    lines.push(row.filter((_, i) => visible[i]).map(cellText));
  }
  return lines;
}

/** kubectl's message when nothing was printed. */
export function noResourcesFound(
  printer: ResourcePrinter | undefined,
  options: GetOptions,
): string {
  const namespaced = !options.allNamespaces && (printer?.namespaced ?? true);
  return namespaced
    ? `No resources found in ${options.namespace ?? 'default'} namespace.\n`
    : 'No resources found\n';
}

/** `kubectl get <resource>`: what goes to stdout and to stderr. */
export function kubectlGet(
  resource: string,
  objects: readonly KubeObject[],
  options: GetOptions,
): GetOutput {
  const printer = findPrinter(resource);
  if (!printer) {
    return {
      stdout: '',
      stderr: `error: the server doesn't have a resource type "${resource}"\n`,
    };
  }
  const lines = tableLines(printer, objects, options);
  if (lines.length === 0) return { stdout: '', stderr: noResourcesFound(printer, options) };
  return { stdout: formatColumns(lines), stderr: '' };
}

/** The text `kubectl get <resource>` shows in a terminal (stdout, or stderr when empty). */
export function printTable(
  resource: string,
  objects: readonly KubeObject[],
  options: GetOptions,
): string {
  const out = kubectlGet(resource, objects, options);
  return out.stdout || out.stderr;
}
