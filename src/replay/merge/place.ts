import type { TraceEvent, TraceSourceName } from '../../trace/schema.ts';
import { HolderIndex } from '../links/key-index.ts';
import { isSameThingKey } from '../links/keys.ts';
import { linkAttrs } from '../links/resolve.ts';
import { timeOrder } from './order.ts';
import { countFilesWithMessageIds, MessageIds } from './message-ids.ts';
import type { MergeTable } from './types.ts';

const NEW = 0;
const PENDING = 1;
const EMITTED = 2;

/**
 * `table` holds the events in file order, each file's events in its order (the previous event
 * of a file is the row before it). Puts the events of all files in one order and gives them
 * `seq`, `t` and `cause`, so that `t` never decreases and every cause is emitted before its effect.
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
 *
 * Why rows and typed arrays rather than an object per event: a large import has hundreds of
 * thousands of events, and an object of bookkeeping for each (plus sorting those objects) was
 * most of the merge's time and garbage. Events are row numbers here; the only objects made per
 * event are the TraceEvents themselves.
 */
export function placeEvents(table: MergeTable, srcOf: (file: number) => TraceSourceName, origin: number): TraceEvent[] {
  // `origin` is subtracted from every `t`, and is the time of events placed when nothing has a time.
  const { raws, file, T } = table;
  const n = raws.length;
  const timed: number[] = [];
  const untimed: number[] = [];
  for (let i = 0; i < n; i++) (Number.isNaN(T[i]) ? untimed : timed).push(i);
  timed.sort(timeOrder(table));
  const order = new Int32Array(n).fill(-1);
  for (let k = 0; k < timed.length; k++) order[timed[k]!] = k;

  // Only keys that some event names as a cause (or that join two observations) are ever looked
  // up: indexing just those halves the map work on large imports. Holders are added in time
  // order, then the events without time in file order (HolderIndex relies on it).
  const wanted = new Set<string>();
  for (const raw of raws) if (raw?.causes) for (const c of raw.causes) wanted.add(c.key);
  const index = new HolderIndex(order);
  const addKeys = (i: number): void => {
    const keys = raws[i]!.keys;
    if (keys) for (const k of keys) if (wanted.has(k) || isSameThingKey(k)) index.add(k, i);
  };
  for (const i of timed) addKeys(i);
  for (const i of untimed) addKeys(i);

  const messageIds = new MessageIds(countFilesWithMessageIds(raws, file));
  const state = new Uint8Array(n);
  const waiting = new Int32Array(n);
  const seqOf = new Int32Array(n);
  const waiters = new Map<number, number[]>();
  const out: TraceEvent[] = [];
  let lastT = timed.length > 0 ? T[timed[0]!]! : origin;
  const queue: number[] = [];

  const emit = (first: number): void => {
    queue.length = 0;
    queue.push(first);
    for (let head = 0; head < queue.length; head++) {
      const i = queue[head]!;
      if (state[i] === EMITTED) continue;
      const raw = raws[i]!;
      const Ti = T[i]!;
      const hasTime = !Number.isNaN(Ti);
      const t = hasTime ? Math.max(Ti, lastT) : lastT;
      // The link: the first cause key some emitted event established, else an equal "same
      // thing" key of another file (links/keys.ts) joins the two observations.
      let cause = -1;
      let rule: string | undefined;
      let inferred = false;
      let sameAs = -1;
      if (raw.causes) {
        for (const c of raw.causes) {
          const holder = index.firstEmitted(c.key);
          if (holder >= 0 && holder !== i) {
            cause = holder;
            rule = c.rule;
            inferred = c.confidence === 'inferred';
            break;
          }
        }
      }
      if (raw.keys) {
        for (const key of raw.keys) {
          if (!isSameThingKey(key)) continue;
          const other = index.firstEmitted(key);
          if (other >= 0 && other !== i && file[other] !== file[i]) {
            sameAs = other;
            if (cause < 0) cause = other;
            break;
          }
        }
      }
      state[i] = EMITTED;
      const seq = out.length + 1;
      seqOf[i] = seq;
      lastT = t;
      const ev: TraceEvent = { seq, t: t - origin, kind: raw.kind, actor: raw.actor, op: raw.op, src: raw.src ?? srcOf(file[i]!) };
      if (raw.dur !== undefined) ev.dur = Math.max(0, Math.round(raw.dur));
      if (raw.to !== undefined) ev.to = raw.to;
      if (raw.ref !== undefined) ev.ref = raw.ref;
      if (cause >= 0) ev.cause = seqOf[cause]!;
      if (raw.inferred) ev.inferred = true;
      const tClamped = hasTime && t !== Ti;
      if (inferred || sameAs >= 0 || tClamped || !hasTime) {
        ev.attrs = linkAttrs(messageIds.rewrite(file[i]!, raw.attrs), { rule, inferred, sameAsSeq: sameAs >= 0 ? seqOf[sameAs] : undefined }, { tClamped, timeInferred: !hasTime });
      } else if (raw.attrs !== undefined) ev.attrs = messageIds.rewrite(file[i]!, raw.attrs);
      out.push(ev);
      if (raw.keys) for (const k of raw.keys) index.markEmitted(k, i);
      if (table.release) raws[i] = undefined;
      const ws = waiters.get(i);
      if (ws) {
        waiters.delete(i);
        for (const w of ws) if (state[w] === PENDING && --waiting[w]! === 0) queue.push(w);
      }
    }
  };
  const waitOn = (i: number, on: number): void => {
    waiting[i]!++;
    const ws = waiters.get(on);
    if (ws) ws.push(i);
    else waiters.set(on, [i]);
  };

  // Events without time: register their waits; those with nothing to wait for go first.
  const starters: number[] = [];
  for (const i of untimed) {
    state[i] = PENDING;
    const cause = firstHolder(raws[i]!.causes, i, index);
    const previous = i > 0 && file[i - 1] === file[i] ? i - 1 : -1;
    if (cause >= 0) waitOn(i, cause);
    if (previous >= 0 && previous !== cause) waitOn(i, previous);
    if (cause < 0 && previous < 0) starters.push(i);
  }
  for (const i of starters) if (state[i] === PENDING && waiting[i] === 0) emit(i);

  for (const i of timed) {
    if (state[i] !== NEW) continue;
    const later = laterObservedCause(raws[i]!.causes, i, order[i]!, index, state);
    if (later >= 0) {
      state[i] = PENDING;
      waitOn(i, later);
    } else emit(i);
  }

  // What still waits is part of a cycle of events without time: emit it in order.
  if (out.length < n) {
    const stuck: number[] = [];
    for (let i = 0; i < n; i++) if (state[i] !== EMITTED) stuck.push(i);
    const timeOf = (i: number) => (Number.isNaN(T[i]) ? Infinity : T[i]!);
    stuck.sort((a, b) => timeOf(a) - timeOf(b) || a - b);
    for (const i of stuck) {
      if (state[i] === EMITTED) continue;
      waiting[i] = 0;
      emit(i);
    }
  }
  return out;
}

type Causes = readonly { key: string; confidence: string }[] | undefined;

/** For an event without time: the first event holding its most specific cause key. */
function firstHolder(causes: Causes, self: number, index: HolderIndex): number {
  if (causes) {
    for (const c of causes) {
      const h = index.firstHolderOtherThan(c.key, self);
      if (h >= 0) return h;
    }
  }
  return -1;
}

/**
 * For a timed event: the cause it must wait for, when its most specific resolvable observed key
 * has no holder emitted yet but one later in time order. Inferred links never move an event.
 */
function laterObservedCause(causes: Causes, self: number, selfOrder: number, index: HolderIndex, state: Uint8Array): number {
  if (!causes) return -1;
  for (const c of causes) {
    const emitted = index.firstEmitted(c.key);
    if (emitted >= 0 && emitted !== self) return -1;
    if (c.confidence !== 'observed') continue;
    const later = index.firstTimedHolderAfter(c.key, selfOrder, (h) => state[h] === NEW);
    if (later >= 0) return later;
  }
  return -1;
}
