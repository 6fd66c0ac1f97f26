import { TraceLineDecoder, type TraceLineError } from '../trace/jsonl.ts';
import type { TraceEvent } from '../trace/schema.ts';
import { SourceDisposedError, type LoadedTrace, type TraceSource } from './types.ts';

/**
 * A recorded trace (`*.kanatomy.jsonl`) given as text: a file the user dropped, a fixture, a
 * response body. A bad header rejects `load()` with `TraceFormatError`; bad event lines are
 * reported in `errors` with their line numbers and skipped, as are events that reuse a seq
 * (two traces pasted together), so one damaged line does not cost the whole trace.
 */
export function createTraceTextSource(text: string): TraceSource {
  let disposed = false;
  let loaded: Promise<LoadedTrace> | undefined;
  return {
    kind: 'replay',
    load() {
      if (disposed) return Promise.reject(new SourceDisposedError());
      loaded ??= new Promise<LoadedTrace>((resolve) => resolve(decodeTraceText(text)));
      return loaded;
    },
    dispose() {
      disposed = true;
    },
  };
}

/** Decodes line by line, keeping each event's line number for the error report. */
export function decodeTraceText(text: string): LoadedTrace {
  const decoder = new TraceLineDecoder();
  const events: TraceEvent[] = [];
  const errors: TraceLineError[] = [];
  const lineOfSeq = new Map<number, number>();
  // An editor on Windows may save a byte-order mark, which JSON.parse rejects.
  const lines = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split('\n');
  for (let i = 0; i < lines.length; i++) {
    const ev = decoder.push(lines[i] as string);
    if (!ev) continue;
    const first = lineOfSeq.get(ev.seq);
    if (first !== undefined) {
      errors.push({ line: i + 1, reason: `duplicate seq ${ev.seq} (first on line ${first})` });
      continue;
    }
    lineOfSeq.set(ev.seq, i + 1);
    events.push(ev);
  }
  const decoded = decoder.finish();
  return { header: decoded.header, events, errors: [...decoded.errors, ...errors].sort((a, b) => a.line - b.line) };
}
