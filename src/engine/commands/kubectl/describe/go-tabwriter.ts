/**
 * Go's text/tabwriter (the package, not kubectl's printers fork), as `kubectl describe` sets
 * it up: tabwriter.NewWriter(out, 0, 8, 2, ' ', 0) (k8s.io/kubectl/pkg/describe/describe.go
 * tabbedString). Cells end at a tab; the text after a line's last tab belongs to no column.
 * A column's width is set per block of consecutive lines that have a cell in that column (a
 * line with fewer cells ends the block), recursively for the columns to its right, exactly
 * as Writer.format does; each cell is padded to its width plus 2.
 */

import { goTabwriter } from '../../go-tabwriter.ts';

export function formatTabbed(text: string): string {
  return goTabwriter(text, { minwidth: 0, padding: 2 });
}

/**
 * describe.go's PrefixWriter: each write is indented by its level (2 spaces a level) and goes
 * into one tabwriter; `flush` lays out what came so far on its own, as Events does.
 */
export class DescribeWriter {
  private buffer = '';
  private done = '';

  write(level: number, text: string): void {
    this.buffer += '  '.repeat(level) + text;
  }

  /** Writes without indentation (describe's WriteLine / Fprintf on the writer). */
  raw(text: string): void {
    this.buffer += text;
  }

  flush(): void {
    this.done += formatTabbed(this.buffer);
    this.buffer = '';
  }

  toString(): string {
    this.flush();
    return this.done;
  }
}
