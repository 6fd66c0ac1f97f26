/**
 * Splits a stream of JSON documents written one after another (pretty printed over several
 * lines, as `crictl events -o json`, `runc state` and a Jaeger download do, or one per line)
 * into the text of each document, fed line by line. Counts braces and brackets outside strings;
 * a document ends where the depth returns to 0. Written here because the core's json-values.ts
 * (H1) did not exist yet when this was.
 */
export class JsonDocuments {
  private parts: string[] = [];
  private depth = 0;
  private quoted = false;
  private escaped = false;
  private startLine = 0;

  /** Feeds one line; returns the documents it completed, with the line each started on. */
  push(text: string, lineNo: number, junk?: (text: string) => void): { text: string; line: number }[] {
    const out: { text: string; line: number }[] = [];
    let from = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (this.quoted) {
        if (this.escaped) this.escaped = false;
        else if (c === '\\') this.escaped = true;
        else if (c === '"') this.quoted = false;
        continue;
      }
      if (this.depth === 0 && c !== '{' && c !== '[' && !/\s/.test(c as string)) {
        // Text between documents: not JSON; the rest of the line is reported once.
        junk?.(text.slice(i, i + 60));
        return out;
      }
      if (c === '"') this.quoted = true;
      else if (c === '{' || c === '[') {
        if (this.depth === 0 && this.parts.length === 0) {
          this.startLine = lineNo;
          from = i;
        }
        this.depth++;
      } else if (c === '}' || c === ']') {
        this.depth--;
        if (this.depth === 0) {
          this.parts.push(text.slice(from, i + 1));
          out.push({ text: this.parts.join('\n'), line: this.startLine });
          this.parts = [];
          from = i + 1;
        }
      }
    }
    if (this.depth > 0) this.parts.push(text.slice(from));
    return out;
  }

  /** Text left open at the end of the file (a cut document), if any. */
  rest(): { text: string; line: number } | undefined {
    return this.depth > 0 ? { text: this.parts.join('\n'), line: this.startLine } : undefined;
  }

  /** Whether a document is open (between its first `{` and its last `}`). */
  get open(): boolean {
    return this.depth > 0;
  }
}
