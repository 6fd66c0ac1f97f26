/**
 * Where `kube-anatomy record` puts what it captures: a bundle folder (or `.tar.gz`), and/or a
 * live replay server (`--live ws://…`). Every capture (a kubectl watch, `ctr events`, …) writes
 * its lines to one file of the bundle through a sink; the sink stamps nothing itself (captures
 * add receive times where their tool prints none).
 */
export interface RecordSink {
  /** A new captured file: its path in the bundle and the trace format it holds (`watch`, `ctr-events`, …). */
  open(file: string, format: string, description: string): void;
  /** Lines of that file, in order, without line breaks. Resolves when the sink can take more (backpressure). */
  write(file: string, lines: string[]): Promise<void>;
  /** The recording ended: flush, write the manifest, close. */
  close(manifest: BundleManifest): Promise<void>;
}

/** `manifest.json` at the root of a bundle. */
export interface BundleManifest {
  format: 'kube-anatomy-bundle';
  version: 1;
  generator: string;
  startedAt: string;
  endedAt: string;
  /** The node the node-side files were recorded on. */
  node?: string;
  /** Whether secrets and tokens were redacted (the default; `--no-redact` turns it off). */
  redacted: boolean;
  files: { path: string; format: string; description: string; node?: string; clockOffsetMicros?: number; lines: number }[];
  /** Clock facts taken at start and end (host time vs node time), when several clocks are involved. */
  clocks?: { id: string; offsetMicros: number; method: 'same-host' | 'measured' | 'estimated' }[];
  /** What could not be captured and why (no permission to read the audit log, `ctr` not found, …). */
  skipped?: { source: string; reason: string }[];
  /** Files of the bundle that are not recordings (the `--strace-runc` wrapper script): replay skips them. */
  extras?: { path: string; description: string }[];
}
