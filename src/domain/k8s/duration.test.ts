import { describe, expect, it } from 'vitest';
import { goDuration, humanDuration, isoToMicros, microsBetween, truncateMicros } from './duration.ts';

describe("goDuration (Go's time.Duration.String)", () => {
  it.each([
    [0, '0s'],
    [0.5, '500ns'],
    [1, '1µs'],
    [1.5, '1.5µs'],
    [853, '853µs'],
    [1500, '1.5ms'],
    [853_000, '853ms'],
    [853_412, '853.412ms'],
    [1_000_000, '1s'],
    [1_400_000, '1.4s'],
    [1_403_000, '1.403s'],
    [20_000_000, '20s'],
    [61_500_000, '1m1.5s'],
    [90_000_000, '1m30s'],
    [300_000_000, '5m0s'],
    [3_600_000_000, '1h0m0s'],
    [3_723_000_000, '1h2m3s'],
    [-2_000_000, '-2s'],
  ])('%d µs → %s', (us, s) => {
    expect(goDuration(us)).toBe(s);
  });
});

describe('truncateMicros', () => {
  it('rounds toward zero to a multiple of the unit', () => {
    expect(truncateMicros(1_403_512, 1000)).toBe(1_403_000);
    expect(truncateMicros(999, 1000)).toBe(0);
    expect(truncateMicros(-1500, 1000)).toBe(-1000);
  });
});

describe('humanDuration (kubectl AGE)', () => {
  const s = (n: number): number => n * 1_000_000;
  it.each([
    [s(0), '0s'],
    [s(45), '45s'],
    [s(119), '119s'],
    [s(120), '2m'],
    [s(130), '2m10s'],
    [s(600), '10m'],
    [s(179 * 60), '179m'],
    [s(3 * 3600), '3h'],
    [s(4 * 3600 + 5 * 60), '4h5m'],
    [s(47 * 3600), '47h'],
    [s(3 * 86400 + 4 * 3600), '3d4h'],
    [s(10 * 86400), '10d'],
    [s(800 * 86400), '2y70d'],
    [s(9 * 365 * 86400), '9y'],
    [-500_000, '0s'],
    [s(-3), '<invalid>'],
  ])('%d µs → %s', (us, text) => {
    expect(humanDuration(us)).toBe(text);
  });
});

describe('isoToMicros', () => {
  it('keeps microseconds of RFC 3339 timestamps', () => {
    expect(isoToMicros('1970-01-01T00:00:01Z')).toBe(1_000_000);
    expect(isoToMicros('1970-01-01T00:00:01.000250Z')).toBe(1_000_250);
    expect(isoToMicros('1970-01-01T00:00:01.5Z')).toBe(1_500_000);
    expect(isoToMicros('1970-01-01T09:00:00+09:00')).toBe(0);
    expect(microsBetween('2025-01-01T00:00:00Z', '2025-01-01T00:01:00Z')).toBe(60_000_000);
  });

  it('rejects text that is not a timestamp', () => {
    expect(() => isoToMicros('yesterday')).toThrow('not an RFC 3339 timestamp');
  });
});
