/**
 * Go's text/tabwriter with the settings a tool passes to tabwriter.NewWriter (minwidth,
 * padding; padchar ' ', flags 0), shared by the tools that print through it: crictl's table
 * display uses NewWriter(out, 20, 1, 3, ' ', 0) (cri-tools cmd/crictl/display.go
 * newDefaultTableDisplay), `kubectl describe` NewWriter(out, 0, 8, 2, ' ', 0). As in Writer.format
 * (text/tabwriter/tabwriter.go): cells end at a tab, the text after a line's last tab belongs
 * to no column; a column is a block of consecutive lines with a cell in it, its width the
 * widest cell plus padding, and never less than minwidth.
 */
export interface TabwriterSettings {
  minwidth: number;
  padding: number;
}

function width(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

export function goTabwriter(text: string, settings: TabwriterSettings): string {
  const trailingNewline = text.endsWith('\n');
  const body = trailingNewline ? text.slice(0, -1) : text;
  if (body === '' && trailingNewline) return '\n';
  const lines = body.split('\n').map((l) => l.split('\t'));
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
      let w = settings.minwidth;
      let end = i;
      for (; end < line1; end++) {
        const cells = lines[end] as string[];
        if (column >= cells.length - 1) break;
        w = Math.max(w, width(cells[column] as string) + settings.padding);
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
