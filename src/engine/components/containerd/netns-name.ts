import type { Rng } from '../../../base/rng.ts';

/**
 * The name containerd gives a sandbox's network namespace under /var/run/netns (pkg/netns/
 * netns_linux.go newNS): 16 random bytes printed as `cni-%x-%x-%x-%x-%x` over the slices
 * [0:4], [4:6], [6:8], [8:10], [10:16]. Plain random bytes, not a UUID: no version nibble, no
 * variant bits. Drawn from the seeded stream so a seed gives the same names.
 */
export function cniNetnsName(rng: Rng): string {
  const bytes = Array.from({ length: 16 }, () => rng.int(256).toString(16).padStart(2, '0'));
  const hex = (from: number, to: number): string => bytes.slice(from, to).join('');
  return `cni-${hex(0, 4)}-${hex(4, 6)}-${hex(6, 8)}-${hex(8, 10)}-${hex(10, 16)}`;
}
