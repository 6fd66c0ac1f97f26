/**
 * The tour model (examples/tours/<name>.tour.yaml, format in notes/common.md "Tours"): a tour is a
 * scenario plus narrated steps, each bound to one trace event by a matcher. Pure data; parse.ts
 * builds it from YAML, resolve.ts binds it to a Timeline.
 */

/** A text in both languages. */
export interface Bilingual {
  en: string;
  ja: string;
}

/** Where a value came from in the tour file, for error messages (`file:line:col`). */
export interface SourcePos {
  line: number;
  col: number;
}

/**
 * A string pattern: an exact string, or `/regex/` (written with slashes in the YAML). `actor`
 * also accepts a prefix ending in '/' (`kubelet/` matches `kubelet/node-1`).
 */
export type Pattern = { exact: string } | { regex: RegExp } | { prefix: string };

/** A value to compare an attribute with: exact for numbers and booleans, a Pattern for strings. */
export type AttrMatch = { pattern: Pattern } | { value: number | boolean | null };

/** Which trace event a step (or an answer) points at: the nth event after the previous one matching every field. */
export interface EventMatcher {
  kind?: string;
  actor?: Pattern;
  to?: Pattern;
  op?: Pattern;
  ref?: { kind?: Pattern; name?: Pattern; namespace?: Pattern };
  /** Attribute values by dotted path (`request.config.metadata.name`). */
  attrs?: Readonly<Record<string, AttrMatch>>;
  /** The nth match (1-based, default 1). */
  nth: number;
  pos: SourcePos;
}

/** The views a step brings forward (the shell decides how). */
export const TOUR_VIEWS = ['topology', 'swimlane', 'events', 'console', 'statechart', 'etcd', 'scheduler', 'node'] as const;
export type TourView = (typeof TOUR_VIEWS)[number];

export interface TourChoice {
  id: string;
  label: Bilingual;
}

/**
 * Where the correct answer comes from: an attribute (dotted path) of the step's event, or of a
 * later event (`at`, searched after the step's event: the step can stop before the decision it
 * asks about), or a fixed choice id.
 */
export type TourAnswer = { attr: string; at?: EventMatcher; pos: SourcePos } | { choice: string; pos: SourcePos };

/** A predict-then-reveal question. */
export interface TourQuestion {
  prompt: Bilingual;
  /** `nodes`: the cluster's node names (from the trace); otherwise the given choices. */
  choices: 'nodes' | readonly TourChoice[];
  answer: TourAnswer;
  explain: Bilingual;
}

export interface TourStep {
  id: string;
  title: Bilingual;
  /** Narration: plain text with `[text](glossary:id)` links, `` `code` `` and blank-line paragraphs. */
  text: Bilingual;
  at: EventMatcher;
  views: readonly TourView[];
  question?: TourQuestion;
  pos: SourcePos;
}

/** A parsed tour (examples/tours/<name>.tour.yaml). */
export interface Tour {
  /** The tour's name (= file name without `.tour.yaml`). */
  name: string;
  /** The path it was read from, as errors name it (`examples/tours/<name>.tour.yaml`). */
  file: string;
  /** The scenario it plays: examples/<scenario>.scenario.yaml. */
  scenario: string;
  title: Bilingual;
  summary: Bilingual;
  steps: readonly TourStep[];
}

/** A step bound to the trace. */
export interface ResolvedStep {
  step: TourStep;
  /** The seq of the step's event. */
  seq: number;
  /** Where the playhead goes: the event's `t + (dur ?? 0)`. */
  t: number;
  /** The question's choices and correct answer, computed from the trace. */
  question?: { choices: readonly TourChoice[]; correct: string };
}

/** A tour bound to one trace. */
export interface ResolvedTour {
  tour: Tour;
  steps: readonly ResolvedStep[];
}

/** A tour file that does not parse or does not fit its trace; the message starts `file:line:col: `. */
export class TourError extends Error {
  constructor(
    readonly file: string,
    readonly pos: SourcePos,
    readonly reason: string,
  ) {
    super(`${file}:${pos.line}:${pos.col}: ${reason}`);
    this.name = 'TourError';
  }
}
