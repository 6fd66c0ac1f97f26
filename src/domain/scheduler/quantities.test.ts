import { describe, expect, it } from 'vitest';
import { isValidQuantity } from '../k8s/quantity.ts';
import { quantityMilliValue, quantityValue } from './quantities.ts';

// The same expectations the scheduler's former private parser had: the shared parser behind
// quantities.ts gives identical results (apimachinery resource/quantity.go MilliValue, Value).

describe('quantityMilliValue (cpu)', () => {
  it.each([
    ['100m', 100],
    ['0.1', 100],
    ['1', 1000],
    ['1.5', 1500],
    ['2', 2000],
    ['250m', 250],
    ['1k', 1_000_000],
    ['+3', 3000],
  ])('%s → %i', (q, want) => expect(quantityMilliValue(q)).toBe(want));

  it('rounds up like Quantity.MilliValue', () => {
    expect(quantityMilliValue('1u')).toBe(1);
    expect(quantityMilliValue('0.0001')).toBe(1);
    expect(quantityMilliValue('1500u')).toBe(2);
  });

  it('accepts numbers from YAML', () => {
    expect(quantityMilliValue(2)).toBe(2000);
    expect(quantityMilliValue(0.5)).toBe(500);
  });
});

describe('quantityValue (memory, counts)', () => {
  it.each([
    ['1Gi', 1073741824],
    ['1G', 1_000_000_000],
    ['128974848', 128974848],
    ['129e6', 129_000_000],
    ['123Mi', 123 * 1024 * 1024],
    ['1Ki', 1024],
    ['8Gi', 8 * 1024 ** 3],
    ['1.5Gi', 1.5 * 1024 ** 3],
    ['110', 110],
    ['0', 0],
  ])('%s → %i', (q, want) => expect(quantityValue(q)).toBe(want));

  it('rounds fractions up (Value rounds away from zero)', () => {
    expect(quantityValue('0.5')).toBe(1);
    expect(quantityValue('100m')).toBe(1);
  });

  it('rejects what the apiserver rejects', () => {
    expect(() => quantityValue('1 Gi')).toThrow(/quantities must match/);
    expect(() => quantityValue('abc')).toThrow();
    expect(() => quantityValue('1Gb')).toThrow();
    expect(isValidQuantity('500m')).toBe(true);
    expect(isValidQuantity('4 cores')).toBe(false);
  });
});
