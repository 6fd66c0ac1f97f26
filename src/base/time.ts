/**
 * Simulated time: an integer number of microseconds since the trace origin.
 * Microseconds match Kubernetes' MicroTime, so replayed audit and event timestamps lose nothing.
 * A plain number (not bigint) keeps JSON and hot loops cheap; 2^53 µs is about 285 years.
 */
export type Micros = number;

export const MICROS_PER_MS = 1_000;
export const MICROS_PER_SECOND = 1_000_000;

export const micros = {
  fromMs: (ms: number): Micros => Math.round(ms * MICROS_PER_MS),
  fromSeconds: (s: number): Micros => Math.round(s * MICROS_PER_SECOND),
  /** Lossy: sub-millisecond precision is dropped, as xstate delays are whole milliseconds. */
  toMs: (t: Micros): number => Math.floor(t / MICROS_PER_MS),
  toSeconds: (t: Micros): number => t / MICROS_PER_SECOND,
};

const DURATION_UNITS: Record<string, number> = {
  us: 1,
  µs: 1,
  ms: MICROS_PER_MS,
  s: MICROS_PER_SECOND,
  m: 60 * MICROS_PER_SECOND,
  h: 3600 * MICROS_PER_SECOND,
};

/**
 * Parses a Go-style duration ("30s", "1m30s", "250ms", "1.5s") into microseconds.
 * Returns undefined when the text is not a duration, so callers can name the bad input.
 */
export function parseDuration(text: string): Micros | undefined {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === '0') return trimmed === '0' ? 0 : undefined;
  const re = /(\d+(?:\.\d+)?)(us|µs|ms|s|m|h)/gy;
  let total = 0;
  let consumed = 0;
  for (let m = re.exec(trimmed); m; m = re.exec(trimmed)) {
    total += Number(m[1]) * (DURATION_UNITS[m[2] as string] ?? 0);
    consumed = re.lastIndex;
  }
  return consumed === trimmed.length && consumed > 0 ? Math.round(total) : undefined;
}

/** Formats a duration for people reading a timeline: 1.234s, 12.5ms, 800µs. */
export function formatDuration(t: Micros): string {
  if (t >= MICROS_PER_SECOND) return `${trimZeros((t / MICROS_PER_SECOND).toFixed(3))}s`;
  if (t >= MICROS_PER_MS) return `${trimZeros((t / MICROS_PER_MS).toFixed(3))}ms`;
  return `${t}µs`;
}

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/**
 * `YYYY-MM-DDTHH:MM:SS` (UTC, no zone) of a Unix time in whole seconds, by calendar arithmetic
 * (Howard Hinnant's civil_from_days): no Date object, so the deterministic layers format
 * instants without touching the platform's clock or time zone.
 */
export function unixSecondsToIso(seconds: number): string {
  const days = Math.floor(seconds / 86_400);
  const secs = seconds - days * 86_400;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const two = (n: number): string => String(n).padStart(2, '0');
  const hh = Math.floor(secs / 3600);
  const mm = Math.floor((secs % 3600) / 60);
  return `${String(year).padStart(4, '0')}-${two(month)}-${two(day)}T${two(hh)}:${two(mm)}:${two(secs % 60)}`;
}

/** RFC 3339 timestamp (seconds precision, as in metadata.creationTimestamp) of origin + t. */
export function toRfc3339(originIso: string, t: Micros): string {
  const ms = Date.parse(originIso) + Math.floor(t / MICROS_PER_MS);
  return `${unixSecondsToIso(Math.floor(ms / 1000))}Z`;
}

/** RFC 3339 with microseconds (MicroTime, as in events.k8s.io eventTime and audit timestamps). */
export function toRfc3339Micro(originIso: string, t: Micros): string {
  const totalMicros = Date.parse(originIso) * MICROS_PER_MS + t;
  const frac = String(totalMicros % 1_000_000).padStart(6, '0');
  return `${unixSecondsToIso(Math.floor(totalMicros / 1_000_000))}.${frac}Z`;
}
