import type { TraceEvent, TraceSourceName } from '../../trace/schema.ts';
import { KeyIndex } from '../links/key-index.ts';
import { isSameThingKey } from '../links/keys.ts';
import { linkAttrs, resolveLink } from '../links/resolve.ts';
import { compareTimed } from './order.ts';
import type { MergeNode } from './types.ts';

/**
 * `nodes` come in file order, each file's events in its order (the previous event of a file is
 * the node before it). Puts the events of all files in one order and gives them `seq`, `t` and `cause`, so that
 * `t` never decreases and every cause is emitted before its effect.
 *
 * Timed events are visited in time order (merge/order.ts) and emitted as they come, except:
 * - an event whose most specific observed cause comes later (its clock was off by more than the
 *   alignment could tell) waits for that cause and is emitted right after it, at its time
 *   (`attrs.tClamped`);
 * - an event without time (`at` undefined) waits for its cause and for the previous event of its
 *   own file (a stream is written in order), and is emitted right after the later of the two, at
 *   its time (`attrs.timeInferred`); one with neither goes first.
 * Waits only point forward in time order for timed events, so they cannot form a cycle; events
 * without time can wait on each other in a cycle (two files citing each other), and what is
 * still waiting at the end is emitted then, in its order, linked only to what came before it.
 */
export function placeEvents(nodes: MergeNode[], srcOf: (file: number) => TraceSourceName, origin: number): TraceEvent[] {
  // `origin` is subtracted from every `t`, and is the time of events placed when nothing has a time.
  const timed = nodes.filter((n) => n.T !== undefined).sort(compareTimed);
  timed.forEach((n, i) => (n.order = i));
  const untimed = nodes.filter((n) => n.T === undefined);
  // Only keys that some event names as a cause (or that join two observations) are ever looked
  // up: indexing just those halves the map work on large imports.
  const wanted = new Set<string>();
  for (const n of nodes) if (n.raw.causes) for (const c of n.raw.causes) wanted.add(c.key);
  const useful = (k: string) => wanted.has(k) || isSameThingKey(k);
  const index = new KeyIndex<MergeNode>();
  for (const n of timed) if (n.raw.keys) for (const k of n.raw.keys) if (useful(k)) index.add(k, n);
  for (const n of untimed) if (n.raw.keys) for (const k of n.raw.keys) if (useful(k)) index.add(k, n);

  const out: TraceEvent[] = [];
  let lastT = timed.length > 0 ? (timed[0]!.T as number) : origin;
  const queue: MergeNode[] = [];

  const emit = (first: MergeNode): void => {
    queue.length = 0;
    queue.push(first);
    for (let head = 0; head < queue.length; head++) {
      const n = queue[head] as MergeNode;
      if (n.state === 'emitted') continue;
      const t = n.T === undefined ? lastT : Math.max(n.T, lastT);
      const link = resolveLink(n.raw, n, (k) => index.firstEmitted(k));
      n.state = 'emitted';
      n.seq = out.length + 1;
      n.t = t;
      lastT = t;
      const ev: TraceEvent = { seq: n.seq, t: t - origin, kind: n.raw.kind, actor: n.raw.actor, op: n.raw.op, src: n.raw.src ?? srcOf(n.file) };
      if (n.raw.dur !== undefined) ev.dur = Math.max(0, Math.round(n.raw.dur));
      if (n.raw.to !== undefined) ev.to = n.raw.to;
      if (n.raw.ref !== undefined) ev.ref = n.raw.ref;
      if (link.cause !== undefined) ev.cause = link.cause.seq;
      if (n.raw.inferred) ev.inferred = true;
      const tClamped = n.T !== undefined && t !== n.T;
      if (link.inferred || link.sameAs || tClamped || n.T === undefined) {
        ev.attrs = linkAttrs(n.raw.attrs, { rule: link.rule, inferred: link.inferred, sameAsSeq: link.sameAs?.seq }, { tClamped, timeInferred: n.T === undefined });
      } else if (n.raw.attrs !== undefined) ev.attrs = n.raw.attrs;
      out.push(ev);
      if (n.raw.keys) for (const k of n.raw.keys) if (useful(k)) index.markEmitted(k, n);
      for (const w of n.waiters ?? []) if (w.state === 'pending' && --w.waiting === 0) queue.push(w);
      n.waiters = undefined;
    }
  };
  const waitOn = (n: MergeNode, on: MergeNode): void => {
    n.waiting++;
    (on.waiters ??= []).push(n);
  };

  // Events without time: register their waits; those with nothing to wait for go first.
  const previousOf = new Map<MergeNode, MergeNode>();
  for (let i = 1; i < nodes.length; i++) if (nodes[i]!.file === nodes[i - 1]!.file) previousOf.set(nodes[i]!, nodes[i - 1]!);
  const starters: MergeNode[] = [];
  for (const n of untimed) {
    n.state = 'pending';
    const prereqs = new Set<MergeNode>();
    const cause = firstHolder(n, index);
    if (cause) prereqs.add(cause);
    const previous = previousOf.get(n);
    if (previous) prereqs.add(previous);
    for (const p of prereqs) waitOn(n, p);
    if (prereqs.size === 0) starters.push(n);
  }
  for (const n of starters) if (n.state === 'pending' && n.waiting === 0) emit(n);

  for (const n of timed) {
    if (n.state !== 'new') continue;
    const later = laterObservedCause(n, index);
    if (later) {
      n.state = 'pending';
      waitOn(n, later);
    } else emit(n);
  }

  // What still waits is part of a cycle of events without time: emit it in order.
  const stuck = nodes.filter((n) => n.state !== 'emitted').sort((a, b) => (a.T ?? Infinity) - (b.T ?? Infinity) || a.file - b.file || a.index - b.index);
  for (const n of stuck) {
    if (n.state === 'emitted') continue;
    n.waiting = 0;
    emit(n);
  }
  return out;
}

/** For an event without time: the first event holding its most specific cause key. */
function firstHolder(n: MergeNode, index: KeyIndex<MergeNode>): MergeNode | undefined {
  for (const c of n.raw.causes ?? []) {
    const h = index.holders(c.key).find((x) => x !== n);
    if (h) return h;
  }
  return undefined;
}

/**
 * For a timed event: the cause it must wait for, when its most specific resolvable observed key
 * has no holder emitted yet but one later in time order. Inferred links never move an event.
 */
function laterObservedCause(n: MergeNode, index: KeyIndex<MergeNode>): MergeNode | undefined {
  for (const c of n.raw.causes ?? []) {
    const emitted = index.firstEmitted(c.key);
    if (emitted && emitted !== n) return undefined;
    if (c.confidence !== 'observed') continue;
    const later = index.holders(c.key).find((h) => h.order > n.order && h.state === 'new');
    if (later) return later;
  }
  return undefined;
}
