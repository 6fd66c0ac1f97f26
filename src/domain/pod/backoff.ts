import { MICROS_PER_SECOND, type Micros } from '../../base/time.ts';

/**
 * client-go's per-key exponential backoff (util/flowcontrol/backoff.go, Backoff with no jitter,
 * as the kubelet makes it with NewBackOff), which the kubelet uses twice:
 * - CrashLoopBackOff (kubelet.go newCrashLoopBackOff, kuberuntime_manager.go doBackOff): keyed by
 *   pod and container, starting at 10 s, doubling, capped at 300 s; its entry "expires" (starts
 *   over at 10 s) only when a container ran for more than 600 s since the last Next
 *   (HasExpiredFunc: eventTime − lastUpdate > 600 s, eventTime being the exit's FinishedAt).
 * - image pulls (images/image_manager.go): keyed by `<pod uid>_<image>`, 10 s → 300 s, expiring
 *   after 2 × max without a Next (the library default).
 *
 * In 1.34 the gates ReduceDefaultCrashLoopBackOffDecay (alpha since 1.33: 1 s → 60 s) and
 * KubeletCrashLoopBackOffMax (alpha since 1.32: a per-node maximum from
 * crashLoopBackOff.maxContainerRestartPeriod) are off by default; `crashLoopBackOffParams`
 * gives their values when turned on.
 */
export interface BackoffParams {
  initial: Micros;
  max: Micros;
  /** When an entry no longer counts and the next Next starts over (HasExpiredFunc). */
  hasExpired: (eventTime: Micros, lastUpdate: Micros, max: Micros) => boolean;
}

interface Entry {
  backoff: Micros;
  lastUpdate: Micros;
}

/** The library's default expiry: 2 × max since the last update. */
export const defaultHasExpired = (eventTime: Micros, lastUpdate: Micros, max: Micros): boolean => eventTime - lastUpdate > 2 * max;

/** The kubelet's CrashLoopBackOff expiry (kubelet.go): the container ran for more than 10 minutes. */
export const CRASH_LOOP_RESET: Micros = 600 * MICROS_PER_SECOND;

/** The CrashLoopBackOff parameters of 1.34 (feature gates as given; both off by default). */
export function crashLoopBackOffParams(gates: { reduceDefaultCrashLoopBackOffDecay?: boolean; kubeletCrashLoopBackOffMax?: Micros } = {}): BackoffParams {
  let max = 300 * MICROS_PER_SECOND;
  let initial = 10 * MICROS_PER_SECOND;
  if (gates.reduceDefaultCrashLoopBackOffDecay) {
    max = 60 * MICROS_PER_SECOND;
    initial = MICROS_PER_SECOND;
  }
  if (gates.kubeletCrashLoopBackOffMax !== undefined) {
    // The operator's maximum wins; a maximum below the initial delay lowers the initial delay too.
    max = gates.kubeletCrashLoopBackOffMax;
    if (max < initial) initial = max;
  }
  return { initial, max, hasExpired: (eventTime, lastUpdate) => eventTime - lastUpdate > CRASH_LOOP_RESET };
}

/** The image pull backoff (kubelet.go imageBackOffPeriod, MaxImageBackOff): 10 s → 300 s. */
export const IMAGE_PULL_BACKOFF: BackoffParams = { initial: 10 * MICROS_PER_SECOND, max: 300 * MICROS_PER_SECOND, hasExpired: defaultHasExpired };

export class Backoff {
  private readonly entries = new Map<string, Entry>();

  constructor(readonly params: BackoffParams) {}

  /** Get: the current delay of a key (0 without an entry). */
  get(key: string): Micros {
    return this.entries.get(key)?.backoff ?? 0;
  }

  /** Next: move the key's backoff on (initial for a new or expired entry, else doubled up to max). */
  next(key: string, eventTime: Micros, now: Micros): void {
    const e = this.entries.get(key);
    if (!e || this.params.hasExpired(eventTime, e.lastUpdate, this.params.max)) {
      this.entries.set(key, { backoff: this.params.initial, lastUpdate: now });
      return;
    }
    e.backoff = Math.min(e.backoff * 2, this.params.max);
    e.lastUpdate = now;
  }

  /** IsInBackOffSince: less than the current delay has passed since `eventTime`. */
  isInBackOffSince(key: string, eventTime: Micros, now: Micros): boolean {
    const e = this.entries.get(key);
    if (!e || this.params.hasExpired(eventTime, e.lastUpdate, this.params.max)) return false;
    return now - eventTime < e.backoff;
  }

  /** IsInBackOffSinceUpdate: less than the current delay has passed since the last Next. */
  isInBackOffSinceUpdate(key: string, eventTime: Micros): boolean {
    const e = this.entries.get(key);
    if (!e || this.params.hasExpired(eventTime, e.lastUpdate, this.params.max)) return false;
    return eventTime - e.lastUpdate < e.backoff;
  }

  /** When the key's backoff window that started at `since` ends. */
  expiresAt(key: string, since: Micros): Micros {
    return since + this.get(key);
  }

  /** GC: drop entries not updated for 2 × max. */
  gc(now: Micros): void {
    for (const [k, e] of this.entries) if (now - e.lastUpdate > 2 * this.params.max) this.entries.delete(k);
  }
}
