import type { FormatParser, ImportContext, RawEvent, SourceFacts } from '../../types.ts';
import { isRecord, parseJson } from './text.ts';

/**
 * Splits a stream of JSON documents written one after another (pretty printed over several
 * lines, as `crictl events -o json`, `runc state` and a Jaeger download do, or one per line)
 * into the text of each document, fed line by line. Counts braces and brackets outside strings;
 * a document ends where the depth returns to 0. Unlike the core's json-values.ts it hands back
 * each document's text, not a parsed value: these formats carry uint64s (OTLP's nanosecond
 * times as numbers, etcd ids) that text.ts's parseJson keeps exact and JSON.parse would round.
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

/**
 * The part every importer of a stream of JSON documents shares (OTLP, Jaeger, `crictl events`,
 * `runc state`/`runc events`): split the lines into documents, parse each (large integers
 * kept, text.ts), report text between documents, a document that is not a JSON object and a
 * file that ends inside one; the subclass turns each object into events.
 */
export abstract class JsonDocumentParser implements FormatParser {
  private readonly docs = new JsonDocuments();

  /**
   * `between`: how to name text found between documents (`not JSON between events`);
   * `unclosed`: what to say when the file ends inside a document.
   */
  constructor(
    protected readonly ctx: ImportContext,
    private readonly between: string,
    private readonly unclosed = 'the file ends inside a JSON document',
  ) {}

  line(text: string, lineNo: number): RawEvent[] {
    const out: RawEvent[] = [];
    for (const d of this.docs.push(text, lineNo, (junk) => this.ctx.error(lineNo, `${this.between}: ${junk}`))) {
      const p = parseJson(d.text);
      if ('error' in p || !isRecord(p.value)) this.ctx.error(d.line, this.unreadable('error' in p ? p.error : 'not a JSON object'));
      else out.push(...this.document(p.value, d.line));
    }
    return out;
  }

  end(): RawEvent[] {
    const rest = this.docs.rest();
    if (rest) this.ctx.error(rest.line, this.unclosed);
    return [];
  }

  abstract facts(): SourceFacts;

  /** The events one document stands for; problems are reported through `this.ctx.error`. */
  protected abstract document(value: Record<string, unknown>, line: number): RawEvent[];

  /** The reason given for a document that is not a JSON object (subclasses may say what it should have been). */
  protected unreadable(reason: string): string {
    return reason;
  }
}
