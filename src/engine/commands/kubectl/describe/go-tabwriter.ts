/**
 * Go's text/tabwriter (the package, not kubectl's printers fork), as `kubectl describe` sets
 * it up: tabwriter.NewWriter(out, 0, 8, 2, ' ', 0) (k8s.io/kubectl/pkg/describe/describe.go
 * tabbedString). Cells end at a tab; the text after a line's last tab belongs to no column.
 * A column's width is set per block of consecutive lines that have a cell in that column (a
 * line with fewer cells ends the block), recursively for the columns to its right, exactly
 * as Writer.format does; each cell is padded to its width plus 2.
 */

const PADDING = 2;

function width(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

export function formatTabbed(text: string): string {
  const trailingNewline = text.endsWith('\n');
  const lines = (trailingNewline ? text.slice(0, -1) : text).split('\n').map((l) => l.split('\t'));
  const out: string[] = [];
  const widths: number[] = [];

  const writeLines = (from: number, to: number): void => {
    for (let i = from; i < to; i++) {
      const cells = lines[i] as string[];
      let line = '';
      cells.forEach((cell, j) => {
        line += cell;
        if (j < widths.length && j < cells.length - 1) line += ' '.repeat(Math.max(0, (widths[j] as number) - width(cell)));
      });
      out.push(line);
    }
  };

  const format = (line0: number, line1: number): void => {
    const column = widths.length;
    let start = line0;
    for (let i = line0; i < line1; i++) {
      if (column >= (lines[i] as string[]).length - 1) continue;
      writeLines(start, i);
      start = i;
      let w = 0;
      let end = i;
      for (; end < line1; end++) {
        const cells = lines[end] as string[];
        if (column >= cells.length - 1) break;
        w = Math.max(w, width(cells[column] as string) + PADDING);
      }
      widths.push(w);
      format(start, end);
      widths.pop();
      start = end;
      i = end - 1;
    }
    writeLines(start, line1);
  };

  format(0, lines.length);
  return out.join('\n') + (trailingNewline ? '\n' : '');
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
