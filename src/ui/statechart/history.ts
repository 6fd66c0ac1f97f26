import type { Micros } from '../../base/time.ts';
import type { Timeline, WorldState } from '../../timeline/index.ts';
import type { TraceEvent } from '../../trace/schema.ts';
import type { Selection } from '../session/store.ts';

/** One machine instance of the trace and every `state` event it recorded, oldest first. */
export interface MachineRun {
  key: string;
  actor: string;
  machine: string;
  instance?: string;
  events: TraceEvent[];
}

export const runKey = (actor: string, machine: string, instance?: string) => `${actor}|${machine}|${instance ?? ''}`;

/** As the timeline's actor-states projection: a state event without attrs.machine is the actor's main machine. */
function machineOf(e: TraceEvent): string {
  const m = e.attrs?.machine;
  return typeof m === 'string' ? m : (e.actor.split('/')[0] ?? e.actor);
}

interface Index {
  scanned: number;
  runs: Map<string, MachineRun>;
}
const indexes = new WeakMap<Timeline, Index>();

/**
 * The state events of every machine instance, by `actor|machine|instance`. Built once per
 * timeline and extended as a streaming timeline grows (one pass over the new events only).
 */
export function machineRuns(timeline: Timeline): ReadonlyMap<string, MachineRun> {
  let idx = indexes.get(timeline);
  if (!idx) {
    idx = { scanned: 0, runs: new Map() };
    indexes.set(timeline, idx);
  }
  for (; idx.scanned < timeline.length; idx.scanned++) {
    const e = timeline.at(idx.scanned);
    if (e.kind !== 'state') continue;
    const machine = machineOf(e);
    const instance = typeof e.attrs?.instance === 'string' ? e.attrs.instance : undefined;
    const key = runKey(e.actor, machine, instance);
    let run = idx.runs.get(key);
    if (!run) {
      run = instance === undefined ? { key, actor: e.actor, machine, events: [] } : { key, actor: e.actor, machine, instance, events: [] };
      idx.runs.set(key, run);
    }
    run.events.push(e);
  }
  return idx.runs;
}

/** Number of the run's events at or before `t` (they are in trace order). */
export function countUpTo(run: MachineRun, t: Micros): number {
  let lo = 0;
  let hi = run.events.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (run.events[mid]!.t <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface RunAt {
  /** The state at `t` (the last state event at or before it), undefined before the machine started. */
  current?: TraceEvent;
  /** The state events up to `t`, oldest first, at most `limit`. */
  history: TraceEvent[];
  /** How many states were visited in all up to `t`. */
  visited: number;
}

export function runAt(run: MachineRun, t: Micros, limit = 12): RunAt {
  const n = countUpTo(run, t);
  const current = n > 0 ? run.events[n - 1] : undefined;
  return { ...(current ? { current } : {}), history: run.events.slice(Math.max(0, n - limit), n), visited: n };
}

/**
 * The machine the view shows for a selection: a selected `state` event's own machine; for any
 * other event, a machine of the same actor, preferring the instance named after the event's
 * object (`namespace/name`, or the name) and one running at `t`.
 */
export function machineForSelection(timeline: Timeline, world: WorldState, selection: Selection): string | undefined {
  if (selection?.type !== 'event') return undefined;
  const e = timeline.bySeq(selection.seq);
  if (!e) return undefined;
  const runs = machineRuns(timeline);
  if (e.kind === 'state') {
    const instance = typeof e.attrs?.instance === 'string' ? e.attrs.instance : undefined;
    return runKey(e.actor, machineOf(e), instance);
  }
  const names = e.ref ? [e.ref.namespace ? `${e.ref.namespace}/${e.ref.name}` : e.ref.name, e.ref.name, e.ref.uid].filter((x): x is string => typeof x === 'string') : [];
  let best: { key: string; score: number } | undefined;
  for (const run of runs.values()) {
    if (run.actor !== e.actor || countUpTo(run, world.t) === 0) continue;
    let score = 0;
    if (run.instance !== undefined && names.includes(run.instance)) score += 4;
    if (world.actorStates.has(runKey(run.actor, run.machine, run.instance))) score += 2;
    if (run.instance === undefined) score += 1; // the actor's main machine
    if (!best || score > best.score) best = { key: run.key, score };
  }
  return best?.key;
}

/** A label for a run in the picker: `kubelet/node-1 · pod-worker · default/web-1`. */
export function runLabel(run: Pick<MachineRun, 'actor' | 'machine' | 'instance'>): string {
  return [run.actor, run.machine, run.instance].filter((x) => x !== undefined).join(' · ');
}
