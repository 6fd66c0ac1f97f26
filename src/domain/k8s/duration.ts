import type { Micros } from '../../base/time.ts';

/**
 * Durations as Kubernetes prints them. Two different formatters exist upstream and both show up
 * in output people read:
 * - `duration.HumanDuration` (k8s.io/apimachinery/pkg/util/duration): kubectl's AGE column and
 *   the "3 (20s ago)" of RESTARTS.
 * - Go's `time.Duration.String()`: event messages ("in 1.403s"), back-off messages ("back-off 20s").
 */

const NS_PER_US = 1000n;
const NS_PER_MS = 1_000_000n;
const NS_PER_S = 1_000_000_000n;

function toNanos(micros: Micros): bigint {
  return Number.isInteger(micros) ? BigInt(micros) * NS_PER_US : BigInt(Math.round(micros * 1000));
}

/** Go's fractional printing: integer part, then the fraction with trailing zeros removed. */
function fmtFrac(v: bigint, unit: bigint): string {
  const whole = v / unit;
  const frac = v % unit;
  if (frac === 0n) return `${whole}`;
  const width = unit.toString().length - 1;
  return `${whole}.${frac.toString().padStart(width, '0').replace(/0+$/, '')}`;
}

/**
 * Go's `time.Duration.String()` for a duration in microseconds (fractions of a µs are allowed):
 * "0s", "853µs", "1.5ms", "1.403s", "1m30s", "1h0m0s", "-2s".
 */
export function goDuration(micros: Micros): string {
  let ns = toNanos(micros);
  if (ns === 0n) return '0s';
  const neg = ns < 0n;
  if (neg) ns = -ns;
  let out: string;
  if (ns < NS_PER_S) {
    // Below one second Go picks the largest unit that keeps a leading non-zero digit.
    if (ns < NS_PER_US) out = `${ns}ns`;
    else if (ns < NS_PER_MS) out = `${fmtFrac(ns, NS_PER_US)}µs`;
    else out = `${fmtFrac(ns, NS_PER_MS)}ms`;
  } else {
    const hours = ns / (3600n * NS_PER_S);
    const afterHours = ns % (3600n * NS_PER_S);
    const minutes = afterHours / (60n * NS_PER_S);
    const seconds = fmtFrac(afterHours % (60n * NS_PER_S), NS_PER_S);
    if (hours > 0n) out = `${hours}h${minutes}m${seconds}s`;
    else if (minutes > 0n) out = `${minutes}m${seconds}s`;
    else out = `${seconds}s`;
  }
  return neg ? `-${out}` : out;
}

/** `d.Truncate(unit)` for positive durations: rounds toward zero to a multiple of unit. */
export function truncateMicros(micros: Micros, unitMicros: Micros): Micros {
  if (unitMicros <= 0) return micros;
  return micros - (micros % unitMicros);
}

/**
 * `duration.HumanDuration`: "45s", "2m10s", "15m", "4h5m", "3d4h", "2y10d", "<invalid>" when
 * more than a second in the future. kubectl's AGE column and RESTARTS "(20s ago)" use it.
 */
export function humanDuration(micros: Micros): string {
  const seconds = Math.trunc(micros / 1_000_000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.trunc(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.trunc(minutes / 60);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.trunc(hours / 24)}d` : `${Math.trunc(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.trunc(hours / 24) % 365;
    const y = Math.trunc(hours / 24 / 365);
    return dy === 0 ? `${y}y` : `${y}y${dy}d`;
  }
  return `${Math.trunc(hours / 24 / 365)}y`;
}

/** Microseconds between two RFC 3339 timestamps (b − a). Pure: it only parses the strings. */
export function microsBetween(aIso: string, bIso: string): Micros {
  return isoToMicros(bIso) - isoToMicros(aIso);
}

/** An RFC 3339 timestamp (with optional fraction of up to 9 digits) as µs since the Unix epoch. */
export function isoToMicros(iso: string): Micros {
  const m = /^(.*?)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(iso);
  if (!m) {
    const ms = Date.parse(iso);
    if (Number.isNaN(ms)) throw new Error(`not an RFC 3339 timestamp: ${iso}`);
    return ms * 1000;
  }
  const ms = Date.parse(`${m[1]}${m[3]}`);
  if (Number.isNaN(ms)) throw new Error(`not an RFC 3339 timestamp: ${iso}`);
  const frac = (m[2] ?? '').slice(0, 6).padEnd(6, '0');
  return ms * 1000 + Number(frac);
}
