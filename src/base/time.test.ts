import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration, toRfc3339, toRfc3339Micro } from './time.ts';

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
