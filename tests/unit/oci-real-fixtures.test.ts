import { describe, expect, it } from 'vitest';
import { diffCases } from '../real/support/oci-compare.ts';
import { readFixture } from '../real/support/oci-fixtures.ts';
import { modelCases } from '../real/support/oci-lifecycle-suite.ts';
import type { LifecycleMatrix } from '../real/support/oci-matrix.ts';
import { MATRIX_OPS, MATRIX_STATES } from '../real/support/oci-matrix.ts';
import { fixtureModelKeys, type StraceFixture } from '../real/support/oci-strace-suite.ts';

/**
 * The model against what the real runc 1.1.5 and crun 1.8.1 did, as `npm run test:real`
 * recorded it in tests/real/fixtures/ (no root needed here): every (state, operation) pair of the
 * OCI lifecycle (src/domain/oci/cli-outcome.ts, following runc's and crun's sources, see
 * runc-lifecycle.ts and crun-lifecycle.ts), and the order of the namespace, mount, pivot_root,
 * sethostname and execve calls of create + start (runc-steps.ts, crun-steps.ts).
 */
for (const flavour of ['runc', 'crun'] as const) {
  describe(`${flavour}: the recorded real lifecycle matrix`, () => {
    const fixture = readFixture<LifecycleMatrix>(flavour, 'lifecycle');

    it('covers every state × operation pair', () => {
      expect(fixture.cases.map((c) => `${c.state} × ${c.op}`)).toEqual(MATRIX_STATES.flatMap((s) => MATRIX_OPS.map((o) => `${s} × ${o.name}`)));
    });

    it('is what the model says, case by case', () => {
      expect(diffCases(fixture.cases, modelCases(flavour, fixture.cases), ['real', 'model'])).toEqual([]);
    });
  });

  describe(`${flavour}: the recorded real create + start under strace`, () => {
    const fixture = readFixture<StraceFixture>(flavour, 'strace');

    it('has the namespace calls, the pivot and the exec of the container process', () => {
      expect(fixture.calls.some((k) => k.startsWith('clone CLONE_NEW') || k.startsWith('unshare CLONE_NEW'))).toBe(true);
      expect(fixture.calls.filter((k) => k === 'pivot_root . .')).toHaveLength(1);
      expect(fixture.calls.at(-1)).toBe('execve /bin/sh sh -c echo hi');
    });

    it("is the model's sequence of calls", () => {
      expect(fixtureModelKeys(fixture)).toEqual(fixture.calls);
    });
  });
}
