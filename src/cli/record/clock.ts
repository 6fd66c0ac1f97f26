/**
 * Receive times for lines whose tool prints none (kubectl watch, etcdctl watch): RFC 3339 with
 * nanoseconds, as Go's time.RFC3339Nano formats UTC (`2026-01-01T09:00:00.123456789Z`, trailing
 * zeros of the fraction dropped). Date.now() has only milliseconds, so the wall clock is read
 * once and advanced by the monotonic high-resolution clock: times never go backwards within a
 * recording, even when NTP steps the wall clock.
 */
export interface RecordClock {
  /** Epoch nanoseconds now. */
  nowNanos(): bigint;
}

export function systemClock(): RecordClock {
  const wall0 = BigInt(Date.now()) * 1_000_000n;
  const mono0 = process.hrtime.bigint();
  return { nowNanos: () => wall0 + (process.hrtime.bigint() - mono0) };
}

export function rfc3339Nano(epochNanos: bigint): string {
  const ms = Number(epochNanos / 1_000_000n);
  const base = new Date(ms).toISOString().slice(0, 19); // YYYY-MM-DDTHH:MM:SS
  const frac = (epochNanos % 1_000_000_000n).toString().padStart(9, '0').replace(/0+$/, '');
  return `${base}${frac === '' ? '' : `.${frac}`}Z`;
}

/** `{"recv": <RFC3339Nano>, "ev": <line>}`: the line is JSON already and is embedded as is. */
export function stampLine(line: string, clock: RecordClock): string {
  return `{"recv":"${rfc3339Nano(clock.nowNanos())}","ev":${line}}`;
}
