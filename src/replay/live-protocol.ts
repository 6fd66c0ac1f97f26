import type { TraceEvent, TraceHeader, TraceSourceName } from '../trace/schema.ts';
import type { ImportError } from './types.ts';

/**
 * The live mode's messages (issue 5, item 6): a recorder streams the raw lines it captures to
 * `kube-anatomy serve` over a WebSocket (`/live/<name>/record`); the server imports them as they
 * come and sends trace events to every browser following `/live/<name>/follow`.
 * JSON text frames, one message per frame. Shared by `cli` (recorder), `server` and `source`.
 */

/** Recorder → server. */
export type RecorderMessage =
  /** First frame: what is being recorded. */
  | { type: 'hello'; version: 1; node?: string; startedAt: string; generator?: string }
  /** New lines of one captured file (`watch-pods.jsonl`, `ctr-events.txt`), in order. */
  | { type: 'lines'; file: string; format?: TraceSourceName; lines: string[] }
  /** The recording ended (Ctrl-C, `--duration`). */
  | { type: 'end' };

/** Server → recorder: flow control. The recorder sends no more than `window` frames unacknowledged. */
export type RecorderAck = { type: 'ack'; received: number; window: number };

/** Server → browser. */
export type FollowMessage =
  /**
   * First frame: the trace so far (header and the events the server holds up to now). A large
   * snapshot is sent in parts: this frame has the first events and `more: true`, the rest follow
   * as `events` frames, and `snapshot-end` says the snapshot is complete. Without `more` (or
   * `more: false`) the snapshot is this frame alone (servers before `more` always sent that way).
   */
  | { type: 'snapshot'; header: TraceHeader; events: TraceEvent[]; errors: ImportError[]; more?: boolean }
  /** After a `snapshot` with `more: true` and its `events` frames: the snapshot held `events` events in all. */
  | { type: 'snapshot-end'; events: number }
  /** Events read since the last frame; `seq`s continue the snapshot's. */
  | { type: 'events'; events: TraceEvent[]; errors: ImportError[] }
  /** The follower was too slow and events were dropped; it should reconnect for a new snapshot. */
  | { type: 'lagging'; dropped: number }
  | { type: 'end' };
