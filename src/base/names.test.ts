import { describe, expect, it } from 'vitest';
import { createRng } from './rng.ts';
import { generateName, hexId, NAME_ALPHABET, safeEncodeString, uuid } from './names.ts';

describe('names', () => {
  it('appends five characters of the apimachinery alphabet to generateName', () => {
    const name = generateName('web-7d4b9c-', createRng(1));
    expect(name).toMatch(/^web-7d4b9c-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it('truncates the base to 58 characters', () => {
    const name = generateName('x'.repeat(70), createRng(1));
    expect(name).toHaveLength(63);
  });

  it('encodes like rand.SafeEncodeString', () => {
    // '0' is char code 48: 48 % 27 = 21 → alphabet[21]
    expect(safeEncodeString('0')).toBe(NAME_ALPHABET[48 % 27]);
    expect(safeEncodeString('1234567890')).toHaveLength(10);
  });

  it('draws deterministic uuids and hex ids', () => {
    expect(uuid(createRng(3))).toBe(uuid(createRng(3)));
    expect(uuid(createRng(3))).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(hexId(createRng(3))).toMatch(/^[0-9a-f]{64}$/);
  });
});
