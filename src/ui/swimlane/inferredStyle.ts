import type { TraceEvent } from '../../trace/schema.ts';
import { provenanceOf, timeAdjusted } from '../replay/provenance.ts';

/**
 * How the swimlane draws what a replay importer filled in (issue 5, item 4): an inferred step
 * dashed (arrows and outlines) with hatched or hollow fill, so it reads as "not in the
 * recording" without colour; an event whose time was placed or moved by the merge gets a small
 * clock marker above it. Recorded events and the simulator's are drawn as before.
 */
export interface MarkStyle {
  /** Canvas line dash for the arrow or outline, scaled by the line width; empty for solid. */
  dash: number[];
  /** Spans: diagonal hatching instead of a flat fill. */
  hatch: boolean;
  /** Glyphs: outline only. */
  hollow: boolean;
  /** The time-adjusted marker. */
  clock: boolean;
}

const SOLID: MarkStyle = { dash: [], hatch: false, hollow: false, clock: false };

export function markStyle(e: TraceEvent, lineWidth: number): MarkStyle {
  if (e.inferred !== true && !e.attrs) return SOLID;
  const p = provenanceOf(e);
  const clock = timeAdjusted(p);
  if (!p.inferred) return clock ? { ...SOLID, clock } : SOLID;
  const u = Math.max(1, lineWidth);
  return { dash: [4 * u, 3 * u], hatch: e.kind === 'span', hollow: e.kind !== 'span' && e.kind !== 'message', clock };
}
