import { describe, expect, it } from 'vitest';
import { createRng } from '../../../base/rng.ts';
import { cniNetnsName } from './netns-name.ts';

// containerd pkg/netns/netns_linux.go newNS: fmt.Sprintf("cni-%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:]).
describe('cniNetnsName', () => {
  it('prints 16 random bytes in the 4-2-2-2-6 grouping, two hex digits a byte', () => {
    const rng = createRng(7);
    for (let i = 0; i < 50; i++) expect(cniNetnsName(rng)).toMatch(/^cni-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('is not a v4 UUID: the version nibble and variant bits take any value', () => {
    const rng = createRng(11);
    const names = Array.from({ length: 200 }, () => cniNetnsName(rng));
    expect(new Set(names.map((n) => n[18])).size).toBeGreaterThan(4);
    expect(names.some((n) => !'89ab'.includes(n[23] as string))).toBe(true);
  });

  it('is the same for the same seed', () => {
    expect(cniNetnsName(createRng(3))).toBe(cniNetnsName(createRng(3)));
  });
});
