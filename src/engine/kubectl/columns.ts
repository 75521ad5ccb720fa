/**
 * What a resource printer is: the server's TableColumnDefinitions (priority 1 columns show only
 * with -o wide) and a function from one object to its row's cells.
 */
import type { KubeObject } from '../api/objects.ts';

export interface Column {
  /** As the column definition names it; kubectl upper-cases it for the header. */
  name: string;
  /** 1: only with -o wide. */
  priority?: 1;
}

export type Cell = string | number;

/**
 * The apiserver's table convertor always generates rows as for -o wide (GenerateOptions{Wide:
 * true}); kubectl drops the priority-1 cells itself. So a row holds every column's cell.
 */
export interface RowContext {
  /** Wall-clock seconds since the epoch. */
  now: number;
}

export interface ResourcePrinter {
  /** The plural resource name. */
  resource: string;
  /** strings.ToLower(GroupKind.String()): the prefix of NAME when several kinds are printed. */
  groupKind: string;
  namespaced: boolean;
  columns: readonly Column[];
  row(obj: KubeObject, ctx: RowContext): Cell[];
}

/** The column every printer starts with. */
export const NAME: Column = { name: 'Name' };
export const AGE: Column = { name: 'Age' };
export const WIDE_CONTAINERS: readonly Column[] = [
  { name: 'Containers', priority: 1 },
  { name: 'Images', priority: 1 },
  { name: 'Selector', priority: 1 },
];
