import type { TraceEvent } from '../../trace/schema.ts';
import { TourError, type AttrMatch, type EventMatcher, type Pattern, type ResolvedStep, type ResolvedTour, type Tour, type TourChoice } from './types.ts';

/** The part of a Timeline that resolving needs (events by index), so tests can pass plain arrays. */
export interface EventSource {
  readonly length: number;
  at(index: number): TraceEvent;
}

function matchPattern(p: Pattern, s: string | undefined): boolean {
  if (s === undefined) return false;
  if ('exact' in p) return s === p.exact;
  if ('prefix' in p) return s.startsWith(p.prefix);
  return p.regex.test(s);
}

/** The value at a dotted path (`request.config.metadata.name`) of an event's attrs. */
export function attrAt(attrs: unknown, path: string): unknown {
  let v: unknown = attrs;
  for (const part of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

function matchAttr(m: AttrMatch, v: unknown): boolean {
  if ('value' in m) return v === m.value;
  return typeof v === 'string' && matchPattern(m.pattern, v);
}

/** Whether one event matches every field the matcher gives (nth aside). */
export function matches(m: EventMatcher, e: TraceEvent): boolean {
  if (m.kind !== undefined && e.kind !== m.kind) return false;
  if (m.actor && !matchPattern(m.actor, e.actor)) return false;
  if (m.to && !matchPattern(m.to, e.to)) return false;
  if (m.op && !matchPattern(m.op, e.op)) return false;
  if (m.ref) {
    if (!e.ref) return false;
    if (m.ref.kind && !matchPattern(m.ref.kind, e.ref.kind)) return false;
    if (m.ref.name && !matchPattern(m.ref.name, e.ref.name)) return false;
    if (m.ref.namespace && !matchPattern(m.ref.namespace, e.ref.namespace)) return false;
  }
  if (m.attrs) for (const [path, want] of Object.entries(m.attrs)) if (!matchAttr(want, attrAt(e.attrs, path))) return false;
  return true;
}

/** The index of the matcher's nth match after index `after` (exclusive), or -1. */
export function findAfter(events: EventSource, m: EventMatcher, after: number): number {
  let left = m.nth;
  for (let i = after + 1; i < events.length; i++) {
    if (matches(m, events.at(i)) && --left === 0) return i;
  }
  return -1;
}

/** The cluster's node names as the trace shows them (Node objects), sorted. */
export function nodeNames(events: EventSource): string[] {
  const names = new Set<string>();
  for (let i = 0; i < events.length; i++) {
    const e = events.at(i);
    if (e.kind === 'object' && e.ref?.kind === 'Node') names.add(e.ref.name);
  }
  return [...names].sort();
}

/**
 * Binds every step to its trace event: step k's event is the nth event after step k-1's that
 * matches its `at`. A step whose `at` matches nothing (or a question whose answer the trace does
 * not give) is a TourError naming the tour file, the step id and the step's line.
 */
export function resolveTour(tour: Tour, events: EventSource): ResolvedTour {
  let prev = -1;
  let nodes: string[] | undefined;
  const steps = tour.steps.map((step): ResolvedStep => {
    const index = findAfter(events, step.at, prev);
    if (index < 0) {
      const after = prev < 0 ? 'in the trace' : `after seq ${events.at(prev).seq} (step before)`;
      throw new TourError(tour.file, step.at.pos, `step "${step.id}": at matches no event ${after} of scenario ${tour.scenario}`);
    }
    prev = index;
    const e = events.at(index);
    const resolved: ResolvedStep = { step, seq: e.seq, t: e.t + (e.dur ?? 0) };
    const q = step.question;
    if (q) {
      let choices: readonly TourChoice[];
      if (q.choices === 'nodes') {
        nodes ??= nodeNames(events);
        choices = nodes.map((n) => ({ id: n, label: { en: n, ja: n } }));
      } else choices = q.choices;
      let correct: string;
      if ('choice' in q.answer) correct = q.answer.choice;
      else {
        let source = e;
        if (q.answer.at) {
          const ai = findAfter(events, q.answer.at, index - 1);
          if (ai < 0) throw new TourError(tour.file, q.answer.at.pos, `step "${step.id}": question.answer.at matches no event from seq ${e.seq} on`);
          source = events.at(ai);
        }
        const v = attrAt(source.attrs, q.answer.attr);
        if (v === undefined || v === null || typeof v === 'object') {
          throw new TourError(tour.file, q.answer.pos, `step "${step.id}": question.answer.attr "${q.answer.attr}" is not a value in event seq ${source.seq}`);
        }
        correct = String(v);
        if (!choices.some((c) => c.id === correct)) {
          throw new TourError(tour.file, q.answer.pos, `step "${step.id}": the answer from the trace ("${correct}") is not one of the choices`);
        }
      }
      resolved.question = { choices, correct };
    }
    return resolved;
  });
  return { tour, steps };
}
