import type { TraceEvent } from '../../trace/schema.ts';

/**
 * What a replay importer filled in for one event (issue 5, item 4), read from the fields the
 * replay core sets: `inferred` (a step the recording does not hold), `attrs.timeInferred` (no
 * time in the recording: the merge placed it), `attrs.tClamped` (moved so its cause comes
 * first), `attrs.causeInferred` + `attrs.causeRule` (the cause link was inferred by that rule).
 * Pure, so the swimlane, the topology and the inspector read it the same way.
 */
export interface Provenance {
  /** The importer (`src`), e.g. `audit`, `ctr-events`; `sim` for the simulator. */
  src: string;
  /** The step itself was filled in by the importer. */
  inferred: boolean;
  timeInferred: boolean;
  tClamped: boolean;
  /** The rule that inferred the cause link, when the link was inferred. */
  causeRule?: string;
}

export function provenanceOf(e: TraceEvent): Provenance {
  const a = e.attrs;
  const p: Provenance = {
    src: e.src,
    inferred: e.inferred === true,
    timeInferred: a?.['timeInferred'] === true,
    tClamped: a?.['tClamped'] === true,
  };
  // The core writes causeInferred with causeRule; an older trace may carry the rule alone.
  const rule = a?.['causeRule'];
  if ((a?.['causeInferred'] === true || rule !== undefined) && typeof rule === 'string' && rule !== '') p.causeRule = rule;
  return p;
}

/** Anything about this event that the recording did not say outright (what the views mark). */
export function hasInference(p: Provenance): boolean {
  return p.inferred || p.timeInferred || p.tClamped || p.causeRule !== undefined;
}

/** Its time was not read from the recording as is (the swimlane's clock marker). */
export const timeAdjusted = (p: Provenance): boolean => p.timeInferred || p.tClamped;

/**
 * How many events of a trace are inferred steps and how many have an adjusted time: the legends
 * show only what is on screen. `from` lets a growing (live) trace count only what is new.
 */
export interface InferenceCounts {
  /** Events counted so far (the next index to read). */
  scanned: number;
  inferred: number;
  timeAdjusted: number;
}

export const NO_INFERENCE: InferenceCounts = { scanned: 0, inferred: 0, timeAdjusted: 0 };

export function countInference(source: { length: number; at(i: number): TraceEvent }, from: InferenceCounts = NO_INFERENCE): InferenceCounts {
  if (source.length < from.scanned) from = NO_INFERENCE; // another (shorter) trace: start over
  let { inferred, timeAdjusted: adjusted } = from;
  for (let i = from.scanned; i < source.length; i++) {
    const e = source.at(i);
    if (e.inferred === true) inferred++;
    const a = e.attrs;
    if (a && (a['timeInferred'] === true || a['tClamped'] === true)) adjusted++;
  }
  return { scanned: source.length, inferred, timeAdjusted: adjusted };
}
