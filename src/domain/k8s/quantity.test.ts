import { describe, expect, it } from 'vitest';
import {
  compareQuantities,
  cpuMillis,
  ERR_QUANTITY_FORMAT,
  ERR_QUANTITY_SUFFIX,
  formatCpuMillis,
  formatMemory,
  formatQuantity,
  isValidQuantity,
  memoryBytes,
  parseQuantity,
  parseQuantityExact,
} from './quantity.ts';

describe('cpuMillis (MilliValue, rounds up)', () => {
  it.each([
    ['500m', 500],
    ['2', 2000],
    ['1.5', 1500],
    ['100m', 100],
    ['0.1', 100],
    ['0.0001', 1],
    ['250000u', 250],
    ['1k', 1_000_000],
  ])('%s → %d', (q, m) => {
    expect(cpuMillis(q)).toBe(m);
  });

  it('treats undefined and null as 0 and reads numbers', () => {
    expect(cpuMillis(undefined)).toBe(0);
    expect(cpuMillis(null)).toBe(0);
    expect(cpuMillis(2)).toBe(2000);
    expect(cpuMillis(0.5)).toBe(500);
  });
});

describe('memoryBytes (Value, rounds up)', () => {
  it.each([
    ['8Gi', 8_589_934_592],
    ['128M', 128_000_000],
    ['128Mi', 134_217_728],
    ['1e3', 1000],
    ['1Ki', 1024],
    ['1.5Gi', 1_610_612_736],
    ['0.5Ki', 512],
    ['100m', 1],
    ['64974848', 64_974_848],
  ])('%s → %d', (q, b) => {
    expect(memoryBytes(q)).toBe(b);
  });

  it('reads YAML numbers', () => {
    expect(memoryBytes(1_000_000)).toBe(1_000_000);
    expect(memoryBytes(undefined)).toBe(0);
  });
});

describe('parseQuantity (float in base units)', () => {
  it.each([
    ['1.5', 1.5],
    ['100m', 0.1],
    ['1Ki', 1024],
    ['-1', -1],
    ['2.5G', 2.5e9],
    ['1e-3', 0.001],
  ])('%s → %d', (q, v) => {
    expect(parseQuantity(q)).toBe(v);
  });
});

describe('formatQuantity: the canonical form', () => {
  it.each([
    // Examples from the Quantity type's own documentation.
    ['1.5', '1500m'],
    ['1.5Gi', '1536Mi'],
    // Largest suffix without fractional digits.
    ['1000', '1k'],
    ['1000m', '1'],
    ['0.5', '500m'],
    ['100m', '100m'],
    ['128M', '128M'],
    ['2000Mi', '2000Mi'],
    ['1024Ki', '1Mi'],
    ['2048Ki', '2Mi'],
    ['1536Ki', '1536Ki'],
    ['5000Ki', '5000Ki'],
    ['8Gi', '8Gi'],
    // Below 1024 (or fractional) a binary quantity prints as DecimalSI.
    ['0.1Ki', '102400m'],
    ['0', '0'],
    ['00', '0'],
    ['0Gi', '0'],
    // Exponent notation keeps its format, with exponents in multiples of three.
    ['1e3', '1e3'],
    ['1.5e3', '1500'],
    ['12e6', '12e6'],
    ['1e10', '10e9'],
    // Rounded up to the nano.
    ['0.9n', '1n'],
    ['0.0000000001', '1n'],
    // No DecimalSI suffix beyond E: exponent notation instead of a wrong value.
    ['1000E', '1e21'],
    // BinarySI is capped at 2^63-1.
    ['8Ei', '9223372036854775807'],
  ])('%s → %s', (input, canonical) => {
    expect(formatQuantity(input)).toBe(canonical);
  });

  it('keeps an already-canonical input string as written, like the parser fast path', () => {
    expect(formatQuantity('1E3')).toBe('1E3');
    expect(formatQuantity('+1')).toBe('+1');
    expect(formatQuantity('1Ki')).toBe('1Ki');
  });

  it('prints negatives with a sign and numbers as decimals', () => {
    expect(formatQuantity('-1.5')).toBe('-1500m');
    expect(formatQuantity(0.25)).toBe('250m');
    expect(formatQuantity(2)).toBe('2');
  });

  it('can override the format', () => {
    expect(formatQuantity('1048576', 'BinarySI')).toBe('1Mi');
    expect(formatQuantity('1Mi', 'DecimalSI')).toBe('1048576');
  });
});

describe('formatMemory and formatCpuMillis', () => {
  it('formats bytes as the kubelet reports memory (BinarySI)', () => {
    expect(formatMemory(8_589_934_592)).toBe('8Gi');
    expect(formatMemory(8_343_728_128)).toBe('8148172Ki');
    expect(formatMemory(134_217_728)).toBe('128Mi');
    expect(formatMemory(1000)).toBe('1k');
    expect(formatMemory(1500)).toBe('1500');
    expect(formatMemory(0)).toBe('0');
  });

  it('formats millicores as NewMilliQuantity(DecimalSI)', () => {
    expect(formatCpuMillis(500)).toBe('500m');
    expect(formatCpuMillis(2000)).toBe('2');
    expect(formatCpuMillis(1500)).toBe('1500m');
    expect(formatCpuMillis(100_000)).toBe('100');
    expect(formatCpuMillis(0)).toBe('0');
  });
});

describe('errors', () => {
  it("uses apimachinery's ErrFormatWrong message", () => {
    expect(ERR_QUANTITY_FORMAT).toBe("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
  });

  it.each(['', '5 Gi', 'abc', '1Gb', '1.2.3', 'one'])('%j is not a quantity (format)', (bad) => {
    expect(() => parseQuantityExact(bad)).toThrowError(new Error(ERR_QUANTITY_FORMAT));
  });

  it.each(['1kk', '1e', '1Mi2', '1iK'])('%j has a bad suffix', (bad) => {
    expect(() => parseQuantityExact(bad)).toThrowError(new Error(ERR_QUANTITY_SUFFIX));
  });

  it('cpuMillis and memoryBytes throw the same errors', () => {
    expect(() => cpuMillis('2 cores')).toThrow(ERR_QUANTITY_FORMAT);
    expect(() => memoryBytes('8GB')).toThrow(ERR_QUANTITY_FORMAT);
    expect(isValidQuantity('8GB')).toBe(false);
    expect(isValidQuantity('8G')).toBe(true);
  });

  it('accepts the odd inputs upstream accepts', () => {
    // parseQuantityString returns 0 for a lone sign or dot, and allows "1." and ".5".
    expect(parseQuantity('-')).toBe(0);
    expect(parseQuantity('.')).toBe(0);
    expect(parseQuantity('1.')).toBe(1);
    expect(parseQuantity('.5')).toBe(0.5);
  });
});

describe('compareQuantities', () => {
  it('compares by value across formats', () => {
    expect(compareQuantities('1', '1000m')).toBe(0);
    expect(compareQuantities('1Gi', '1G')).toBe(1);
    expect(compareQuantities('500m', 1)).toBe(-1);
    expect(compareQuantities('1Ki', '1024')).toBe(0);
  });
});
