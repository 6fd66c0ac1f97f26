import { TRACE_FORMAT, TraceFormatError, TraceLineDecoder, type TraceHeader } from '../../trace/index.ts';
import { parseRfc3339Micros } from '../clock/rfc3339.ts';
import type { FormatParser, ImportContext, Importer, RawEvent, SourceFacts } from '../types.ts';

/**
 * kube-anatomy's own trace (`*.kanatomy.jsonl`, docs/trace-format.md): a simulation, or an
 * earlier import. Read with the trace's own streaming decoder and validators, so a line is good
 * here exactly when it is good for every other reader. Events keep their `src`; `cause` becomes a
 * link key local to this file, which the merge turns back into a `seq` of the merged trace.
 */
export const KANATOMY_IMPORTER: Importer = {
  name: 'kanatomy',
  label: 'kube-anatomy trace (*.kanatomy.jsonl)',
  detect(sample, fileName) {
    const firstLine = sample.split('\n', 1)[0]?.trim() ?? '';
    const byName = /\.kanatomy\.jsonl$/i.test(fileName);
    try {
      const header = JSON.parse(firstLine) as { format?: unknown };
      if (header.format === TRACE_FORMAT) return 1;
    } catch {
      // The header may be cut by the sample's end (a very long line): look at its start.
      if (new RegExp(`^\\{\\s*"format"\\s*:\\s*"${TRACE_FORMAT}"`).test(firstLine)) return 0.9;
    }
    return byName ? 0.2 : 0;
  },
  create(ctx) {
    return new KanatomyParser(ctx);
  },
};

/** The link key of event `seq` of one own-format file (keys are joined across files, so the file is part of it). */
export function kanatomyKey(file: string, seq: number): string {
  return `kanatomy:${file}#${seq}`;
}

class KanatomyParser implements FormatParser {
  private readonly decoder = new TraceLineDecoder();
  private header: TraceHeader | undefined;
  private origin = 0;
  /** Lines the decoder has been given (it numbers lines itself). */
  private fed = 0;
  private failed = false;
  private reported = 0;

  constructor(private readonly ctx: ImportContext) {}

  line(text: string, lineNo: number): RawEvent[] {
    if (this.failed) return [];
    // Lines the reader could not decode never reach us: keep the decoder's numbering in step.
    while (this.fed < lineNo - 1) this.feed('');
    const ev = this.feed(text);
    if (!ev) return [];
    const raw: RawEvent = {
      at: this.origin + ev.t,
      kind: ev.kind,
      actor: ev.actor,
      op: ev.op,
      line: lineNo,
      src: ev.src,
      keys: [kanatomyKey(this.ctx.file, ev.seq)],
    };
    if (ev.dur !== undefined) raw.dur = ev.dur;
    if (ev.to !== undefined) raw.to = ev.to;
    if (ev.ref !== undefined) raw.ref = ev.ref;
    if (ev.inferred) raw.inferred = true;
    if (ev.attrs !== undefined) raw.attrs = ev.attrs;
    if (ev.cause !== undefined) raw.causes = [{ key: kanatomyKey(this.ctx.file, ev.cause), rule: 'trace cause', confidence: 'observed' }];
    return [raw];
  }

  end(): RawEvent[] {
    if (!this.failed && !this.header) this.ctx.error(1, `empty trace: expected a header line with "format":"${TRACE_FORMAT}"`);
    return [];
  }

  facts(): SourceFacts {
    const facts: SourceFacts = { precision: 'us' };
    const h = this.header;
    if (h?.cluster) facts.nodes = h.cluster.nodes.map((n) => ({ name: n.name, runtime: n.runtime }));
    if (h?.scenario !== undefined) facts.scenario = h.scenario;
    if (h?.seed !== undefined) facts.seed = h.seed;
    return facts;
  }

  private feed(text: string) {
    this.fed++;
    try {
      const ev = this.decoder.push(text);
      if (!this.header) this.takeHeader();
      for (; this.reported < this.decoder.errors.length; this.reported++) {
        const e = this.decoder.errors[this.reported];
        if (e) this.ctx.error(e.line, e.reason);
      }
      return ev;
    } catch (err) {
      if (!(err instanceof TraceFormatError)) throw err;
      // A bad header is fatal for the file (docs/trace-format.md): report it once, read no more.
      this.failed = true;
      this.ctx.error(err.line, err.reason);
      return undefined;
    }
  }

  private takeHeader(): void {
    try {
      this.header = this.decoder.finish().header;
    } catch {
      return; // still before the header (blank lines)
    }
    const origin = parseRfc3339Micros(this.header.timeOrigin);
    // validateHeader accepted it through Date.parse; fall back to it for forms the strict parser refuses.
    this.origin = origin ?? Date.parse(this.header.timeOrigin) * 1000;
  }
}
