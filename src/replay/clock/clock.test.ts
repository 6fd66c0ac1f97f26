import { describe, expect, it } from 'vitest';
import { alignClocks } from './align.ts';
import { formatRfc3339Micros, parseRfc3339Micros, utcDayOf } from './rfc3339.ts';

describe('RFC 3339 with microseconds', () => {
  it('reads MicroTime, RFC3339Nano (truncated) and offsets, and refuses other text', () => {
    const base = Date.UTC(2024, 4, 1, 10, 0, 0) * 1000;
    expect(parseRfc3339Micros('2024-05-01T10:00:00Z')).toBe(base);
    expect(parseRfc3339Micros('2024-05-01T10:00:00.123456Z')).toBe(base + 123456);
    expect(parseRfc3339Micros('2024-05-01T10:00:00.123456789Z')).toBe(base + 123456);
    expect(parseRfc3339Micros('2024-05-01T12:00:00.5+02:00')).toBe(base + 500000);
    expect(parseRfc3339Micros('yesterday')).toBeUndefined();
    expect(parseRfc3339Micros('2024-13-01T10:00:00Z')).toBeUndefined();
    expect(formatRfc3339Micros(base + 7)).toBe('2024-05-01T10:00:00.000007Z');
    expect(utcDayOf(base + 7)).toBe(Date.UTC(2024, 4, 1) * 1000);
  });
});

describe('alignClocks', () => {
  const link = (key: string) => [{ key, rule: 'r', confidence: 'observed' as const }];
  it('shifts the less precise file by the smallest amount that puts effects after causes', () => {
    const r = alignClocks([
      { precision: 'ns', events: [{ at: 1000, kind: 'span', actor: 'a', op: 'p', line: 1, keys: ['k1', 'k2'] }] },
      {
        precision: 's',
        events: [
          { at: 900, kind: 'span', actor: 'a', op: 'c', line: 1, causes: link('k1') },
          { at: 950, kind: 'span', actor: 'a', op: 'c', line: 2, causes: link('k2') },
        ],
      },
      { precision: 'ms', events: [{ at: 5000, kind: 'span', actor: 'a', op: 'c', line: 1, causes: link('k1') }] },
      { precision: 'us', events: [{ at: 10, kind: 'span', actor: 'a', op: 'x', line: 1 }], clockOffset: -5 },
    ]);
    expect(r).toEqual([
      { offset: 0, clock: 'none' },
      { offset: 100, clock: 'estimated' },
      { offset: 0, clock: 'estimated' },
      { offset: -5, clock: 'given' },
    ]);
  });

  it('moves a cause file back when its effects in the reference would come first', () => {
    const r = alignClocks([
      { precision: 'us', events: [{ at: 100, kind: 'span', actor: 'a', op: 'effect', line: 1, causes: link('k') }] },
      { precision: 's', events: [{ at: 400, kind: 'span', actor: 'a', op: 'cause', line: 1, keys: ['k'] }] },
    ]);
    expect(r).toEqual([
      { offset: 0, clock: 'none' },
      { offset: -300, clock: 'estimated' },
    ]);
  });
});
