import { describe, expect, it } from 'vitest';
import { formatMicros, parseDurationMicros } from './duration.ts';

describe('parseDurationMicros (Go time.ParseDuration syntax)', () => {
  it('reads units, fractions, signs and sums', () => {
    expect(parseDurationMicros('30s')).toBe(30_000_000);
    expect(parseDurationMicros('1m30s')).toBe(90_000_000);
    expect(parseDurationMicros('1h30m')).toBe(5_400_000_000);
    expect(parseDurationMicros('-1.5s')).toBe(-1_500_000);
    expect(parseDurationMicros('+250ms')).toBe(250_000);
    expect(parseDurationMicros('500us')).toBe(500);
    expect(parseDurationMicros('500µs')).toBe(500);
    expect(parseDurationMicros('.5s')).toBe(500_000);
    expect(parseDurationMicros('1.s')).toBe(1_000_000);
    expect(parseDurationMicros('1500ns')).toBe(1); // truncated to µs
    expect(parseDurationMicros('0')).toBe(0);
  });

  it("refuses what Go refuses, in Go's words", () => {
    expect(parseDurationMicros('')).toEqual({ error: 'time: invalid duration ""' });
    expect(parseDurationMicros('.s')).toEqual({ error: 'time: invalid duration ".s"' });
    expect(parseDurationMicros('10')).toEqual({ error: 'time: missing unit in duration "10"' });
    expect(parseDurationMicros('2d')).toEqual({ error: 'time: unknown unit "d" in duration "2d"' });
    expect(parseDurationMicros('1s2')).toEqual({ error: 'time: missing unit in duration "1s2"' });
  });

  it('formats offsets for messages', () => {
    expect(formatMicros(0)).toBe('0s');
    expect(formatMicros(-1_500_000)).toBe('-1.5s');
    expect(formatMicros(2_000_000)).toBe('+2s');
    expect(formatMicros(250_000)).toBe('+250ms');
    expect(formatMicros(12)).toBe('+12µs');
  });
});
