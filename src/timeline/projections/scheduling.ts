import type { Micros } from '../../base/time.ts';
import type { TraceEvent } from '../../trace/schema.ts';
import { objectKey } from '../keys.ts';
import type { Projection } from '../projection.ts';
import { append, emptyList, type SharedList } from './kube-log.ts';

/**
 * What kube-scheduler recorded about Pods, oldest first: the spans of its scheduling cycle
 * (`Filter`, `Score`, `Reserve`, `Permit`) and binding cycle (`Bind`), and its
 * `FailedScheduling` / `Scheduled` Events. One list shared between versions (kube-log.ts), so
 * checkpoints do not copy it; `schedulingAttempts` groups one Pod's part of it.
 */
export type SchedulingLog = SharedList<TraceEvent>;

const SCHEDULER_SPANS = new Set(['Filter', 'Score', 'Reserve', 'Permit', 'Bind']);
const SCHEDULER_REASONS = new Set(['FailedScheduling', 'Scheduled']);

/** Collects the scheduler's per-Pod spans and Events. Immutable state: `snapshot` is the identity. */
export const schedulingProjection: Projection<SchedulingLog> = {
  init: () => emptyList(),
  apply(s, e) {
    return isSchedulingEvent(e) ? append(s, e) : s;
  },
  snapshot: (s) => s,
};

function isSchedulingEvent(e: TraceEvent): boolean {
  if (e.ref?.kind !== 'Pod') return false;
  if (e.kind === 'span') return SCHEDULER_SPANS.has(e.op) && isSchedulerActor(e.actor);
  if (e.kind === 'event') return SCHEDULER_REASONS.has(reasonOf(e));
  return false;
}

function isSchedulerActor(actor: string): boolean {
  return actor === 'scheduler' || actor === 'kube-scheduler' || actor.startsWith('scheduler/') || actor.startsWith('kube-scheduler/');
}

function reasonOf(e: TraceEvent): string {
  return typeof e.attrs?.reason === 'string' ? e.attrs.reason : e.op;
}

/** framework.Code as the plugins return it (pkg/scheduler/framework/interface.go). */
export type FilterCode = 'Success' | 'Unschedulable' | 'UnschedulableAndUnresolvable' | 'Skip' | 'Error' | (string & {});

/** One Filter plugin's verdict on one node. */
export interface FilterVerdict {
  readonly plugin: string;
  readonly node: string;
  readonly code: FilterCode;
  readonly reasons: readonly string[];
}

/** One Score plugin's score for one node: `raw` from Score, `score` after NormalizeScore (0–100). */
export interface ScoreEntry {
  readonly plugin: string;
  readonly node: string;
  readonly raw?: number;
  readonly score: number;
  readonly weight?: number;
}

/**
 * Where an attempt stands at the playhead: in the scheduling cycle (`filtering`, `scoring`,
 * `reserved`, `permitted`), binding (`binding`), or done (`scheduled`, `unschedulable`).
 */
export type AttemptPhase = 'filtering' | 'scoring' | 'reserved' | 'permitted' | 'binding' | 'scheduled' | 'unschedulable';

/** One scheduling cycle of one Pod (schedule_one.go scheduleOne), and its binding cycle. */
export interface SchedulingAttempt {
  /** 1 for the Pod's first attempt. */
  readonly number: number;
  /** The attempt's first event (the Filter span) and its time. */
  readonly seq: number;
  readonly t: Micros;
  readonly phase: AttemptPhase;
  /** Nodes Filter looked at, and how many passed (schedule_one.go EvaluatedNodes, FeasibleNodes). */
  readonly evaluatedNodes?: number;
  readonly feasibleNodes?: number;
  /**
   * True when every (plugin, node) Filter and Score result is in the trace. Large clusters
   * record only the rejections and the best totals.
   */
  readonly detailed: boolean;
  /** Every recorded Filter verdict, in evaluation order (in summary mode, only rejections). */
  readonly filters: readonly FilterVerdict[];
  readonly scores: readonly ScoreEntry[];
  /** Weighted sums per feasible node, as the Score span reports them. */
  readonly totals: readonly { readonly node: string; readonly score: number }[];
  /** The node selectHost picked (the Score span's `selected`). */
  readonly selected?: string;
  /** The node of the Bind span (DefaultBinder). */
  readonly boundTo?: string;
  /** The `FailedScheduling` or `Scheduled` Event's message. */
  readonly message?: string;
  /** The seq of that Event. */
  readonly eventSeq?: number;
}

/** An attempt while its events are read; handed out as a SchedulingAttempt. */
type MutableAttempt = { -readonly [K in keyof SchedulingAttempt]: SchedulingAttempt[K] } & {
  filters: FilterVerdict[];
  scores: ScoreEntry[];
};

/**
 * The scheduling attempts of one Pod (by `objectKey`) in the log, oldest first. Pure: the same
 * log and key give equal results; the index it keeps per log only saves rescanning.
 */
export function schedulingAttempts(log: SchedulingLog, podKey: string): SchedulingAttempt[] {
  const attempts: MutableAttempt[] = [];
  const scan = (e: TraceEvent) => {
    const last = attempts[attempts.length - 1];
    if (e.kind === 'event') {
      if (!last) return;
      last.message = typeof e.attrs?.message === 'string' ? e.attrs.message : undefined;
      last.eventSeq = e.seq;
      last.phase = reasonOf(e) === 'Scheduled' ? 'scheduled' : 'unschedulable';
      return;
    }
    const a = e.attrs ?? {};
    const plugin = typeof a.plugin === 'string' ? a.plugin : undefined;
    if (e.op === 'Filter' && plugin === undefined) {
      attempts.push(newAttempt(e, attempts.length + 1));
      return;
    }
    if (!last) return;
    switch (e.op) {
      case 'Filter':
        last.filters.push(verdict(a));
        break;
      case 'Score':
        if (plugin === undefined) {
          last.phase = 'scoring';
          last.totals = totalsOf(a.totals);
          if (typeof a.selected === 'string') last.selected = a.selected;
        } else {
          last.scores.push(scoreOf(a));
        }
        break;
      case 'Reserve':
        last.phase = 'reserved';
        break;
      case 'Permit':
        last.phase = 'permitted';
        break;
      case 'Bind':
        last.phase = 'binding';
        if (typeof a.node === 'string') last.boundTo = a.node;
        break;
    }
  };
  for (const e of eventsOf(log, podKey)) scan(e);
  return attempts;
}

/** The Pod (objectKey) of the newest scheduling attempt in the log, if any. */
export function latestScheduledPod(log: SchedulingLog): string | undefined {
  for (let i = log.length - 1; i >= 0; i--) {
    const e = log.items[i];
    if (e?.kind === 'span' && e.op === 'Filter' && e.attrs?.plugin === undefined && e.ref) return objectKey(e.ref);
  }
  return undefined;
}

function newAttempt(e: TraceEvent, number: number): MutableAttempt {
  const a = e.attrs ?? {};
  const failures = Array.isArray(a.failures) ? a.failures.map((f) => verdict(f as Record<string, unknown>)) : undefined;
  const attempt: MutableAttempt = {
    number,
    seq: e.seq,
    t: e.t,
    phase: 'filtering',
    // Summary mode: the Filter span lists the rejections itself (scheduler.ts recordFilter).
    detailed: failures === undefined,
    filters: failures ?? [],
    scores: [],
    totals: [],
  };
  if (typeof a.evaluatedNodes === 'number') attempt.evaluatedNodes = a.evaluatedNodes;
  if (typeof a.feasibleNodes === 'number') attempt.feasibleNodes = a.feasibleNodes;
  return attempt;
}

function verdict(a: Record<string, unknown>): FilterVerdict {
  return {
    plugin: String(a.plugin ?? ''),
    node: String(a.node ?? ''),
    code: typeof a.code === 'string' ? a.code : 'Success',
    reasons: Array.isArray(a.reasons) ? a.reasons.map(String) : [],
  };
}

function scoreOf(a: Record<string, unknown>): ScoreEntry {
  return {
    plugin: String(a.plugin ?? ''),
    node: String(a.node ?? ''),
    score: typeof a.score === 'number' ? a.score : 0,
    ...(typeof a.raw === 'number' ? { raw: a.raw } : {}),
    ...(typeof a.weight === 'number' ? { weight: a.weight } : {}),
  };
}

function totalsOf(v: unknown): { node: string; score: number }[] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((x) => {
    const r = x as Record<string, unknown>;
    return typeof r.node === 'string' && typeof r.score === 'number' ? [{ node: r.node, score: r.score }] : [];
  });
}

/**
 * Positions of each Pod's events in one shared array, and how far it has been read. A later
 * version of the same log (same array, longer) only reads the new tail; an earlier version
 * (a seek back) uses the positions below its length.
 */
interface PodIndex {
  scanned: number;
  byPod: Map<string, number[]>;
}
const indexes = new WeakMap<TraceEvent[], PodIndex>();

function eventsOf(log: SchedulingLog, podKey: string): TraceEvent[] {
  let index = indexes.get(log.items);
  if (!index) indexes.set(log.items, (index = { scanned: 0, byPod: new Map() }));
  const { items } = log;
  // A shared array only grows (kube-log.ts append copies before it would overwrite).
  for (; index.scanned < items.length; index.scanned++) {
    const e = items[index.scanned];
    if (!e?.ref) continue;
    const k = objectKey(e.ref);
    const list = index.byPod.get(k);
    if (list) list.push(index.scanned);
    else index.byPod.set(k, [index.scanned]);
  }
  const out: TraceEvent[] = [];
  for (const i of index.byPod.get(podKey) ?? []) {
    if (i >= log.length) break;
    const e = items[i];
    if (e) out.push(e);
  }
  return out;
}
