import type { RawEvent, TimePrecision } from '../types.ts';

/** What the clock alignment needs of one file. */
export interface ClockSource {
  events: readonly RawEvent[];
  precision: TimePrecision;
  /** Given correction (µs); such a file is an anchor and is never moved. */
  clockOffset?: number;
}

export interface ClockResult {
  offset: number;
  clock: 'given' | 'estimated' | 'none';
}

const PRECISION_RANK: Record<TimePrecision, number> = { ns: 4, us: 3, ms: 2, s: 1, none: 0 };

/**
 * One clock correction per file (µs, added to its times).
 *
 * A given offset (`--clock-offset`, the bundle manifest's measured skew) is used as is. The
 * others are estimated from observed cross-file links (a parent span in another file, an audit
 * ID, …): an effect must not precede its cause, so each link says `offset(effect file) −
 * offset(cause file) ≥ t(cause) − t(effect)`, and links the other way bound it from above.
 *
 * The files are aligned one at a time onto the files already aligned: anchors are the files with
 * given offsets, else the most precise file (its clock is the reference); the next file is the
 * lowest-numbered one with links to aligned files, and it gets the smallest shift that satisfies
 * those links (0 when they already hold). Starting from the most precise file means the shift
 * lands on the less precise source of each link, as its timestamps are the less trustworthy.
 * When the links contradict each other (no shift satisfies all), the lower bound wins: effects
 * after causes; the merge clamps what is still out of order. A group of files with no links to
 * the rest gets its own anchor.
 */
export function alignClocks(sources: readonly ClockSource[]): ClockResult[] {
  const n = sources.length;
  const result: ClockResult[] = sources.map((s) => (s.clockOffset !== undefined ? { offset: s.clockOffset, clock: 'given' } : { offset: 0, clock: 'none' }));
  const timed = sources.map((s) => s.events.some((e) => e.at !== undefined));
  const bounds = crossFileBounds(sources);
  const fixed = sources.map((s) => s.clockOffset !== undefined);
  const remaining = (): number[] => [...Array(n).keys()].filter((i) => !fixed[i] && timed[i]);

  for (let todo = remaining(); todo.length > 0; todo = remaining()) {
    const next = todo.find((i) => bounds.some((b) => (b.cause === i && fixed[b.effect]) || (b.effect === i && fixed[b.cause])));
    if (next === undefined) {
      // A new group: anchor its most precise file (the first of equal precision) at 0.
      const anchor = todo.reduce((best, i) => (PRECISION_RANK[sources[i]!.precision] > PRECISION_RANK[sources[best]!.precision] ? i : best), todo[0]!);
      fixed[anchor] = true;
      continue;
    }
    let lo = -Infinity;
    let hi = Infinity;
    for (const b of bounds) {
      // offset(effect) − offset(cause) ≥ need
      if (b.effect === next && fixed[b.cause]) lo = Math.max(lo, result[b.cause]!.offset + b.need);
      if (b.cause === next && fixed[b.effect]) hi = Math.min(hi, result[b.effect]!.offset - b.need);
    }
    const offset = lo > hi ? lo : lo > 0 ? lo : hi < 0 ? hi : 0;
    result[next] = { offset, clock: 'estimated' };
    fixed[next] = true;
  }
  return result;
}

/** For each pair of files joined by observed links: `offset(effect) − offset(cause) ≥ need`, the tightest `need`. */
interface Bound {
  cause: number;
  effect: number;
  need: number;
}

function crossFileBounds(sources: readonly ClockSource[]): Bound[] {
  if (sources.length < 2) return [];
  // Only keys some timed event names as an observed cause can bound a clock: index just those.
  const wanted = new Set<string>();
  for (const s of sources) for (const e of s.events) if (e.at !== undefined && e.causes) for (const c of e.causes) if (c.confidence === 'observed') wanted.add(c.key);
  if (wanted.size === 0) return [];
  // The first timed event of each file establishing each wanted key (a cause is its first holder).
  const holders = new Map<string, Map<number, number>>();
  for (let file = 0; file < sources.length; file++) {
    for (const e of sources[file]!.events) {
      if (e.at === undefined || !e.keys) continue;
      for (const key of e.keys) {
        if (!wanted.has(key)) continue;
        let byFile = holders.get(key);
        if (!byFile) holders.set(key, (byFile = new Map()));
        if (!byFile.has(file)) byFile.set(file, e.at);
      }
    }
  }
  const tightest = new Map<string, Bound>();
  for (let file = 0; file < sources.length; file++) {
    for (const e of sources[file]!.events) {
      if (e.at === undefined || !e.causes) continue;
      // The link the merge will use: the first observed key with a holder in another file.
      for (const c of e.causes) {
        if (c.confidence !== 'observed') continue;
        const byFile = holders.get(c.key);
        if (!byFile || (byFile.size === 1 && byFile.has(file))) continue;
        if (byFile.has(file)) break; // resolved inside the file: says nothing about clocks
        for (const [causeFile, at] of byFile) {
          const id = `${causeFile}>${file}`;
          const need = at - e.at;
          const prev = tightest.get(id);
          if (!prev || need > prev.need) tightest.set(id, { cause: causeFile, effect: file, need });
        }
        break;
      }
    }
  }
  return [...tightest.values()].sort((a, b) => a.cause - b.cause || a.effect - b.effect);
}
