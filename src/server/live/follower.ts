import type { ImportError } from '../../replay/types.ts';
import type { FollowMessage } from '../../replay/live-protocol.ts';
import type { TraceEvent, TraceHeader } from '../../trace/schema.ts';
import { CLOSE } from '../ws/frames.ts';
import type { WsConnection } from '../ws/connection.ts';

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

  snapshot(header: TraceHeader, events: readonly TraceEvent[], errors: readonly ImportError[]): void {
    const first = events.slice(0, this.eventsPerFrame);
    this.send({ type: 'snapshot', header, events: first, errors: [...errors] });
    for (let i = first.length; i < events.length && this.isOpen; i += this.eventsPerFrame) {
      this.events(events.slice(i, i + this.eventsPerFrame), []);
    }
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
