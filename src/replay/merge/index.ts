import type { TraceEvent, TraceHeader } from '../../trace/schema.ts';
import { alignClocks } from '../clock/align.ts';
import type { ImportedSource, TimePrecision } from '../types.ts';
import { buildHeader } from './header.ts';
import { placeEvents } from './place.ts';
import type { MergeNode, MergeOptions, MergeSource } from './types.ts';

export type { MergeNode, MergeOptions, MergeSource } from './types.ts';

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

  const nodes: MergeNode[] = [];
  sources.forEach((s, file) => {
    const offset = clocks[file]!.offset;
    s.events.forEach((raw, index) => {
      const T = raw.at === undefined || !Number.isFinite(raw.at) ? undefined : Math.round(raw.at + offset);
      nodes.push({ raw, file, index, T, order: -1, state: 'new', waiting: 0, waiters: undefined, seq: 0, t: 0 });
    });
  });
  // Placed with absolute times; t = 0 is then the earliest event after clamping. A trace whose
  // sources have no time at all starts at the Unix epoch: there is nothing better to say.
  const events = placeEvents(nodes, (file) => sources[file]!.format, 0);
  const origin = events[0]?.t ?? 0;
  for (const e of events) e.t -= origin;
  const header = buildHeader({ events, facts: sources.map((s) => s.facts), origin, ...(options.generator !== undefined ? { generator: options.generator } : {}) });
  const imported: ImportedSource[] = sources.map((s, i) => ({
    file: s.file,
    format: s.format,
    label: s.label,
    events: s.events.length,
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
