import type { ImportError } from '../../replay/types.ts';
import type { TraceEvent, TraceSourceName } from '../../trace/schema.ts';
import type { LiveImportPort } from '../replay-port.ts';
import type { Follower } from './follower.ts';
import { Ring } from './ring.ts';
import type { LiveTraceWriter } from './trace-writer.ts';

/** Limits of one live trace. */
export interface LiveTraceLimits {
  /** Recent events kept in memory for new followers' snapshots. */
  ringEvents: number;
  /** Recent import errors kept for snapshots. */
  ringErrors: number;
}

export type LiveState = 'recording' | 'interrupted' | 'ended';

/**
 * One live trace: the live import turning the recorder's lines into events, the ring of recent
 * events, the file on disk with all of them, and the followers. `recording` while a recorder is
 * connected, `interrupted` when it went away without `end` (a recorder may reconnect and go on),
 * `ended` after `end`.
 */
export class LiveTrace {
  state: LiveState = 'recording';
  /** `lines` frames taken in all, across reconnections of the recorder (RecorderAck.received). */
  received = 0;
  events = 0;
  errorCount = 0;
  /** Times recorders of this trace were paused for sending past their window (earlier connections). */
  recorderPauses = 0;
  readonly followers = new Set<Follower>();
  private readonly ring: Ring<TraceEvent>;
  private readonly errorRing: Ring<ImportError>;

  constructor(
    readonly name: string,
    readonly startedAt: string,
    readonly node: string | undefined,
    private readonly importer: LiveImportPort,
    readonly writer: LiveTraceWriter,
    limits: LiveTraceLimits,
  ) {
    this.ring = new Ring(limits.ringEvents);
    this.errorRing = new Ring(limits.ringErrors);
  }

  header() {
    return this.importer.header();
  }

  /** Imports one `lines` frame: to disk, to the ring, to every follower. */
  take(file: string, lines: string[], format?: TraceSourceName): void {
    this.received++;
    const before = this.importer.errors().length;
    this.publish(this.importer.push(file, lines, format), before);
  }

  private publish(events: TraceEvent[], errorsBefore: number): void {
    const before = errorsBefore;
    const allErrors = this.importer.errors();
    const errors = allErrors.slice(before);
    this.events += events.length;
    this.errorCount = allErrors.length;
    for (const ev of events) this.ring.push(ev);
    for (const err of errors) this.errorRing.push(err);
    this.writer.write(events);
    if (events.length === 0 && errors.length === 0) return;
    for (const f of this.followers) {
      f.events(events, errors);
      if (!f.isOpen) this.followers.delete(f);
    }
  }

  follow(follower: Follower): void {
    follower.snapshot(this.importer.header(), this.ring.toArray(), this.errorRing.toArray());
    if (this.state === 'ended') follower.end();
    else if (follower.isOpen) this.followers.add(follower);
  }

  unfollow(follower: Follower): void {
    this.followers.delete(follower);
  }

  /**
   * The recorder sent `end`, or the server stops (`serverStopping`): flush the file, tell the
   * followers — `end` and 1000 when the recording ended, 1001 when only the server goes away.
   */
  async end(serverStopping = false): Promise<void> {
    if (this.state === 'ended') return;
    this.state = 'ended';
    const before = this.importer.errors().length;
    this.publish(this.importer.end(), before);
    for (const f of this.followers) {
      if (serverStopping) f.goAway();
      else f.end();
    }
    this.followers.clear();
    await this.writer.finish(this.importer.header());
  }

  /** Events that left the ring (no longer in snapshots; still in the file). */
  get droppedFromRing(): number {
    return this.ring.dropped;
  }
}
