import type { EpochMicros, TimePrecision } from '../../../types.ts';

/** A parsed Kubernetes timestamp: epoch µs and how fine the text was. */
export interface ParsedTime {
  at: EpochMicros;
  precision: TimePrecision;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|z|[+-]\d{2}:\d{2})$/;

/**
 * RFC 3339 as Kubernetes writes it: `metav1.Time` (seconds, `2021-05-19T09:42:58Z`),
 * `metav1.MicroTime` (six digits), and RFC3339Nano receive stamps (up to nine digits). Digits
 * below the microsecond are truncated (the trace's unit); the precision says how many the
 * text had. Returns undefined for anything else (Date.parse would accept too much).
 */
export function parseK8sTime(text: unknown): ParsedTime | undefined {
  if (typeof text !== 'string') return undefined;
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m as unknown as string[];
  const seconds = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) / 1000;
  if (!Number.isFinite(seconds)) return undefined;
  let offset = 0;
  if (zone && zone !== 'Z' && zone !== 'z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    offset = sign * (Number(zone.slice(1, 3)) * 3600 + Number(zone.slice(4, 6)) * 60);
  }
  const fraction = frac ?? '';
  const micros = fraction === '' ? 0 : Number(fraction.slice(0, 6).padEnd(6, '0'));
  return { at: (seconds - offset) * 1_000_000 + micros, precision: precisionOf(fraction.length) };
}

function precisionOf(digits: number): TimePrecision {
  if (digits === 0) return 's';
  if (digits <= 3) return 'ms';
  if (digits <= 6) return 'us';
  return 'ns';
}

const ORDER: TimePrecision[] = ['ns', 'us', 'ms', 's', 'none'];

/**
 * The precision of a file's timestamps (`SourceFacts.precision`). `finest` (the default) for
 * stamps of one kind: Go's RFC3339Nano drops trailing zeros, so `09:01:00Z` next to
 * `09:00:00.100000001Z` is a nanosecond stamp that happened to be round. `coarsest` for files
 * mixing fields of different kinds (Events: MicroTime eventTime next to whole-second
 * lastTimestamp), where the merge must allow for the worst.
 */
export class PrecisionTracker {
  private current: TimePrecision | undefined;

  constructor(private readonly mode: 'finest' | 'coarsest' = 'finest') {}

  see(p: TimePrecision): void {
    if (this.current === undefined) this.current = p;
    const coarser = ORDER.indexOf(p) > ORDER.indexOf(this.current);
    if (coarser === (this.mode === 'coarsest')) this.current = p;
  }

  get value(): TimePrecision {
    return this.current ?? 'none';
  }
}
