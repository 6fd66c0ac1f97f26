import type { ImportError } from '../../replay/types.ts';
import type { FollowMessage } from '../../replay/live-protocol.ts';
import type { TraceEvent, TraceHeader } from '../../trace/schema.ts';
import { CLOSE } from '../ws/frames.ts';
import type { WsConnection } from '../ws/connection.ts';

/** How long a peer has to answer the server's close frame when the server stops. */
export const STOPPING_GRACE_MS = 1000;

/**
 * One browser following a live trace (`/live/<name>/follow`). It gets a `snapshot`, then
 * `events` frames as the recorder's lines are imported. A follower that does not read fast
 * enough, so that more than `maxBufferedBytes` wait in its socket, gets `lagging` and is closed
 * with 1013 (try again later): it reconnects for a new snapshot. The server's memory per
 * follower is bounded by that limit, whatever the follower does.
 */
export class Follower {
  private lagging = false;

  constructor(
    readonly conn: WsConnection,
    private readonly maxBufferedBytes: number,
    /** Events per frame: a snapshot of 200k events is sent as a snapshot frame and `events` frames. */
    private readonly eventsPerFrame: number,
  ) {}

  get isOpen(): boolean {
    return this.conn.isOpen && !this.lagging;
  }

  /** The snapshot: one frame, or a first frame with `more: true`, `events` frames and `snapshot-end`. */
  snapshot(header: TraceHeader, events: readonly TraceEvent[], errors: readonly ImportError[]): void {
    const first = events.slice(0, this.eventsPerFrame);
    const more = events.length > first.length;
    this.send(more ? { type: 'snapshot', header, events: first, errors: [...errors], more } : { type: 'snapshot', header, events: first, errors: [...errors] });
    if (!more) return;
    for (let i = first.length; i < events.length && this.isOpen; i += this.eventsPerFrame) {
      this.events(events.slice(i, i + this.eventsPerFrame), []);
    }
    // A follower that lagged during the snapshot got `lagging` instead: it reconnects for a new one.
    if (this.isOpen) this.send({ type: 'snapshot-end', events: events.length });
  }

  /** New events (and errors); turns the follower lagging when its socket is too far behind. */
  events(events: readonly TraceEvent[], errors: readonly ImportError[]): void {
    if (!this.isOpen) return;
    if (this.conn.bufferedAmount > this.maxBufferedBytes) {
      this.lag(events.length);
      return;
    }
    for (let i = 0; i < Math.max(events.length, 1) && this.isOpen; i += this.eventsPerFrame) {
      this.send({ type: 'events', events: events.slice(i, i + this.eventsPerFrame), errors: i === 0 ? [...errors] : [] });
    }
  }

  end(): void {
    if (!this.isOpen) return;
    this.send({ type: 'end' });
    this.conn.close(CLOSE.normal, 'the recording ended');
  }

  /**
   * The server stops while the recording may go on: no `end` (the recording did not end),
   * close 1001 going away; a follower may reconnect to a server started again.
   */
  goAway(): void {
    if (!this.isOpen) return;
    this.conn.close(CLOSE.goingAway, 'the server is stopping', STOPPING_GRACE_MS);
  }

  private lag(dropped: number): void {
    this.lagging = true;
    this.conn.send(JSON.stringify({ type: 'lagging', dropped } satisfies FollowMessage));
    // No event is added to its backlog any more, so memory stays bounded while it drains; it has
    // 10 s to read up to the lagging message before the socket is dropped.
    this.conn.close(CLOSE.tryAgainLater, 'too slow: reconnect for a new snapshot', 10_000);
  }

  private send(msg: FollowMessage): void {
    this.conn.send(JSON.stringify(msg));
  }
}
