/**
 * Durations as Go's `time.ParseDuration` reads them (kubectl's `--request-timeout`, etcd's
 * flags): `30s`, `1m30s`, `-250ms`, `+1.5h`, `500us` / `500µs`, `0`. In microseconds, the
 * trace's unit; nanoseconds are truncated toward zero. Errors carry Go's wording.
 */
const UNIT_NS: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

export function parseDurationMicros(text: string): number | { error: string } {
  const invalid = { error: `time: invalid duration ${JSON.stringify(text)}` };
  let s = text;
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') return invalid;
  let ns = 0;
  while (s !== '') {
    const m = /^(\d*)(?:\.(\d*))?/.exec(s) as RegExpExecArray;
    const whole = m[1] as string;
    const frac = m[2];
    if (whole === '' && (frac === undefined || frac === '')) return invalid;
    s = s.slice(m[0].length);
    const unit = /^[^\d.]*/.exec(s)?.[0] ?? '';
    if (unit === '') return { error: `time: missing unit in duration ${JSON.stringify(text)}` };
    const scale = UNIT_NS[unit];
    if (scale === undefined) return { error: `time: unknown unit ${JSON.stringify(unit)} in duration ${JSON.stringify(text)}` };
    s = s.slice(unit.length);
    ns += Number(whole === '' ? 0 : whole) * scale + (frac ? Number(`0.${frac}`) * scale : 0);
  }
  if (ns >= 2 ** 63) return invalid; // Go: "invalid duration" on overflow
  return sign * Math.trunc(ns / 1000);
}

/** µs as a short signed duration for messages: `+1.5s`, `-250ms`, `0s`. */
export function formatMicros(us: number): string {
  if (us === 0) return '0s';
  const sign = us < 0 ? '-' : '+';
  const a = Math.abs(us);
  if (a % 1_000_000 === 0) return `${sign}${a / 1_000_000}s`;
  if (a >= 1_000_000) return `${sign}${(a / 1_000_000).toFixed(6).replace(/0+$/, '')}s`;
  if (a % 1000 === 0) return `${sign}${a / 1000}ms`;
  return `${sign}${a}µs`;
}
