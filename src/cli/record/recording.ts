import type { BundleManifest, RecordSink } from './sink.ts';

/**
 * What the captures of one recording share: the sink, the list of files for the manifest (with
 * their line counts) and of what was skipped, and where messages go. Each capture opens its
 * file only when it has a first line (or when it stops cleanly), so a source that could not be
 * read leaves no empty file behind, only a `skipped` entry.
 */
export class Recording {
  readonly files: BundleManifest['files'] = [];
  readonly skipped: NonNullable<BundleManifest['skipped']> = [];
  /** Files put in the bundle that are not recordings (the runc wrapper): the manifest's `extras`. */
  readonly extras: NonNullable<BundleManifest['extras']> = [];
  private readonly opened = new Map<string, BundleManifest['files'][number]>();

  constructor(
    readonly sink: RecordSink,
    /** A message for the user (stderr). */
    readonly log: (text: string) => void,
    readonly node: string | undefined,
  ) {}

  /** Opens `file` in the bundle (once) with its format and description. */
  open(file: string, format: string, description: string, node?: string): void {
    if (this.opened.has(file)) return;
    this.sink.open(file, format, description);
    const entry: BundleManifest['files'][number] = { path: file, format, description, lines: 0 };
    if (node !== undefined) entry.node = node;
    this.opened.set(file, entry);
    this.files.push(entry);
  }

  /** A file already in the bundle folder, written by someone else (strace via the runc wrapper). */
  adopt(file: string, format: string, description: string, lines: number, node?: string): void {
    const entry: BundleManifest['files'][number] = { path: file, format, description, lines };
    if (node !== undefined) entry.node = node;
    this.files.push(entry);
  }

  /** A file of the bundle that is not a recording: listed so replay skips it without a word. */
  extra(file: string, description: string): void {
    this.extras.push({ path: file, description });
  }

  async write(file: string, lines: string[]): Promise<void> {
    const entry = this.opened.get(file);
    if (entry === undefined) throw new Error(`${file} was not opened`);
    entry.lines += lines.length;
    await this.sink.write(file, lines);
  }

  /** A source that could not be captured (or stopped early): in the manifest and on stderr. */
  skip(source: string, reason: string): void {
    this.skipped.push({ source, reason });
    this.log(`kube-anatomy record: skipped ${source}: ${reason}\n`);
  }
}

/** One capture (a kubectl watch, `ctr events`, the OTLP receiver…). */
export interface Capture {
  /** What it captures, as said in messages and in `skipped` (`kubectl get pods --watch`). */
  readonly source: string;
  /** Starts capturing; resolves once running (or skipped: then it records why). */
  start(rec: Recording): Promise<void>;
  /** Stops, flushes what it holds; resolves when its file has every line. */
  stop(): Promise<void>;
}
