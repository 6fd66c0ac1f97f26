import type { TraceEvent, TraceHeader } from '../../trace/schema.ts';
import { alignClocks } from '../clock/align.ts';
import type { ImportedSource, RawEvent, TimePrecision } from '../types.ts';
import { buildHeader } from './header.ts';
import { placeEvents } from './place.ts';
import type { MergeOptions, MergeSource, MergeTable } from './types.ts';

export type { MergeOptions, MergeSource } from './types.ts';

export interface MergeResult {
  header: TraceHeader;
  events: TraceEvent[];
  sources: ImportedSource[];
}

/**
 * Several files' `RawEvent`s → one trace: clock alignment per file (clock/align.ts), one order
 * with causes before effects (merge/place.ts), the header (merge/header.ts). Pure and
 * deterministic: the same inputs in the same order give the same events.
 */
export function mergeSources(sources: readonly MergeSource[], options: MergeOptions = {}): MergeResult {
  const precisions = sources.map((s) => precisionOf(s));
  const clocks = alignClocks(sources.map((s, i) => ({ events: s.events, precision: precisions[i]!, ...(s.clockOffset !== undefined ? { clockOffset: s.clockOffset } : {}) })));

  let rows = 0;
  for (const s of sources) rows += s.events.length;
  const table: MergeTable = { raws: [] as RawEvent[], release: options.release === true, file: new Int32Array(rows), T: new Float64Array(rows) };
  let row = 0;
  sources.forEach((s, file) => {
    const offset = clocks[file]!.offset;
    for (const raw of s.events) {
      table.raws.push(raw);
      table.file[row] = file;
      table.T[row] = raw.at === undefined || !Number.isFinite(raw.at) ? NaN : Math.round(raw.at + offset);
      row++;
    }
  });
  const counts = sources.map((s) => s.events.length);
  if (table.release) for (const s of sources) s.events.length = 0;
  // Placed with absolute times; t = 0 is then the earliest event after clamping. A trace whose
  // sources have no time at all starts at the Unix epoch: there is nothing better to say.
  const events = placeEvents(table, (file) => sources[file]!.format, 0);
  const origin = events[0]?.t ?? 0;
  for (const e of events) e.t -= origin;
  const header = buildHeader({ events, facts: sources.map((s) => s.facts), origin, ...(options.generator !== undefined ? { generator: options.generator } : {}) });
  const imported: ImportedSource[] = sources.map((s, i) => ({
    file: s.file,
    format: s.format,
    label: s.label,
    events: counts[i]!,
    errors: s.errors,
    precision: precisions[i]!,
    clockOffset: clocks[i]!.offset,
    clock: clocks[i]!.clock,
    ...(s.node ?? s.facts.node ? { node: (s.facts.node ?? s.node) as string } : {}),
  }));
  return { header, events, sources: imported };
}

function precisionOf(s: MergeSource): TimePrecision {
  if (s.facts.precision) return s.facts.precision;
  return s.events.some((e) => e.at !== undefined) ? 'us' : 'none';
}
