import type { Micros } from '../../base/time.ts';
import type { TraceEvent } from '../../trace/schema.ts';

/** What a component hands the recorder: everything but the stamps the runtime owns. */
export type TraceDraft = Omit<TraceEvent, 'seq' | 't' | 'src'> & { t?: Micros };

/**
 * The one place where trace events are stamped: `seq` from a global counter, `t` from the
 * simulated clock, `src: 'sim'`. Events go to a sink (streaming) and, unless told otherwise,
 * into memory.
 */
export class Recorder {
  private seq = 0;
  readonly events: TraceEvent[] = [];
  count = 0;

  constructor(
    private readonly now: () => Micros,
    private readonly options: { keepEvents: boolean; sink?: (ev: TraceEvent) => void },
  ) {}

  /** Records an event and returns its seq, for use as the `cause` of what follows. */
  record(draft: TraceDraft): number {
    const seq = ++this.seq;
    const ev: TraceEvent = { seq, t: draft.t ?? this.now(), kind: draft.kind, actor: draft.actor, op: draft.op, src: 'sim' };
    if (draft.dur !== undefined) ev.dur = draft.dur;
    if (draft.to !== undefined) ev.to = draft.to;
    if (draft.ref !== undefined) ev.ref = draft.ref;
    if (draft.cause !== undefined && draft.cause > 0) ev.cause = draft.cause;
    if (draft.attrs !== undefined) ev.attrs = draft.attrs;
    this.count++;
    if (this.options.keepEvents) this.events.push(ev);
    this.options.sink?.(ev);
    return seq;
  }
}
