import type { Difference } from './compare.ts';

/**
 * Where the model's containerd (src/engine/components/containerd/containerd.ts) differs today from
 * what the real CRI plugin did in the recording (tests/real/fixtures/containerd/), each with
 * what the real one does and why it matters. The comparison passes only when the differences are
 * exactly these: a new one fails it (a regression, or a new mismatch to look at), and so does one
 * that went away (the model was fixed: delete its entry). So this list can only shrink.
 *
 * Keys are compare.ts's: `<step label> | <field path or what>`. Upstream references are to
 * containerd 2.x (internal/cri/server), which behaves as 1.6 does in each of these.
 */

export interface KnownGap {
  key: string;
  reason: string;
}

// The hugepageLimits of the recording host (hybrid cgroup v1 without a hugetlb hierarchy) are
// no gap any more: the model is told the host's controllers (fixture hostCgroups, host-cgroups.ts).
export const KNOWN_GAPS: readonly KnownGap[] = [];

/** Differences not listed here, and listed gaps that did not occur. */
export function againstKnownGaps(diffs: readonly Difference[], gaps: readonly KnownGap[] = KNOWN_GAPS): { unexpected: Difference[]; fixed: KnownGap[] } {
  const known = new Set(gaps.map((g) => g.key));
  const seen = new Set(diffs.map((d) => d.key));
  return { unexpected: diffs.filter((d) => !known.has(d.key)), fixed: gaps.filter((g) => !seen.has(g.key)) };
}

/** The failure message: what is new (with real vs model), what is fixed. */
export function gapReport(r: { unexpected: readonly Difference[]; fixed: readonly KnownGap[] }): string {
  const parts: string[] = [];
  if (r.unexpected.length) parts.push(`differences from the real containerd that known-gaps.ts does not list:\n${r.unexpected.map((d) => `- ${d.key}\n    ${d.detail}`).join('\n')}`);
  if (r.fixed.length) parts.push(`known gaps that no longer occur (the model was fixed: delete them from tests/real/support/cri/known-gaps.ts):\n${r.fixed.map((g) => `- ${g.key}`).join('\n')}`);
  return parts.join('\n\n');
}
