import type { BundleManifest } from '../../replay/bundle/manifest.ts';

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

/**
 * `manifest.json` at the root of a bundle: one shape, defined where the reader is
 * (src/replay/bundle/manifest.ts, so the browser reads bundles too; replay may not import cli).
 */
export type { BundleManifest } from '../../replay/bundle/manifest.ts';
