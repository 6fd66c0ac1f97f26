import { TRACE_FORMAT, TRACE_VERSION, type TraceEvent, type TraceHeader } from './schema.ts';
import { validateEvent, validateHeader } from './validate.ts';

/**
 * The trace as JSON Lines: the header, then one event per line.
 * Keys are written in a fixed order so the same events always give the same bytes.
 */
const EVENT_KEY_ORDER: readonly (keyof TraceEvent)[] = [
  'seq',
  't',
  'dur',
  'kind',
  'actor',
  'to',
  'op',
  'ref',
  'cause',
  'src',
  'inferred',
  'attrs',
];

export function encodeHeader(header: TraceHeader): string {
  return JSON.stringify(header);
}

export function encodeEvent(ev: TraceEvent): string {
  const ordered: Record<string, unknown> = {};
  for (const key of EVENT_KEY_ORDER) {
    const v = ev[key];
    if (v !== undefined) ordered[key] = v;
  }
  return JSON.stringify(ordered);
}

export function encodeTrace(header: TraceHeader, events: Iterable<TraceEvent>): string {
  const lines = [encodeHeader(header)];
  for (const ev of events) lines.push(encodeEvent(ev));
  return lines.join('\n') + '\n';
}

/** A line that could not be read: where and why. Good lines around it are kept. */
export interface TraceLineError {
  line: number;
  reason: string;
}

export interface DecodedTrace {
  header: TraceHeader;
  events: TraceEvent[];
  errors: TraceLineError[];
}

/**
 * Reads a whole trace text. A bad header is fatal (it throws with line 1 and the reason); a bad
 * event line is reported in `errors` and skipped.
 */
export function decodeTrace(text: string): DecodedTrace {
  const decoder = new TraceLineDecoder();
  const lines = text.split('\n');
  for (const line of lines) decoder.push(line);
  return decoder.finish();
}

/**
 * A streaming decoder: push lines one at a time (as a file streams in) and get events out.
 * Keeps the good lines of a damaged trace.
 */
export class TraceLineDecoder {
  private header: TraceHeader | undefined;
  private lineNo = 0;
  readonly events: TraceEvent[] = [];
  readonly errors: TraceLineError[] = [];

  /** Returns the event decoded from this line, if any. Throws only for a bad header. */
  push(rawLine: string): TraceEvent | undefined {
    this.lineNo++;
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (line.trim() === '') return undefined;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      if (!this.header) throw new TraceFormatError(1, `the header is not JSON (${(err as Error).message})`);
      this.errors.push({ line: this.lineNo, reason: `not JSON: ${(err as Error).message}` });
      return undefined;
    }
    if (!this.header) {
      const problem = validateHeader(value);
      if (problem) throw new TraceFormatError(this.lineNo, problem);
      this.header = value as TraceHeader;
      return undefined;
    }
    const problem = validateEvent(value);
    if (problem) {
      this.errors.push({ line: this.lineNo, reason: problem });
      return undefined;
    }
    const ev = value as TraceEvent;
    this.events.push(ev);
    return ev;
  }

  finish(): DecodedTrace {
    if (!this.header) throw new TraceFormatError(1, `empty trace: expected a header line with "format":"${TRACE_FORMAT}"`);
    return { header: this.header, events: this.events, errors: this.errors };
  }
}

export class TraceFormatError extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`);
    this.name = 'TraceFormatError';
  }
}

export { TRACE_FORMAT, TRACE_VERSION };
