import { describe, expect, it } from 'vitest';
import { createRng } from '../../base/rng.ts';
import { LEFT, randomName, RIGHT, uniqueName } from './names.ts';

// moby pkg/namesgenerator/names-generator.go GetRandomName and daemon/names.go generateAndReserveName.
describe('Docker random container names', () => {
  it('are adjective_surname from the two lists, with a digit on a retry', () => {
    const rng = createRng(1);
    for (let i = 0; i < 200; i++) {
      const [left, right] = randomName(rng, 0).split('_');
      expect(LEFT).toContain(left);
      expect(RIGHT).toContain(right);
    }
    expect(randomName(createRng(2), 1)).toMatch(/^[a-z]+_[a-z]+[0-9]$/);
  });

  it('retries on a name in use and falls back to the short ID after six clashes', () => {
    const first = randomName(createRng(3), 0);
    const second = uniqueName(createRng(3), (n) => n === first, 'f'.repeat(64));
    expect(second).not.toBe(first);
    expect(second).toMatch(/^[a-z]+_[a-z]+[0-9]$/);
    expect(uniqueName(createRng(3), () => true, 'abcdef0123456789'.repeat(4))).toBe('abcdef012345');
  });
});
