import type { Micros } from '../../base/time.ts';

/**
 * client-go's EventCorrelator (tools/record/events_cache.go), which every component's event
 * broadcaster runs before it writes an Event:
 * 1. the aggregator: once 10 events with the same source, object, type and reason but different
 *    messages came within 10 minutes, the next ones become one event "(combined from similar
 *    events): <message>";
 * 2. the logger: an event identical to one already written (same source, object with its
 *    fieldPath, type, reason and message) is not created again: the existing one gets count + 1
 *    and a new lastTimestamp, sent as a PATCH (`kubectl describe` shows "(x5 over 2m)");
 * 3. the spam filter: per source and object, a token bucket of 25 events refilled at one per
 *    5 minutes; an event without a token is dropped (its count still goes up in the cache).
 */

/** The parts of a core/v1 Event the correlator looks at. */
export interface CorrelatedEvent {
  source: { component: string; host?: string };
  involved: { kind: string; namespace?: string; name: string; uid?: string; apiVersion: string; fieldPath?: string };
  type: string;
  reason: string;
  message: string;
}

export type Correlation =
  | { skip: true }
  /** Create a new Event (POST). */
  | { create: true; message: string; key: string }
  /** Patch the Event already written under `name`: count, lastTimestamp, message. */
  | { create: false; name: string; count: number; firstTimestamp: Micros; message: string; key: string };

export const CORRELATOR_DEFAULTS = {
  maxEvents: 10,
  maxInterval: 600_000_000,
  spamBurst: 25,
  /** Tokens per µs: 1 per 300 s. */
  spamQps: 1 / 300_000_000,
} as const;

interface LogEntry {
  count: number;
  firstTimestamp: Micros;
  name?: string;
}

const join = (parts: readonly (string | undefined)[]): string => parts.map((p) => p ?? '').join('');

function eventKey(e: CorrelatedEvent): string {
  const o = e.involved;
  return join([e.source.component, e.source.host, o.kind, o.namespace, o.name, o.fieldPath, o.uid, o.apiVersion, e.type, e.reason, e.message]);
}

function aggregateKey(e: CorrelatedEvent): string {
  const o = e.involved;
  return join([e.source.component, e.source.host, o.kind, o.namespace, o.name, o.uid, o.apiVersion, e.type, e.reason, '', '']);
}

function spamKey(e: CorrelatedEvent): string {
  const o = e.involved;
  return join([e.source.component, e.source.host, o.kind, o.namespace, o.name, o.uid, o.apiVersion]);
}

export class EventCorrelator {
  private readonly aggregates = new Map<string, { messages: string[]; lastTimestamp: Micros }>();
  private readonly log = new Map<string, LogEntry>();
  private readonly buckets = new Map<string, { tokens: number; at: Micros }>();

  constructor(private readonly opts: typeof CORRELATOR_DEFAULTS = CORRELATOR_DEFAULTS) {}

  /** EventCorrelate at `now`. */
  correlate(ev: CorrelatedEvent, now: Micros): Correlation {
    // EventAggregate
    const aKey = aggregateKey(ev);
    let record = this.aggregates.get(aKey);
    if (!record || now - record.lastTimestamp > this.opts.maxInterval) record = { messages: [], lastTimestamp: now };
    if (!record.messages.includes(ev.message)) record.messages.push(ev.message);
    record.lastTimestamp = now;
    this.aggregates.set(aKey, record);
    let key = eventKey(ev);
    let message = ev.message;
    if (record.messages.length >= this.opts.maxEvents) {
      // Keep the set at its maximum (Go pops any element; the oldest here, to stay deterministic).
      record.messages.shift();
      key = aKey;
      message = `(combined from similar events): ${ev.message}`;
    }
    // eventObserve
    const seen = this.log.get(key);
    let result: Correlation;
    if (seen) {
      seen.count += 1;
      result = seen.name !== undefined ? { create: false, name: seen.name, count: seen.count, firstTimestamp: seen.firstTimestamp, message, key } : { create: true, message, key };
    } else {
      this.log.set(key, { count: 1, firstTimestamp: now });
      result = { create: true, message, key };
    }
    // filterFunc: the spam filter
    const sKey = spamKey(ev);
    const bucket = this.buckets.get(sKey) ?? { tokens: this.opts.spamBurst, at: now };
    bucket.tokens = Math.min(this.opts.spamBurst, bucket.tokens + (now - bucket.at) * this.opts.spamQps);
    bucket.at = now;
    this.buckets.set(sKey, bucket);
    if (bucket.tokens < 1) return { skip: true };
    bucket.tokens -= 1;
    return result;
  }

  /** The sink created the event under `name` (eventLogger.updateState). */
  created(key: string, name: string): void {
    const entry = this.log.get(key);
    if (entry) entry.name = name;
  }
}
