import type { TraceEvent, TraceHeader, TraceSourceName } from '../trace/schema.ts';
import { parseRfc3339Micros, utcDayOf } from './clock/rfc3339.ts';
import { DETECT_BYTES, detectFormat } from './detect.ts';
import { KeyIndex } from './links/key-index.ts';
import { linkAttrs, resolveLink } from './links/resolve.ts';
import { buildHeader } from './merge/header.ts';
import { IMPORTERS, importerByName } from './registry.ts';
import { UnknownFormatError, type FormatParser, type ImportError, type Importer, type RawEvent, type SourceFacts } from './types.ts';

export interface LiveImportInit {
  /** The live trace's name (for messages only). */
  name?: string;
  /** The recorder's node: node-side files that name none are attributed to it (default `node-1`). */
  node?: string;
  /** The recording's start (the recorder's hello), RFC 3339: the trace's `timeOrigin`. */
  startedAt?: string;
  generator?: string;
  importers?: readonly Importer[];
}

/** Lines kept while a live file's format is not known yet; past this, it is an unknown format. */
const DETECT_LINES = 200;

interface LiveFile {
  index: number;
  importer?: Importer;
  parser?: FormatParser;
  /** Lines received before the format could be told. */
  held: string[];
  heldBytes: number;
  lineNo: number;
  failed: boolean;
}

interface Emitted {
  file: number;
  seq: number;
  t: number;
}

/**
 * The live mode's import (`kube-anatomy serve`, issue 5 item 6): lines arrive per file as the
 * recorder captures them, and `push` returns the trace events they complete at once, so there is
 * no merge over the whole recording: `seq` continues from the last push, and `t` never goes
 * below the last emitted `t` (the timeline appends in `(t, seq)` order), so an event that arrives
 * late is moved up to it (`attrs.tClamped`), and one without time is put at it
 * (`attrs.timeInferred`). Causes resolve against everything emitted so far (a cause that arrives
 * after its effect is not linked). No clock estimation: live files come from one recorder.
 */
export class LiveImport {
  private readonly importers: readonly Importer[];
  private readonly files = new Map<string, LiveFile>();
  private readonly index = new KeyIndex<Emitted>();
  private readonly errorList: ImportError[] = [];
  /** Events that first named a `src` or an actor: all the header needs of the trace so far. */
  private readonly headerEvents: TraceEvent[] = [];
  private readonly seenNames = new Set<string>();
  private origin: number | undefined;
  private lastT = 0;
  private seq = 0;

  constructor(private readonly init: LiveImportInit = {}) {
    this.importers = init.importers ?? IMPORTERS;
    const started = init.startedAt !== undefined ? parseRfc3339Micros(init.startedAt) : undefined;
    if (started !== undefined) this.origin = started;
  }

  /** New lines of one file (without line breaks), in order. Returns the events they made. */
  push(file: string, lines: readonly string[], format?: TraceSourceName): TraceEvent[] {
    const f = this.file(file);
    if (f.failed) return [];
    const out: TraceEvent[] = [];
    if (!f.parser) {
      for (const l of lines) {
        f.held.push(l);
        f.heldBytes += l.length + 1;
      }
      if (!this.detect(file, f, format, false)) return out;
      const held = f.held;
      f.held = [];
      f.heldBytes = 0;
      this.feed(file, f, held, out);
      return out;
    }
    this.feed(file, f, lines, out);
    return out;
  }

  /** The recording ended: what the readers held back (multi-line values), and undetected files reported. */
  end(): TraceEvent[] {
    const out: TraceEvent[] = [];
    for (const [name, f] of this.files) {
      if (f.failed) continue;
      if (!f.parser && !this.detect(name, f, undefined, true)) continue;
      if (!f.parser) continue;
      if (f.held.length > 0) {
        const held = f.held;
        f.held = [];
        this.feed(name, f, held, out);
      }
      try {
        this.emitAll(f, f.parser.end(), out);
      } catch (err) {
        this.errorList.push({ file: name, line: f.lineNo, reason: (err as Error).message });
      }
      f.failed = true; // nothing more is read from it
    }
    return out;
  }

  /** The header of the trace so far (its `timeOrigin` stays fixed once given). */
  header(): TraceHeader {
    this.origin ??= 0;
    const facts: SourceFacts[] = [];
    for (const f of this.files.values()) {
      try {
        if (f.parser?.facts) facts.push(f.parser.facts());
      } catch {
        // Facts are optional; a reader that cannot tell them yet adds nothing.
      }
    }
    if (this.init.node) facts.push({ node: this.init.node });
    return buildHeader({ events: this.headerEvents, facts, origin: this.origin, ...(this.init.generator !== undefined ? { generator: this.init.generator } : {}) });
  }

  /** Every line that could not be read so far, in order of arrival. */
  errors(): readonly ImportError[] {
    return this.errorList;
  }

  private file(name: string): LiveFile {
    let f = this.files.get(name);
    if (!f) this.files.set(name, (f = { index: this.files.size, held: [], heldBytes: 0, lineNo: 0, failed: false }));
    return f;
  }

  /** Finds the file's importer from what it holds; false while it cannot tell yet. */
  private detect(name: string, f: LiveFile, format: TraceSourceName | undefined, final: boolean): boolean {
    let importer: Importer;
    try {
      if (format !== undefined) importer = importerByName(format, this.importers);
      else {
        if (f.held.length === 0) return false;
        const sample = f.held.join('\n').slice(0, DETECT_BYTES);
        importer = detectFormat(sample, name, new TextEncoder().encode(sample), this.importers);
      }
    } catch (err) {
      const unknown = err instanceof UnknownFormatError;
      if (unknown && !final && f.heldBytes < DETECT_BYTES && f.held.length < DETECT_LINES) return false;
      this.errorList.push({ file: name, line: 0, reason: unknown ? `unknown trace format; known formats: ${err.known.join(', ')}` : (err as Error).message });
      f.failed = true;
      f.held = [];
      return false;
    }
    f.importer = importer;
    const day = this.origin !== undefined ? utcDayOf(this.origin) : undefined;
    f.parser = importer.create({
      file: name,
      node: this.init.node ?? 'node-1',
      ...(day !== undefined ? { day } : {}),
      error: (line, reason) => this.errorList.push({ file: name, line, reason }),
    });
    return true;
  }

  private feed(name: string, f: LiveFile, lines: readonly string[], out: TraceEvent[]): void {
    const parser = f.parser as FormatParser;
    for (const raw of lines) {
      const no = ++f.lineNo;
      const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      try {
        this.emitAll(f, parser.line?.(text, no) ?? [], out);
      } catch (err) {
        this.errorList.push({ file: name, line: no, reason: (err as Error).message });
      }
    }
  }

  private emitAll(f: LiveFile, events: readonly RawEvent[], out: TraceEvent[]): void {
    for (const raw of events) out.push(this.emit(f, raw));
  }

  private emit(f: LiveFile, raw: RawEvent): TraceEvent {
    const T = raw.at !== undefined && Number.isFinite(raw.at) ? Math.round(raw.at) : undefined;
    if (this.origin === undefined) {
      this.origin = T ?? 0;
      this.lastT = this.origin;
    }
    if (this.seq === 0) this.lastT = Math.max(this.lastT, this.origin);
    const t = T === undefined ? this.lastT : Math.max(T, this.lastT);
    const self: Emitted = { file: f.index, seq: ++this.seq, t };
    const link = resolveLink(raw, self, (k) => this.index.firstEmitted(k));
    this.lastT = t;
    const ev: TraceEvent = { seq: self.seq, t: t - this.origin, kind: raw.kind, actor: raw.actor, op: raw.op, src: raw.src ?? (f.importer as Importer).name };
    if (raw.dur !== undefined) ev.dur = Math.max(0, Math.round(raw.dur));
    if (raw.to !== undefined) ev.to = raw.to;
    if (raw.ref !== undefined) ev.ref = raw.ref;
    if (link.cause !== undefined) ev.cause = link.cause.seq;
    if (raw.inferred) ev.inferred = true;
    const attrs = linkAttrs(
      raw.attrs,
      { rule: link.rule, inferred: link.inferred, sameAsSeq: link.sameAs?.seq },
      { tClamped: T !== undefined && t !== T, timeInferred: T === undefined },
    );
    if (attrs !== undefined) ev.attrs = attrs;
    for (const k of raw.keys ?? []) this.index.markEmitted(k, self);
    this.noteForHeader(ev);
    return ev;
  }

  private noteForHeader(ev: TraceEvent): void {
    const names = [`src:${ev.src}`, `actor:${ev.actor}`, ...(ev.to !== undefined ? [`actor:${ev.to}`] : [])];
    if (names.every((n) => this.seenNames.has(n))) return;
    for (const n of names) this.seenNames.add(n);
    this.headerEvents.push(ev);
  }
}
