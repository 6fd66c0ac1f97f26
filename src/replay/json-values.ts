/**
 * `JsonValueSplitter`: the top-level JSON values of a stream of lines, for formats that print
 * pretty-printed objects one after another (`crictl events -o json`, `runc state`, `kubectl get
 * -o json` of one list spread over many lines) as well as JSON Lines.
 *
 * Usage (an importer's `line` / `end`):
 *
 *   const values = new JsonValueSplitter();
 *   line(text, no) { return values.push(text, no).flatMap(v => 'error' in v ? (ctx.error(v.line, v.error), []) : toEvents(v.value, v.line)); }
 *   end() { same with values.end() }
 *
 * It tracks strings and escapes, so braces inside strings do not count; a value may start and
 * end anywhere on a line, and several values may share a line (`}{`). Each value is reported with
 * the number of the line it starts on; a value that is not valid JSON is reported as an error at
 * that line (with the reason from JSON.parse), and the splitter goes on with the next value.
 * Only objects and arrays are values at the top level: text outside them (other than whitespace)
 * is an error of its line, as no format this reads prints bare scalars.
 */

export type JsonValueItem = { line: number; value: unknown } | { line: number; error: string };

export interface JsonValueSplitterOptions {
  /** A value longer than this many characters is reported as an error and skipped; default 64 Mi. */
  maxValueChars?: number;
}

const OPEN_BRACE = 0x7b; // {
const CLOSE_BRACE = 0x7d; // }
const OPEN_BRACKET = 0x5b; // [
const CLOSE_BRACKET = 0x5d; // ]
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

export class JsonValueSplitter {
  private parts: string[] = [];
  private chars = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private startLine = 0;
  /** The open value grew past the limit: scan on to its end without keeping its text. */
  private dropping = false;
  private readonly maxValueChars: number;

  constructor(options: JsonValueSplitterOptions = {}) {
    this.maxValueChars = options.maxValueChars ?? 64 * 1024 * 1024;
  }

  /** True while a value has started and not ended (the caller may want to say so at the end). */
  get open(): boolean {
    return this.depth > 0;
  }

  /** Feeds one line (without its line break); returns the values that ended on it. */
  push(text: string, lineNo: number): JsonValueItem[] {
    const out: JsonValueItem[] = [];
    // Fast path: a whole compact value on one line (JSON Lines).
    if (this.depth === 0) {
      const t = text.trim();
      if (t === '') return out;
      const first = t.charCodeAt(0);
      const last = t.charCodeAt(t.length - 1);
      if ((first === OPEN_BRACE && last === CLOSE_BRACE) || (first === OPEN_BRACKET && last === CLOSE_BRACKET)) {
        try {
          out.push({ line: lineNo, value: JSON.parse(t) as unknown });
          return out;
        } catch {
          // Not one value (`{"a":1}{"b":2}`, or broken): scan it.
        }
      }
    }
    let from = 0;
    let strayReported = false;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.depth === 0) {
        if (c === OPEN_BRACE || c === OPEN_BRACKET) {
          this.depth = 1;
          this.startLine = lineNo;
          from = i;
        } else if (c !== 0x20 && c !== 0x09 && c !== 0x0d && !strayReported) {
          out.push({ line: lineNo, error: `unexpected ${JSON.stringify(text.slice(i, i + 20))} outside a JSON object or array` });
          strayReported = true;
        }
        continue;
      }
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === BACKSLASH) this.escaped = true;
        else if (c === QUOTE) this.inString = false;
        continue;
      }
      if (c === QUOTE) this.inString = true;
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) this.depth++;
      else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        this.depth--;
        if (this.depth === 0) {
          this.keep(text.slice(from, i + 1));
          out.push(this.finish());
        }
      }
    }
    if (this.depth > 0) this.keep(from === 0 ? text : text.slice(from));
    // A line break inside a string is not valid JSON; JSON.parse will say so for the value.
    if (this.depth > 0) this.keep('\n');
    return out;
  }

  /** The end of the input: an unfinished value is an error at the line it started on. */
  end(): JsonValueItem[] {
    if (this.depth === 0) return [];
    const line = this.startLine;
    this.reset();
    return [{ line, error: 'the JSON value starting here is not closed at the end of the file' }];
  }

  private keep(piece: string): void {
    if (this.dropping) return;
    if (this.chars + piece.length > this.maxValueChars) {
      this.dropping = true;
      this.parts = [];
      this.chars = 0;
      return;
    }
    this.parts.push(piece);
    this.chars += piece.length;
  }

  private finish(): JsonValueItem {
    const line = this.startLine;
    const dropped = this.dropping;
    const text = this.parts.join('');
    this.reset();
    if (dropped) return { line, error: `JSON value longer than ${this.maxValueChars} characters: skipped` };
    try {
      return { line, value: JSON.parse(text) as unknown };
    } catch (err) {
      return { line, error: `not JSON: ${(err as Error).message}` };
    }
  }

  private reset(): void {
    this.parts = [];
    this.chars = 0;
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
    this.dropping = false;
  }
}
