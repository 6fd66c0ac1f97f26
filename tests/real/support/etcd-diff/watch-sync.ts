import { readMetrics } from '../etcd.ts';
import { type Captured, sleep } from './process.ts';

/**
 * When a watch started "in a second terminal" is in place on the real etcd. The model's user
 * turns back to the first terminal once the watch is under way (its catch-up from an old
 * revision sent); on the real side the next command must likewise wait, or a put could land
 * before the watch exists, or inside its catch-up batch, and the output would depend on timing.
 *
 * etcd's mvcc gauges tell (server/mvcc/metrics.go, watchable_store.go): `watch()` adds to
 * etcd_debugging_mvcc_watcher_total (and, for a watch from an old revision, first to
 * etcd_debugging_mvcc_slow_watcher_total, the unsynced group); syncWatchers sends the catch-up
 * and sets the slow gauge to what stays unsynced. So: watcher_total above what it was, and no
 * slow watcher, means registered and caught up.
 */

const WATCHERS = 'etcd_debugging_mvcc_watcher_total';
const SLOW = 'etcd_debugging_mvcc_slow_watcher_total';

export async function watcherCount(clientURL: string): Promise<number> {
  return (await readMetrics(clientURL)).get(WATCHERS) ?? 0;
}

/** Waits until the watch `w` is registered and synced, or has exited (a cancelled watch). */
export async function waitWatchInPlace(clientURL: string, w: Captured, before: number, timeoutMs: number): Promise<'synced' | 'exited'> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (w.exitCode !== undefined) return 'exited';
    const m = await readMetrics(clientURL);
    if ((m.get(WATCHERS) ?? 0) > before && m.get(SLOW) === 0) return 'synced';
    await sleep(10);
  }
  throw new Error(`watch (pid ${w.pid}) was not in place within ${timeoutMs} ms`);
}

/**
 * After a watch ended by itself, waits until the server has dropped it too (the gauge counts
 * it until the stream closes), so the next watch's "above what it was" is measured right.
 */
export async function waitWatchersSettle(clientURL: string, alive: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await watcherCount(clientURL)) === alive) return;
    await sleep(10);
  }
  throw new Error(`etcd still counts watchers other than the ${alive} running ones after ${timeoutMs} ms`);
}

/**
 * Waits until none of the watches has printed anything for `quietMs` since `since` (the end of
 * the last command: an event it caused may still be on its way), bounded by `timeoutMs`.
 */
export async function waitQuiet(watches: readonly Captured[], since: number, quietMs: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const last = Math.max(since, ...watches.map((w) => w.lastOutputAt));
    const quietFor = Date.now() - last;
    if (quietFor >= quietMs || Date.now() >= deadline) return;
    await sleep(Math.min(quietMs - quietFor, Math.max(1, deadline - Date.now())));
  }
}
