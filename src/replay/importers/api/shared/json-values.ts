/**
 * Splits a stream of lines into the top-level JSON values it holds: one value per line (JSON
 * Lines), pretty-printed values spread over many lines and printed back to back (`kubectl get
 * -o json`, `kubectl get -w -o json`), or a top-level array (`gcloud logging read
 * --format=json`). Strings and escapes are tracked, so braces inside strings do not count.
 *
 * H1's `src/replay/json-values.ts` did not exist when this was written; this small one serves
 * the API importers. Besides each value it reports the first line of every element of a
 * top-level array and of the arrays directly inside a top-level object (`List.items`), so an
 * importer can name the line of the item it could not read.
 */
export interface JsonValue {
  value: unknown;
  /** 1-based first line of the value. */
  line: number;
  /** First lines of the elements of the value's arrays at depth 1 or 2, in order. */
  itemLines: number[];
}

export type JsonValueResult = JsonValue | { error: string; line: number };

export class JsonValueSplitter {
  private parts: string[] = [];
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** The container stack: `{` or `[`. */
  private stack: string[] = [];
  private startLine = 0;
  private itemLines: number[] = [];

  /** Feeds one line; returns the values (or errors) completed by it. */
  push(text: string, lineNo: number): JsonValueResult[] {
    const out: JsonValueResult[] = [];
    if (this.depth === 0) {
      // Fast path for JSON Lines: a whole value on one line parses with one JSON.parse.
      const trimmed = text.trim();
      if (trimmed === '' || trimmed === ',' || trimmed === ']' && this.stack.length === 0) return out;
      const first = trimmed[0];
      const last = trimmed[trimmed.length - 1];
      if ((first === '{' && last === '}') || (first === '[' && last === ']')) {
        try {
          out.push({ value: JSON.parse(trimmed), line: lineNo, itemLines: [] });
          return out;
        } catch {
          // Not one value on its own (`{` … `}` may be two values, or a broken one): scan it.
        }
      }
    }
    let segmentStart = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 92 /* \ */) this.escaped = true;
        else if (c === 34 /* " */) this.inString = false;
        continue;
      }
      if (c === 34) {
        if (this.depth === 0) return [...out, this.fail(`expected "{" or "[" at the start of a JSON value, found a string`, lineNo)];
        this.inString = true;
      } else if (c === 123 /* { */ || c === 91 /* [ */) {
        if (this.depth === 0) {
          this.startLine = lineNo;
          segmentStart = i;
          this.itemLines = [];
        } else if (this.stack.length <= 2 && this.stack[this.stack.length - 1] === '[') this.itemLines.push(lineNo);
        this.stack.push(c === 123 ? '{' : '[');
        this.depth++;
      } else if (c === 125 /* } */ || c === 93 /* ] */) {
        const open = this.stack.pop();
        if (open === undefined) {
          // A stray closing bracket at top level: the end of an array of values printed one per line.
          if (c === 93) continue;
          return [...out, this.fail('unexpected "}" outside any JSON value', lineNo)];
        }
        if ((c === 125) !== (open === '{')) return [...out, this.fail(`mismatched "${String.fromCharCode(c)}" closing "${open}"`, lineNo)];
        this.depth--;
        if (this.depth === 0) {
          this.parts.push(text.slice(segmentStart, i + 1));
          out.push(this.finish());
          segmentStart = i + 1;
        }
      } else if (this.depth === 0 && c !== 32 && c !== 9 && c !== 13 && c !== 44 /* , */) {
        return [...out, this.fail(`unexpected "${text[i]}" between JSON values`, lineNo)];
      }
    }
    if (this.depth > 0) {
      const segment = segmentStart === 0 ? text : text.slice(segmentStart);
      // A value that starts with content on its line and does not end there is a broken JSON
      // Lines line, not the first line of a pretty-printed value (those open with a bare `{`,
      // `[` or `[{`): report it now rather than let it swallow the lines after it.
      if (this.startLine === lineNo && segment.trim().length > 2) return [...out, this.fail('not valid JSON: the line ends inside a value', lineNo)];
      this.parts.push(segment);
    }
    return out;
  }

  /** The end of the file: an error when a value is still open. */
  end(): JsonValueResult[] {
    if (this.depth === 0) return [];
    const line = this.startLine;
    this.reset();
    return [{ error: 'the file ends inside a JSON value that starts here', line }];
  }

  private finish(): JsonValueResult {
    const text = this.parts.join('\n');
    const line = this.startLine;
    const itemLines = this.itemLines;
    this.reset();
    try {
      return { value: JSON.parse(text), line, itemLines };
    } catch (e) {
      return { error: `not valid JSON: ${(e as Error).message}`, line };
    }
  }

  private fail(reason: string, line: number): JsonValueResult {
    const start = this.depth > 0 ? this.startLine : line;
    this.reset();
    return { error: reason, line: start };
  }

  private reset(): void {
    this.parts = [];
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
    this.stack = [];
    this.itemLines = [];
  }
}

/** A plain object (not an array, not null). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
