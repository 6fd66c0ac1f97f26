import { createRng, type Rng } from '../../../base/rng.ts';
import { MICROS_PER_SECOND, type Micros } from '../../../base/time.ts';
import { END_STREAM } from '../../api/http.ts';
import type { ScheduledItem } from '../../runtime/event-queue.ts';
import type { Simulation } from '../../runtime/simulation.ts';
import type { WatchCache, Watcher } from './watch-cache.ts';

/** kube-apiserver's --min-request-timeout default (pkg/server/options ServerRunOptions). */
export const MIN_REQUEST_TIMEOUT: Micros = 1800 * MICROS_PER_SECOND;

/**
 * How watch responses end (endpoints/handlers/watch.go serveWatch and its timeout, get.go
 * ListResource): a watch lasts `timeoutSeconds`, or without it (or with 0) `--min-request-timeout`
 * times a random factor in [1, 2); a negative value ends it at once. When the time is up, or
 * after an ERROR event, the handler returns and the response ends (END_STREAM); a client that
 * resets the stream (RST_STREAM) ends it too. Either way the watcher leaves the cache, and
 * `onClosed` lets the audit log write the watch's ResponseComplete.
 */
export class WatchStreams {
  private readonly open = new Map<number, { watcher: Watcher; deadline: Micros; timer: ScheduledItem }>();
  private readonly timeouts: Rng;

  constructor(
    private readonly sim: Simulation,
    private readonly actorId: string,
    private readonly cache: WatchCache,
    private readonly onClosed: (requestId: number) => void,
  ) {
    // Independent of the scenario seed: a new seed renames objects but never moves the end of a watch.
    this.timeouts = createRng('kube-apiserver/watch timeouts');
  }

  /** How long a watch asked with `timeoutSeconds` lasts. */
  timeout(timeoutSeconds: string | undefined): Micros {
    const n = timeoutSeconds !== undefined && /^-?\d+$/.test(timeoutSeconds) ? Number(timeoutSeconds) : 0;
    if (n !== 0) return Math.max(0, n) * MICROS_PER_SECOND;
    return Math.floor(MIN_REQUEST_TIMEOUT * (this.timeouts.next() + 1));
  }

  /** A watch is streaming until `deadline`. */
  add(w: Watcher, deadline: Micros, cause: number): void {
    // A background timer, like the bookmarks': an open watch never keeps the cluster from being settled.
    const timer = this.sim.after(deadline - this.sim.now, () => this.end(w, cause), { background: true, label: 'watch timeout' });
    this.open.set(w.requestId, { watcher: w, deadline, timer });
  }

  deadline(requestId: number): Micros | undefined {
    return this.open.get(requestId)?.deadline;
  }

  /** The server ends a watch (its timeout, or an ERROR event sent): the response is over. */
  end(w: Watcher, cause: number): void {
    if (w.stopped) return;
    this.sim.network.send(this.actorId, w.client, END_STREAM, { replyTo: w.requestId, cause, attrs: { stream: w.requestId } });
    this.close(w);
  }

  /** The client reset the stream of watch `requestId`. */
  cancel(requestId: number): void {
    const stream = this.open.get(requestId);
    if (stream) this.close(stream.watcher);
  }

  private close(w: Watcher): void {
    this.cache.removeWatcher(w);
    const stream = this.open.get(w.requestId);
    if (stream) this.sim.cancel(stream.timer);
    this.open.delete(w.requestId);
    this.onClosed(w.requestId);
  }
}
