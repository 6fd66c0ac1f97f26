import { describe, expect, it } from 'vitest';
import { semanticEqual } from './equality.ts';

describe('semanticEqual (apiequality.Semantic.DeepEqual)', () => {
  it('treats nil and empty slices and maps as equal', () => {
    expect(semanticEqual({ a: [] }, {})).toBe(true);
    expect(semanticEqual({ a: {} }, { a: null })).toBe(true);
  });

  it('treats an absent scalar as its Go zero value', () => {
    expect(semanticEqual({ hostNetwork: false }, {})).toBe(true);
    expect(semanticEqual({ name: '' }, {})).toBe(true);
    expect(semanticEqual({ port: 0 }, {})).toBe(true);
    expect(semanticEqual({ hostNetwork: true }, {})).toBe(false);
  });

  it('compares quantities in resource lists by value', () => {
    const a = { resources: { requests: { cpu: '1', memory: '1Gi' } } };
    const b = { resources: { requests: { cpu: '1000m', memory: '1024Mi' } } };
    expect(semanticEqual(a, b)).toBe(true);
    expect(semanticEqual(a, { resources: { requests: { cpu: '2', memory: '1Gi' } } })).toBe(false);
  });

  it('does not compare other strings as quantities', () => {
    expect(semanticEqual({ image: '1' }, { image: '1000m' })).toBe(false);
  });

  it('is order-sensitive for arrays and deep for objects', () => {
    expect(semanticEqual([1, 2], [2, 1])).toBe(false);
    expect(semanticEqual({ a: { b: [{ c: 'x' }] } }, { a: { b: [{ c: 'x' }] } })).toBe(true);
    expect(semanticEqual({ a: { b: [{ c: 'x' }] } }, { a: { b: [{ c: 'y' }] } })).toBe(false);
    expect(semanticEqual({ a: 1 }, { a: '1' })).toBe(false);
  });
});
