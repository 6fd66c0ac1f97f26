import { MICROS_PER_SECOND, type Micros } from '../../../base/time.ts';
import type { KubeObject } from '../../../domain/k8s/objects.ts';
import type { ResourceInfo } from '../../../domain/k8s/resources.ts';
import type { HttpRequest, HttpResponse, WatchEvent } from '../../api/http.ts';
import type { Delivery } from '../../runtime/actor.ts';
import type { Simulation } from '../../runtime/simulation.ts';
import { badRequest, expired } from './errors.ts';
import type { CacheEvent } from './event-window.ts';
import { decodeSelectors } from './list-options.ts';
import { refOf } from './object-meta.ts';
import { BOOKMARK_FREQUENCY, type WatchCache, type Watcher } from './watch-cache.ts';
import { WatchStreams } from './watch-streams.ts';

/** cacheWatcher.nextBookmarkTime sends a last bookmark this long before the watch's deadline. */
const PRE_TIMEOUT_BOOKMARK: Micros = 2 * MICROS_PER_SECOND;

/**
 * The watch side of the cacher (staging/src/k8s.io/apiserver/pkg/storage/cacher/cacher.go
 * Watch, cache_watcher.go, watch_cache.go getAllEventsSinceLocked):
 * - `sendInitialEvents=true`: ADDED for what exists, then a BOOKMARK annotated
 *   `k8s.io/initial-events-end`;
 * - `resourceVersion` unset or "0": ADDED for what exists, then live events;
 * - `resourceVersion=N`: every cached event newer than N, then live; when N is older than the
 *   resource's window, the watch gets one ERROR event (410 Expired, `too old resource
 *   version: N (M)`) and ends, as a new watch does in upstream (newErrWatcher: the error comes
 *   on the stream, after the 200);
 * - `allowWatchBookmarks=true`: a BOOKMARK with the cache's resourceVersion about once a minute,
 *   and one 2 s before the watch's deadline (cache_watcher.go nextBookmarkTime);
 * - the end of the stream, on its timeout or from the client, is watch-streams.ts's.
 */
export class WatchServer {
  private readonly streams: WatchStreams;

  constructor(
    private readonly sim: Simulation,
    private readonly actorId: string,
    private readonly cache: WatchCache,
    onClosed: (requestId: number) => void = () => undefined,
  ) {
    this.streams = new WatchStreams(sim, actorId, cache, onClosed);
  }

  /** Opens a watch; `respond` sends the HTTP answer (200 when the stream opens). */
  open(msg: Delivery<HttpRequest>, info: ResourceInfo, namespace: string | undefined, cause: number, respond: (res: HttpResponse) => void): void {
    const q = msg.payload.query ?? {};
    const selectors = decodeSelectors(info, q);
    if ('error' in selectors) {
      respond(selectors.error);
      return;
    }
    const rvText = q.resourceVersion ?? '';
    if (rvText !== '' && !/^\d+$/.test(rvText)) {
      respond(badRequest(`resourceVersion: Invalid value: "${rvText}": strconv.ParseUint: parsing ${JSON.stringify(rvText)}: invalid syntax`));
      return;
    }
    const watcher: Watcher = { client: msg.from, requestId: msg.id, info, prefix: `${info.etcdPrefix}/`, fields: selectors.fields };
    if (namespace) watcher.namespace = namespace;
    if (selectors.nodeName !== undefined) watcher.nodeName = selectors.nodeName;
    if (selectors.labels) watcher.labels = selectors.labels;
    if (q.allowWatchBookmarks === 'true') watcher.allowWatchBookmarks = true;
    respond({ code: 200, body: { watch: 'established' } });
    const deadline = this.sim.now + this.streams.timeout(q.timeoutSeconds);
    const rv = rvText === '' ? 0 : Number(rvText);
    const window = this.cache.window(watcher.prefix);
    if (q.sendInitialEvents === 'true') {
      this.sendInitial(watcher, cause);
      const bookmark = { apiVersion: info.apiVersion, kind: info.kind, metadata: { resourceVersion: String(this.cache.revision), annotations: { 'k8s.io/initial-events-end': 'true' } } };
      this.send(watcher, { type: 'BOOKMARK', object: bookmark }, cause);
    } else if (rv === 0) {
      // "0" (or unset) means any version, and for backward compatibility the current state first.
      if (q.sendInitialEvents === undefined) this.sendInitial(watcher, cause);
    } else {
      const since = window.since(rv);
      if ('tooOld' in since) {
        this.send(watcher, { type: 'ERROR', object: expired(since.tooOld) }, cause);
        this.streams.end(watcher, cause);
        return;
      }
      for (const ev of since.events) this.deliver(watcher, ev, cause);
    }
    this.cache.addWatcher(watcher);
    this.streams.add(watcher, deadline, cause);
    if (watcher.allowWatchBookmarks) this.scheduleBookmark(watcher);
  }

  /** The client reset the stream of watch `requestId` (RST_STREAM). */
  cancel(requestId: number): void {
    this.streams.cancel(requestId);
  }

  /** A change seen on the etcd watch: to the window, then to every watcher it concerns. */
  dispatch(ev: CacheEvent, prefix: string, cause: number): void {
    this.cache.window(prefix).add(ev);
    for (const w of this.cache.candidates(prefix, ev)) this.deliver(w, ev, cause);
  }

  private deliver(w: Watcher, ev: CacheEvent, cause: number): void {
    const seen = this.cache.eventFor(w, ev);
    if (seen) this.send(w, seen, cause);
  }

  private sendInitial(w: Watcher, cause: number): void {
    for (const obj of this.cache.list(w.prefix, (o) => this.cache.matches(w, o))) this.send(w, { type: 'ADDED', object: obj }, cause);
  }

  private send(w: Watcher, ev: WatchEvent, cause: number): void {
    const ref = ev.type === 'BOOKMARK' || ev.type === 'ERROR' ? undefined : refOf(ev.object);
    const attrs: Record<string, unknown> = { type: ev.type };
    if (ev.type === 'ERROR') {
      const status = ev.object as KubeObject & { code?: number; reason?: string; message?: string };
      Object.assign(attrs, { code: status.code, reason: status.reason, message: status.message });
    } else attrs.resourceVersion = ev.object.metadata.resourceVersion;
    this.sim.network.send(this.actorId, w.client, `WATCH ${ev.type}`, { replyTo: w.requestId, cause, payload: ev, attrs, ...(ref ? { ref } : {}) });
  }

  /**
   * watcherBookmarkTimeBuckets: the watcher's next bookmark (nextBookmarkTime: in a minute, or 2 s
   * before its deadline if that comes first, none once that is past), in the bucket of its
   * second, never the second being served (the buckets up to now have been popped).
   */
  private scheduleBookmark(w: Watcher): void {
    const next = Math.min(this.sim.now + BOOKMARK_FREQUENCY, (this.streams.deadline(w.requestId) ?? Infinity) - PRE_TIMEOUT_BOOKMARK);
    if (next <= this.sim.now) return;
    const when = Math.max(next, (Math.floor(this.sim.now / MICROS_PER_SECOND) + 1) * MICROS_PER_SECOND);
    const { bucket, isNew } = this.cache.scheduleBookmark(w, when);
    if (!isNew) return;
    const at = bucket * 1_000_000;
    // A background timer: bookmarks never keep the cluster from being settled.
    this.sim.after(Math.max(0, at - this.sim.now), () => this.fireBookmarks(bucket), { background: true, label: 'watch cache bookmarks' });
  }

  private fireBookmarks(bucket: number): void {
    for (const w of this.cache.popBookmarks(bucket)) {
      const rv = this.cache.window(w.prefix).resourceVersion;
      this.send(w, { type: 'BOOKMARK', object: { apiVersion: w.info.apiVersion, kind: w.info.kind, metadata: { resourceVersion: String(rv) } } }, 0);
      this.scheduleBookmark(w);
    }
  }
}
