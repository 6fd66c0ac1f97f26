import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration, toRfc3339, toRfc3339Micro, unixSecondsToIso } from './time.ts';

describe('time', () => {
  it('parses Go-style durations into microseconds', () => {
    expect(parseDuration('30s')).toBe(30_000_000);
    expect(parseDuration('1m30s')).toBe(90_000_000);
    expect(parseDuration('250ms')).toBe(250_000);
    expect(parseDuration('1.5s')).toBe(1_500_000);
    expect(parseDuration('0')).toBe(0);
    expect(parseDuration('soon')).toBeUndefined();
    expect(parseDuration('30')).toBeUndefined();
  });

  it('formats durations for the timeline', () => {
    expect(formatDuration(1_234_000)).toBe('1.234s');
    expect(formatDuration(12_500)).toBe('12.5ms');
    expect(formatDuration(800)).toBe('800µs');
  });

  it('makes timestamps from the origin without reading the clock', () => {
    expect(toRfc3339('2026-01-01T09:00:00Z', 1_500_000)).toBe('2026-01-01T09:00:01Z');
    expect(toRfc3339Micro('2026-01-01T09:00:00Z', 1_500_001)).toBe('2026-01-01T09:00:01.500001Z');
  });
});

describe('unixSecondsToIso', () => {
  it('formats instants as Date#toISOString does, without a Date', () => {
    for (const s of [0, 59, 86_399, 86_400, 951_782_400, 1_767_258_000, 4_102_444_799, 253_402_300_799, -1, -86_401]) {
      expect(unixSecondsToIso(s)).toBe(new Date(s * 1000).toISOString().slice(0, 19));
    }
  });
});
