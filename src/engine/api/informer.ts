import { createRng, type Rng } from '../../base/rng.ts';
import { MICROS_PER_SECOND, type Micros } from '../../base/time.ts';
import { goDuration } from '../../domain/k8s/duration.ts';
import type { KubeObject } from '../../domain/k8s/objects.ts';
import { ExponentialBackoff } from './backoff.ts';
import type { ApiClient, WatchEnd } from './client.ts';
import { isStatus, type WatchEvent } from './http.ts';

export interface InformerHandlers {
  onAdd?(obj: KubeObject, cause: number): void;
  onUpdate?(oldObj: KubeObject, newObj: KubeObject, cause: number): void;
  /**
   * `finalStateUnknown` is set when a relist found the object gone without a DELETED event
   * (client-go's DeletedFinalStateUnknown tombstone): `obj` is then the last state the
   * informer knew, not the object as it was deleted.
   */
  onDelete?(obj: KubeObject, cause: number, finalStateUnknown?: boolean): void;
  /** Called once the initial events have arrived (HasSynced); never again after a relist. */
  onSynced?(cause: number): void;
}

/** `namespace/name`, or `name` for cluster-scoped objects: the key informers and workqueues use. */
export function keyOf(obj: { metadata: { namespace?: string; name?: string } }): string {
  return obj.metadata.namespace ? `${obj.metadata.namespace}/${obj.metadata.name ?? ''}` : (obj.metadata.name ?? '');
}

/** defaultMinWatchTimeout (reflector.go): every watch asks for timeoutSeconds in [300, 600). */
const MIN_WATCH_TIMEOUT_SECONDS = 300;

/** The annotation of the BOOKMARK that ends a streaming list (metav1.InitialEventsAnnotationKey). */
const INITIAL_EVENTS_END = 'k8s.io/initial-events-end';

/** The objects a streaming list delivered so far (the reflector's temporaryStore), with their events. */
type Listing = { items: Map<string, { object: KubeObject; cause: number }>; resourceVersion: string };

/**
 * A shared informer (client-go tools/cache), reduced to one handler set: a Reflector keeping a
 * local store that listers read from, and the handlers called for each change.
 *
 * The reflector (reflector.go ListAndWatchWithContext, watchList, watch, handleAnyWatch) lists
 * with a streaming list (client-go's WatchListClient; its default is off in 1.34 and on from
 * 1.35, the simulator always streams: a watch with `sendInitialEvents=true`,
 * `resourceVersionMatch=NotOlderThan`, DOMAIN.md 2.3) whose ADDED
 * events fill a temporary store until the BOOKMARK annotated `k8s.io/initial-events-end`; the
 * store is then replaced and the same stream goes on as the watch. Every event and bookmark
 * moves lastSyncResourceVersion. Each watch asks for `timeoutSeconds` in [5 min, 10 min), so
 * the apiserver ends it; the reflector then watches again from lastSyncResourceVersion, without
 * initial events. When a watch gets an ERROR event (410 Expired: `too old resource version`),
 * the watch is over, ListAndWatch returns and, after the backoff of RunWithContext's
 * BackoffUntil, lists again. The relist is a streaming list from lastSyncResourceVersion, not
 * from "": an expired *watch* does not set isLastSyncResourceVersionUnavailable ("LIST call with
 * ResourceVersion=RV already has a semantic that it returns data at least as fresh as provided
 * RV"), rewatchResourceVersion returns it; only an expired streaming list itself starts over
 * from "". `resourceVersion=N` with `sendInitialEvents=true` is never too old for the cacher.
 *
 * Replace is RealFIFO's (the_real_fifo.go, InOrderInformers, on by default since 1.33): a
 * Deleted tombstone (DeletedFinalStateUnknown) for every known key the new list lacks, then a
 * Replaced delta per listed object in list order. The informer (shared_informer.go
 * processDeltas, OnUpdate) adds what it did not know (onAdd), and updates what it knew: an
 * object whose resourceVersion changed gets onUpdate, an unchanged one counts as a resync and
 * reaches only listeners with a resync period, which none here has.
 *
 * Not simulated: the LIST fallback when a streaming list fails for other reasons (it is retried
 * after the backoff instead), VeryShortWatchError, periodic resync, and 429 handling.
 */
export class Informer {
  readonly store = new Map<string, KubeObject>();
  synced = false;
  /** lastSyncResourceVersion: of the last event, bookmark or replaced list. */
  resourceVersion = '';
  private lastSyncResourceVersionUnavailable = false;
  private watchId: number | undefined;
  private listing: Listing | undefined;
  private stopped = false;
  private readonly rng: Rng;
  private readonly backoff: ExponentialBackoff;

  constructor(
    private readonly client: ApiClient,
    private readonly path: string,
    private readonly handlers: InformerHandlers,
    private readonly fieldSelector?: string,
  ) {
    // One stream per reflector, independent of the scenario seed (as the scheduler's tie-breaker):
    // a new seed renames objects but never moves a watch timeout or a relist in time.
    this.rng = createRng(`reflector ${client.actorId} ${path}${fieldSelector ? `?fieldSelector=${fieldSelector}` : ''}`);
    this.backoff = new ExponentialBackoff(this.rng.fork('backoff'), client.sim.now);
  }

  start(cause?: number): void {
    this.watchList(cause);
  }

  /** Stops the informer (its stop channel closed): the watch is cancelled, nothing more is handled. */
  stop(cause?: number): void {
    this.stopped = true;
    this.listing = undefined;
    if (this.watchId !== undefined) this.client.stopWatch(this.watchId, cause);
    this.watchId = undefined;
  }

  list(): KubeObject[] {
    return [...this.store.values()];
  }

  get(key: string): KubeObject | undefined {
    return this.store.get(key);
  }

  /** watchList: a streaming list, from lastSyncResourceVersion (or "" once it was unavailable). */
  private watchList(cause: number | undefined): void {
    const resourceVersion = this.lastSyncResourceVersionUnavailable ? '' : this.resourceVersion;
    this.listing = { items: new Map(), resourceVersion: '' };
    this.open({ resourceVersion, resourceVersionMatch: 'NotOlderThan', sendInitialEvents: 'true' }, cause);
  }

  /** The watch loop's new watch once a stream ended: from lastSyncResourceVersion, no initial events. */
  private rewatch(cause: number): void {
    this.open({ resourceVersion: this.resourceVersion }, cause);
  }

  private open(opts: { resourceVersion: string; resourceVersionMatch?: string; sendInitialEvents?: string }, cause: number | undefined): void {
    const timeoutSeconds = Math.floor(MIN_WATCH_TIMEOUT_SECONDS * (this.rng.next() + 1));
    // ListOptions as client-go encodes them: url.Values sorts the keys; the typed client's
    // Timeout(timeoutSeconds) adds `timeout`; an empty resourceVersion is left out.
    const query: Record<string, string> = { allowWatchBookmarks: 'true' };
    if (this.fieldSelector) query.fieldSelector = this.fieldSelector;
    if (opts.resourceVersion) query.resourceVersion = opts.resourceVersion;
    if (opts.resourceVersionMatch) query.resourceVersionMatch = opts.resourceVersionMatch;
    if (opts.sendInitialEvents) query.sendInitialEvents = opts.sendInitialEvents;
    query.timeout = goDuration(timeoutSeconds * MICROS_PER_SECOND);
    query.timeoutSeconds = String(timeoutSeconds);
    const id = this.client.watch(
      this.path,
      query,
      cause,
      (ev, delivery) => {
        if (id === this.watchId) this.onEvent(ev, delivery.seq);
      },
      (end) => {
        if (id === this.watchId) this.onEnd(end);
      },
    );
    this.watchId = id;
  }

  private onEvent(ev: WatchEvent, cause: number): void {
    if (ev.type === 'ERROR') {
      // handleAnyWatch returns the Status as an error; the watch is over.
      this.watchId = undefined;
      this.failed(ev.object, cause);
      return;
    }
    const rv = ev.object.metadata.resourceVersion ?? '';
    const listing = this.listing;
    if (listing) {
      // During a streaming list the events go to the temporary store; its resourceVersion
      // becomes lastSyncResourceVersion only with the Replace.
      listing.resourceVersion = rv;
      if (ev.type === 'BOOKMARK') {
        if (ev.object.metadata.annotations?.[INITIAL_EVENTS_END] === 'true') this.replace(listing, cause);
        return;
      }
      const key = keyOf(ev.object);
      if (ev.type === 'DELETED') listing.items.delete(key);
      else listing.items.set(key, { object: ev.object, cause });
      return;
    }
    this.resourceVersion = rv;
    if (ev.type === 'BOOKMARK') return;
    const key = keyOf(ev.object);
    const old = this.store.get(key);
    if (ev.type === 'DELETED') {
      this.store.delete(key);
      this.handlers.onDelete?.(ev.object, cause);
      return;
    }
    this.store.set(key, ev.object);
    if (old) this.handlers.onUpdate?.(old, ev.object, cause);
    else this.handlers.onAdd?.(ev.object, cause);
  }

  /** The streaming list is complete: the store is replaced, and the stream goes on as the watch. */
  private replace(listing: Listing, cause: number): void {
    this.listing = undefined;
    this.lastSyncResourceVersionUnavailable = false;
    this.resourceVersion = listing.resourceVersion;
    const relist = this.synced;
    const counts = { deleted: 0, added: 0, updated: 0, unchanged: 0 };
    for (const [key, obj] of [...this.store]) {
      if (listing.items.has(key)) continue;
      this.store.delete(key);
      counts.deleted++;
      this.handlers.onDelete?.(obj, cause, true);
    }
    for (const [key, { object, cause: added }] of listing.items) {
      const old = this.store.get(key);
      this.store.set(key, object);
      if (!old) {
        counts.added++;
        this.handlers.onAdd?.(object, added);
      } else if (old.metadata.resourceVersion !== object.metadata.resourceVersion) {
        counts.updated++;
        this.handlers.onUpdate?.(old, object, added);
      } else counts.unchanged++;
    }
    if (relist) {
      this.client.sim.recorder.record({ kind: 'span', actor: this.client.actorId, op: 'Replace', dur: 0, cause, attrs: { path: this.path, resourceVersion: listing.resourceVersion, items: listing.items.size, ...counts } });
    }
    if (!this.synced) {
      this.synced = true;
      this.handlers.onSynced?.(cause);
    }
  }

  private onEnd(end: WatchEnd): void {
    this.watchId = undefined;
    if (end.response) {
      // The watch was refused: Watch returned an error.
      this.failed(isStatus(end.response.body) ? end.response.body : undefined, end.cause);
      return;
    }
    if (this.listing) {
      // The stream ended before the initial events did: watchList tries again at once.
      this.watchList(end.cause);
      return;
    }
    this.rewatch(end.cause);
  }

  /** A watch failed with `status` (an ERROR event, or a refused request). */
  private failed(status: KubeObject | undefined, cause: number): void {
    const expired = isExpired(status);
    if (this.listing) {
      this.listing = undefined;
      if (expired) {
        // watchList's isErrorRetriableWithSideEffectsFn: start over from "", at once.
        this.lastSyncResourceVersionUnavailable = true;
        this.relist(cause, 0, status);
        return;
      }
    }
    // ListAndWatch returns; BackoffUntil waits before the next one.
    const delay = this.backoff.next(this.client.sim.now);
    this.client.sim.after(delay, () => {
      if (!this.stopped) this.relist(cause, delay, status);
    }, { label: `reflector backoff ${this.path}` });
  }

  /** ListAndWatch again: a span the views show as the reflector's relist, then the streaming list. */
  private relist(cause: number, waited: Micros, status: KubeObject | undefined): void {
    const s = status as { code?: number; reason?: string; message?: string } | undefined;
    const seq = this.client.sim.recorder.record({
      kind: 'span',
      actor: this.client.actorId,
      op: 'watchList',
      dur: 0,
      cause,
      attrs: {
        path: this.path,
        relist: true,
        resourceVersion: this.lastSyncResourceVersionUnavailable ? '' : this.resourceVersion,
        backoff: goDuration(waited),
        ...(s?.code !== undefined ? { code: s.code } : {}),
        ...(s?.reason ? { reason: s.reason } : {}),
        ...(s?.message ? { error: s.message } : {}),
      },
    });
    this.watchList(seq);
  }
}

/** isExpiredError: 410 with reason Expired, or Gone from servers before 1.18. */
function isExpired(status: KubeObject | undefined): boolean {
  const s = status as { reason?: string } | undefined;
  return s?.reason === 'Expired' || s?.reason === 'Gone';
}
