/**
 * kubectl's column layout: Go's text/tabwriter as k8s.io/cli-runtime/pkg/printers/tabwriter.go
 * configures it (minwidth 6, padding 3, pad with spaces) in the github.com/liggitt/tabwriter
 * fork with the RememberWidths flag.
 *
 * What that means for the bytes:
 * - every cell but the last of a line is padded to its column's width:
 *   max(6, widest cell in the column + 3), widths counted in Unicode code points as Go does;
 * - the last cell of a line is written as is (it is not tab-terminated), so lines carry no
 *   trailing blanks unless that last cell is empty;
 * - RememberWidths: a column never gets narrower across writes of the same writer, so the rows
 *   `kubectl get -w` prints later stay aligned with the first table. kubectl forgets the widths
 *   when it moves on to another resource type (get.go: SetRememberedWidths(nil)), so each table
 *   of `kubectl get pods,rs` has its own widths: use a new writer per resource type.
 */

const MIN_WIDTH = 6;
const PADDING = 3;

/** Width of a cell as Go's tabwriter counts it (UTF-8 runes, i.e. code points). */
export function cellWidth(cell: string): number {
  let n = 0;
  for (const _ of cell) n++;
  return n;
}

/** A tabwriter that remembers column widths between writes, like kubectl's. */
export class TabWriter {
  private widths: number[] = [];

  /** Lays out lines of cells; returns the text with a newline after every line. */
  write(lines: readonly (readonly string[])[]): string {
    for (const cells of lines) {
      for (let col = 0; col < cells.length - 1; col++) {
        const w = Math.max(MIN_WIDTH, cellWidth(cells[col] as string) + PADDING);
        if (w > (this.widths[col] ?? 0)) this.widths[col] = w;
      }
    }
    let out = '';
    for (const cells of lines) {
      let line = '';
      cells.forEach((cell, col) => {
        line += col === cells.length - 1 ? cell : cell + ' '.repeat((this.widths[col] as number) - cellWidth(cell));
      });
      out += line + '\n';
    }
    return out;
  }
}

/** One-shot layout: a fresh writer for a single table. */
export function formatColumns(lines: readonly (readonly string[])[]): string {
  return new TabWriter().write(lines);
}
