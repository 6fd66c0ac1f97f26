import { toRfc3339Micro } from '../../base/time.ts';
import type { EpochMicros } from '../types.ts';

/**
 * RFC 3339 timestamps to and from epoch microseconds. `Date.parse` keeps only milliseconds;
 * Kubernetes writes MicroTime (`2024-05-01T10:00:00.123456Z`) and Go's RFC3339Nano writes up to
 * nine digits, so the fraction is read here and truncated (not rounded) to microseconds, as the
 * trace's unit is the microsecond.
 */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?([Zz]|[+-]\d{2}:?\d{2})$/;

/** Epoch µs of an RFC 3339 timestamp, or undefined when the text is not one. */
export function parseRfc3339Micros(text: string): EpochMicros | undefined {
  const m = RFC3339.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m as unknown as string[];
  const base = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(base) || Number(mo) > 12 || Number(d) > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 60) return undefined;
  let offsetMinutes = 0;
  if (zone !== undefined && zone !== 'Z' && zone !== 'z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
  }
  const micros = frac ? Number((frac + '000000').slice(0, 6)) : 0;
  return (base - offsetMinutes * 60_000) * 1000 + micros;
}

/** `2026-01-01T09:00:00.000000Z`: RFC 3339 in UTC with six fraction digits. */
export function formatRfc3339Micros(at: EpochMicros): string {
  return toRfc3339Micro('1970-01-01T00:00:00Z', at);
}

/** Epoch µs of midnight UTC of the day `at` falls on (`ImportContext.day`). */
export function utcDayOf(at: EpochMicros): EpochMicros {
  const day = 86_400_000_000;
  return Math.floor(at / day) * day;
}
