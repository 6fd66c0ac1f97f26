import type { ObjectRef, TraceEvent, TraceHeader, TraceKind, TraceSourceName } from '../trace/schema.ts';

/**
 * The contract between the replay backend's parts: format importers (one per real recording
 * format) produce `RawEvent`s from the lines of one file; the merge (`merge.ts`) aligns the
 * clocks of several files, orders everything, links causes and writes trace v1 `TraceEvent`s.
 *
 * Why two shapes: an importer sees one file and knows neither the trace origin, nor the other
 * files, nor the final `seq`s. It says what it saw in the source's own terms (absolute wall-clock
 * time on the source's clock, the keys it observed) and the merge turns that into one trace.
 */

/** Wall-clock time: integer microseconds since the Unix epoch (fits a double exactly until 2255). */
export type EpochMicros = number;

/** How fine the source's timestamps are; `none` when the source prints no time at all. */
export type TimePrecision = 's' | 'ms' | 'us' | 'ns' | 'none';

/**
 * A key that joins events of different files, as `<namespace>:<value>`. The namespaces the
 * merge understands (importers may add more, the merge joins any equal strings):
 * - `audit:<auditID>` — an audit Event's `auditID`, the apiserver span attribute `audit-id`;
 * - `span:<traceId>/<spanId>` — an OpenTelemetry / Jaeger span (ids in lowercase hex);
 * - `rv:<uid>/<resourceVersion>` — one write of one API object (audit responseObject, watch event);
 * - `obj:<uid>` — an API object by uid (Events' involvedObject, syncPod's `k8s.pod.uid`);
 * - `container:<id>` / `sandbox:<id>` — a container or pod sandbox by its full 64-hex id;
 * - `pid:<node>/<pid>` — a process on a node (strace, ctr events, runc state);
 * - `etcd:<key>@<revision>` — one etcd revision of one key.
 */
export type LinkKey = string;

/**
 * One thing an importer read, before the merge. The fields that become `TraceEvent` fields keep
 * their trace meaning (`kind`, `actor`, `to`, `op`, `ref`, `attrs`, `inferred`, DESIGN.md 3.1).
 */
export interface RawEvent {
  /** When it happened on the source's clock; absent when the source printed no time. */
  at?: EpochMicros;
  /** Duration of a span, flight time of a message. */
  dur?: number;
  kind: TraceKind;
  actor: string;
  to?: string;
  op: string;
  ref?: ObjectRef;
  /** True where the importer filled in a step the recording does not contain. */
  inferred?: boolean;
  attrs?: Record<string, unknown>;
  /** 1-based line of the file the event was read from (the first line of a multi-line value). */
  line: number;
  /** etcd revision (an API object's resourceVersion) when known: the merge's second sort key. */
  revision?: number;
  /** Keys this event establishes: later events naming them in `causes` are its effects. */
  keys?: LinkKey[];
  /**
   * Keys of the events that caused this one, most specific first. `observed` links come from
   * the recording itself (a parent span id, an audit ID); `inferred` ones from rules (a pod's
   * sandbox started after its kubelet sync). The first key that resolves becomes `cause`.
   */
  causes?: { key: LinkKey; rule: string; confidence: 'observed' | 'inferred' }[];
  /**
   * The event's `src` when it is not the importer's name: kube-anatomy's own traces keep the
   * `src` they were written with (`sim`, `audit`, …). Absent: the importer's `name`.
   */
  src?: TraceSourceName;
}

/** A line that could not be read: where and why (`kube-anatomy replay` prints `file:line: reason`). */
export interface ImportError {
  file: string;
  /** 1-based; 0 when the problem is the file as a whole (unknown format, empty, unreadable). */
  line: number;
  reason: string;
}

/** What an importer learned about the recording as a whole. */
export interface SourceFacts {
  /** The node a node-side recording was made on, when the file says (a hostname, a kubelet span). */
  node?: string;
  /** Nodes seen in the recording with their runtime (`containerd+runc`, …) when it can be told. */
  nodes?: { name: string; runtime?: string }[];
  precision?: TimePrecision;
  /** A kube-anatomy trace's header `scenario` and `seed`, carried into the merged header. */
  scenario?: string;
  seed?: number;
}

/** Given to an importer for one file. */
export interface ImportContext {
  /** The file's name as the user gave it (a path, a URL's last segment, a dropped file's name). */
  file: string;
  /**
   * The node to attribute node-side events to when the file does not say: the bundle manifest's
   * node, `--node`, or `node-1`.
   */
  node: string;
  /**
   * For sources that print a time of day without a date (`strace -tt`): the day to put it on,
   * as epoch µs of midnight UTC. The merge sets it from the bundle manifest or the other files.
   */
  day?: EpochMicros;
  /** Report a line that cannot be read; the importer goes on with the next one. */
  error(line: number, reason: string): void;
}

/**
 * The reader of one format. Text formats get the file line by line (`line`, 1-based numbers,
 * without the line break), never the whole file as one string: files may be larger than the
 * browser's largest string. Binary formats (`binary: true`, SimKube's msgpack) get the bytes.
 */
export interface FormatParser {
  /** Events read from this line (none while a multi-line value is still open). */
  line?(text: string, lineNo: number): RawEvent[];
  /** Binary formats only: the next chunk of the file. */
  bytes?(chunk: Uint8Array): void;
  /** The end of the file: events still held back (a multi-line value, a binary document). */
  end(): RawEvent[];
  /** What the importer learned about the recording; asked after `end()`. */
  facts?(): SourceFacts;
}

/** One recording format. */
export interface Importer {
  /** The `src` of its events, e.g. `audit`, `strace` (DESIGN.md 3.1; docs/trace-format.md). */
  name: TraceSourceName;
  /** What the user knows it as: `kube-apiserver audit log (audit.k8s.io/v1)`. */
  label: string;
  binary?: boolean;
  /**
   * How sure the importer is that this file is its format, from 0 (not) to 1 (certain), looking
   * at the first bytes of the file (up to 64 KiB, decoded as UTF-8; possibly cut mid-line) and
   * its name. The highest score above 0 wins.
   */
  detect(sample: string, fileName: string, head: Uint8Array): number;
  create(ctx: ImportContext): FormatParser;
}

/** One input file: a name and a way to read its bytes from the start, in chunks. */
export interface ImportInput {
  name: string;
  /** Size in bytes when known (progress). */
  size?: number;
  /** A fresh stream of the file's bytes each call. */
  open(): AsyncIterable<Uint8Array>;
  /** Force a format instead of detecting it (`--format file=strace`). */
  format?: TraceSourceName;
  /** Clock correction for this file's timestamps, added to them (µs): `--clock-offset`. */
  clockOffset?: number;
  /** The node of a node-side file, when known (bundle manifest, `--node`). */
  node?: string;
  /**
   * The day (epoch µs of midnight UTC) for time-of-day-only sources (`strace -tt`), from the
   * bundle manifest. Absent: the day of the earliest event of the files read before this one.
   */
  day?: EpochMicros;
}

/** Progress while importing, for the progress bar (counts, not percentages: they stream). */
export interface ImportProgress {
  file: string;
  fileIndex: number;
  files: number;
  bytesRead: number;
  /** Sum of the sizes of all inputs, when every size is known. */
  bytesTotal?: number;
  lines: number;
  events: number;
  errors: number;
  phase: 'reading' | 'merging' | 'done';
}

export interface ImportOptions {
  /** Stop reading: the import rejects with an `ImportCancelledError`. */
  signal?: AbortSignal;
  onProgress?(p: ImportProgress): void;
  /** Default node for node-side files that name none (default `node-1`). */
  node?: string;
  /** The program written in the header's `generator` (default `kube-anatomy <version>`). */
  generator?: string;
}

/** One file as the merge saw it. */
export interface ImportedSource {
  file: string;
  format: TraceSourceName;
  label: string;
  events: number;
  errors: number;
  precision: TimePrecision;
  /** The clock correction applied (µs), given or estimated, and how it was found. */
  clockOffset: number;
  clock: 'given' | 'estimated' | 'none';
  node?: string;
}

/** The result: one normalized trace, every bad line, and what each file contributed. */
export interface ImportResult {
  header: TraceHeader;
  /** In `(t, seq)` order with `seq` from 1; `cause` always an earlier `seq`. */
  events: TraceEvent[];
  errors: ImportError[];
  sources: ImportedSource[];
}

/** The import was cancelled through its `AbortSignal`. */
export class ImportCancelledError extends Error {
  constructor() {
    super('the import was cancelled');
    this.name = 'ImportCancelledError';
  }
}

/** A file that is none of the known formats; names the formats that are known. */
export class UnknownFormatError extends Error {
  constructor(
    readonly file: string,
    readonly known: string[],
  ) {
    super(`${file}: unknown trace format; known formats: ${known.join(', ')}`);
    this.name = 'UnknownFormatError';
  }
}
