import { describe, expect, it } from 'vitest';
import { humanDuration as formatAge } from '../../../domain/k8s/duration.ts';
import { age } from './printRows.ts';

const S = 1_000_000;

// Cases from k8s.io/apimachinery/pkg/util/duration HumanDuration (duration_test.go table and
// its branches): the AGE column and the "(5m ago)" of RESTARTS.
describe('formatAge = duration.HumanDuration', () => {
  it('matches every branch', () => {
    const cases: [number, string][] = [
      [-2 * S, '<invalid>'],
      [-1.5 * S, '0s'],
      [-S, '0s'],
      [0, '0s'],
      [999_999, '0s'],
      [S, '1s'],
      [119 * S, '119s'],
      [120 * S, '2m'],
      [121 * S, '2m1s'],
      [9 * 60 * S + 59 * S, '9m59s'],
      [10 * 60 * S, '10m'],
      [179 * 60 * S + 59 * S, '179m'],
      [180 * 60 * S, '3h'],
      [(3 * 60 + 1) * 60 * S, '3h1m'],
      [(7 * 60 + 59) * 60 * S, '7h59m'],
      [8 * 3600 * S, '8h'],
      [47 * 3600 * S + 59 * 60 * S, '47h'],
      [48 * 3600 * S, '2d'],
      [49 * 3600 * S, '2d1h'],
      [(8 * 24 - 1) * 3600 * S, '7d23h'],
      [8 * 24 * 3600 * S, '8d'],
      [729 * 24 * 3600 * S, '729d'],
      [730 * 24 * 3600 * S, '2y'],
      [731 * 24 * 3600 * S, '2y1d'],
      [(8 * 365 - 1) * 24 * 3600 * S, '7y364d'],
      [8 * 365 * 24 * 3600 * S, '8y'],
    ];
    for (const [t, text] of cases) expect(formatAge(t), String(t)).toBe(text);
  });

  it('measures a timestamp from the simulated now, "<unknown>" when unset', () => {
    const now = Date.UTC(2026, 0, 1, 9, 5, 0) * 1000;
    expect(age('2026-01-01T09:00:00Z', { now })).toBe('5m');
    expect(age(undefined, { now })).toBe('<unknown>');
    expect(age('2026-01-01T09:05:03Z', { now })).toBe('<invalid>');
  });
});
