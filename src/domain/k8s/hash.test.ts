import { describe, expect, it } from 'vitest';
import { canonicalJson, fnv32a, fnv32aBytes } from './hash.ts';

describe('fnv32a', () => {
  it('matches the FNV-1a 32-bit test vectors', () => {
    expect(fnv32a('')).toBe(0x811c9dc5);
    expect(fnv32a('a')).toBe(0xe40c292c);
    expect(fnv32a('foobar')).toBe(0xbf9cf968);
  });

  it('continues from a seed like writing more bytes to the same hasher', () => {
    const enc = new TextEncoder();
    expect(fnv32aBytes(enc.encode('bar'), fnv32a('foo'))).toBe(fnv32a('foobar'));
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every level and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[1,{"y":2,"z":1}]},"b":1}');
  });

  it('is independent of insertion order', () => {
    expect(canonicalJson({ x: 1, y: 2 })).toBe(canonicalJson({ y: 2, x: 1 }));
  });
});
