import type { TraceEvent, TraceHeader, TraceSourceName } from '../trace/schema.ts';
import type { ImportError, ImportInput, ImportOptions, ImportResult } from '../replay/types.ts';

/**
 * What the server needs from the replay core (src/replay), as a seam: the tests inject small
 * fakes, `kube-anatomy serve` the real core (default-port.ts).
 */
export interface ReplayPort {
  /** Merges the files of a bundle into one trace (src/replay/index.ts `importFiles`). */
  importFiles(inputs: ImportInput[], options: ImportOptions): Promise<ImportResult>;
  /** A fresh live import for one live trace (src/replay/live-import.ts `LiveImport`). */
  createLiveImport(init: LiveImportInit): LiveImportPort;
}

export interface LiveImportInit {
  /** The live trace's name (`/live/<name>/record`). */
  name: string;
  /** From the recorder's hello. */
  node?: string;
  startedAt: string;
  generator: string;
}

/** The live import of one live trace: lines in, trace events out with continuing `seq` and non-decreasing `t`. */
export interface LiveImportPort {
  push(file: string, lines: string[], format?: TraceSourceName): TraceEvent[];
  /** The recording ended: events the readers still held back (a multi-line value). */
  end(): TraceEvent[];
  header(): TraceHeader;
  /** Every line that could not be read so far, in order. */
  errors(): readonly ImportError[];
}
