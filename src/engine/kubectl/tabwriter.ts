/**
 * The column layout kubectl prints with: Go's text/tabwriter (liggitt's fork) as
 * k8s.io/cli-runtime's GetNewTabWriter configures it: minwidth 6, padding 3, pad with spaces.
 * A cell is terminated by a tab; the text after a line's last tab is not part of any column, so
 * the last column is never padded. A column's width is the widest cell plus padding (at least
 * minwidth) over each run of consecutive lines that have that column.
 */

export const TABWRITER_MIN_WIDTH = 6;
export const TABWRITER_PADDING = 3;

/** utf8.RuneCount: tabwriter measures cells in runes, not UTF-16 units. */
function runeWidth(text: string): number {
  return [...text].length;
}

/** Lays out lines of cells as kubectl's tabwriter does; every line ends with a newline. */
export function formatColumns(lines: readonly (readonly string[])[]): string {
  const widths: number[][] = lines.map(() => []);
  const columns = Math.max(0, ...lines.map((l) => l.length - 1));
  for (let j = 0; j < columns; j++) {
    let start = 0;
    while (start < lines.length) {
      if ((lines[start]?.length ?? 0) - 1 <= j) {
        start++;
        continue;
      }
      let end = start;
      let width = TABWRITER_MIN_WIDTH;
      while (end < lines.length && (lines[end]?.length ?? 0) - 1 > j) {
        width = Math.max(width, runeWidth(lines[end]?.[j] ?? '') + TABWRITER_PADDING);
        end++;
      }
      for (let i = start; i < end; i++) (widths[i] as number[])[j] = width;
      start = end;
    }
  }
  return lines
    .map((cells, i) =>
      cells
        .map((cell, j) => {
          if (j === cells.length - 1) return cell;
          const width = widths[i]?.[j] ?? 0;
          return cell + ' '.repeat(Math.max(0, width - runeWidth(cell)));
        })
        .join(''),
    )
    .map((line) => `${line}\n`)
    .join('');
}
