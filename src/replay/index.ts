import { earliestDay, readInputFile } from './import-file.ts';
import { mergeSources } from './merge/index.ts';
import type { MergeSource } from './merge/types.ts';
import { IMPORTERS } from './registry.ts';
import { ImportCancelledError, type EpochMicros, type ImportError, type ImportInput, type ImportOptions, type ImportProgress, type ImportResult, type Importer } from './types.ts';

/**
 * The replay backend's entry point (README.md): files of real recordings in, one trace out.
 * Browser-safe (it runs in the import Web Worker); `kube-anatomy replay` and the server use it too.
 */
export { IMPORTERS, knownFormats, importerByName } from './registry.ts';
export { detectFormat, decodeSample, DETECT_BYTES } from './detect.ts';
export { mergeSources, type MergeResult } from './merge/index.ts';
export type { MergeSource, MergeOptions } from './merge/types.ts';
export { readLineBatches, readLines, LineSplitter, type TextLine, type LineBatch, type ReadLinesOptions } from './read-lines.ts';
export { JsonValueSplitter, type JsonValueItem } from './json-values.ts';
export { parseRfc3339Micros, formatRfc3339Micros, utcDayOf } from './clock/rfc3339.ts';
export { etcdRevisionKey, resourceVersionKey, SAME_THING_NAMESPACES } from './links/keys.ts';
export { LiveImport, type LiveImportInit } from './live-import.ts';
export { KANATOMY_IMPORTER } from './importers/kanatomy.ts';
export * from './types.ts';

/** Progress is reported at most every this many bytes or lines (and at every phase change). */
const PROGRESS_BYTES = 64 * 1024;
const PROGRESS_LINES = 1000;

/**
 * Imports files into one trace. Each file: its format detected on its first 64 KiB (or
 * `input.format`), then read as a stream line by line (or bytes), every unreadable line an
 * `ImportError` (file, line, reason) while the good ones are kept; a file that is empty or of no
 * known format is one error at line 0 and the other files are still imported. Then the merge
 * (merge/index.ts). Rejects with `ImportCancelledError` when `options.signal` aborts.
 */
export async function importFiles(inputs: ImportInput[], options: ImportOptions = {}, importers: readonly Importer[] = IMPORTERS): Promise<ImportResult> {
  const errors: ImportError[] = [];
  const sources: MergeSource[] = [];
  const bytesTotal = inputs.every((i) => i.size !== undefined) ? inputs.reduce((n, i) => n + (i.size as number), 0) : undefined;
  const totals = { bytes: 0, lines: 0, events: 0 };
  let last = { bytes: -Infinity, lines: -Infinity };
  const report = (p: Omit<ImportProgress, 'files' | 'errors' | 'bytesTotal'>, force: boolean) => {
    if (!options.onProgress) return;
    if (!force && p.bytesRead - last.bytes < PROGRESS_BYTES && p.lines - last.lines < PROGRESS_LINES) return;
    last = { bytes: p.bytesRead, lines: p.lines };
    options.onProgress({ ...p, files: inputs.length, errors: errors.length, ...(bytesTotal !== undefined ? { bytesTotal } : {}) });
  };
  let day: EpochMicros | undefined;

  for (const [fileIndex, input] of inputs.entries()) {
    if (options.signal?.aborted) throw new ImportCancelledError();
    const base = { ...totals };
    const at = (bytes: number, lines: number, events: number) => ({
      file: input.name,
      fileIndex,
      bytesRead: base.bytes + bytes,
      lines: base.lines + lines,
      events: base.events + events,
      phase: 'reading' as const,
    });
    report(at(0, 0, 0), true);
    const source = await readInputFile(input, {
      importers,
      defaultNode: options.node ?? 'node-1',
      day,
      signal: options.signal,
      errors,
      onChunk: (bytes, lines, events) => {
        totals.bytes = base.bytes + bytes;
        totals.lines = base.lines + lines;
        totals.events = base.events + events;
        report(at(bytes, lines, events), false);
      },
    });
    if (!source) continue;
    totals.events = base.events + source.events.length;
    sources.push(source);
    day ??= earliestDay(source.events);
  }

  if (options.signal?.aborted) throw new ImportCancelledError();
  const lastFile = { file: inputs[inputs.length - 1]?.name ?? '', fileIndex: Math.max(0, inputs.length - 1), bytesRead: totals.bytes, lines: totals.lines, events: totals.events };
  report({ ...lastFile, phase: 'merging' }, true);
  // The sources are this import's own: the merge may let their raw events go as it places them.
  const merged = mergeSources(sources, { release: true, ...(options.generator !== undefined ? { generator: options.generator } : {}) });
  report({ ...lastFile, events: merged.events.length, phase: 'done' }, true);
  return { header: merged.header, events: merged.events, errors, sources: merged.sources };
}
