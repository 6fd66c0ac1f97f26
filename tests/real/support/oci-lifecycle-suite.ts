import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireRoot, run } from './host.ts';
import { diffCases } from './oci-compare.ts';
import { FIXTURES_DIR, readFixture, recordingFixtures, writeFixture } from './oci-fixtures.ts';
import { runtimeCommand, type RuntimeCommand } from './oci-host.ts';
import { MATRIX_PROCESS, stateRoot, type LifecycleCase, type LifecycleMatrix } from './oci-matrix.ts';
import { modelCase } from './oci-model-side.ts';
import { normalizeCase } from './oci-normalize.ts';
import { prepareRealSide, realMatrix, removeCgroupParent, type RealSide } from './oci-real-side.ts';

/** `runc --version` → "1.1.5+ds1"; `crun --version` → "1.8.1". */
export function runtimeVersion(binary: string): string {
  const first = run(binary, ['--version']).stdout.split('\n')[0] ?? '';
  return first.replace(/^\S+ version /, '').trim();
}

/** Where the model "runs": a path like a real temp dir (`<work>` itself would come out of Go's JSON as \u003cwork\u003e). */
const MODEL_WORK = '/tmp/ka-model-work';

/** The model's cases, normalized, for the recorded (state, operation, container id) of `cases`. */
export function modelCases(flavour: 'runc' | 'crun', cases: readonly LifecycleCase[]): LifecycleCase[] {
  return cases.map((c) => normalizeCase(flavour, modelCase(flavour, { work: MODEL_WORK }, c.state, c.op, c.id), MODEL_WORK));
}

/**
 * The lifecycle differential test of one runtime (tests/real/runc-lifecycle.test.ts,
 * crun-lifecycle.test.ts): the real matrix, normalized, must equal the model's case by case, and
 * the committed fixture (the last recording) — else the runtime or the harness drifted.
 */
export function describeLifecycle(flavour: 'runc' | 'crun'): void {
  let work = '';
  let command: RuntimeCommand | undefined;
  let side: RealSide | undefined;
  let matrix: LifecycleMatrix;
  let leftovers: string[] = [];
  let leftCgroups: string[] = [];

  beforeAll(async () => {
    requireRoot();
    command = await runtimeCommand(flavour);
    work = mkdtempSync(join(tmpdir(), `ka-${flavour}-matrix-`));
    side = prepareRealSide(work, command);
    const real = await realMatrix(side);
    matrix = { runtime: flavour, version: runtimeVersion(command.binary), process: MATRIX_PROCESS, cases: real.map((c) => normalizeCase(flavour, c, work)) };
    writeFixture(recordingFixtures() ? FIXTURES_DIR : join(work, 'fixtures'), flavour, 'lifecycle', matrix);
    const list = await side.runtime.run([flavour, '--root', stateRoot(side.layout), 'list', '-q']);
    leftovers = list.stdout.split('\n').filter((l) => l.trim() !== '');
  }, 120_000);

  afterAll(async () => {
    if (side) {
      // Anything a failed case left behind goes, by id.
      for (const id of leftovers) await side.runtime.run([flavour, '--root', stateRoot(side.layout), 'delete', '--force', id]);
      leftCgroups = removeCgroupParent(side);
      if (leftCgroups.length > 0) console.error(`cgroups left behind: ${leftCgroups.join(', ')}`);
    }
    command?.release();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  describe(`${flavour}: every (state, operation) pair of the OCI lifecycle, real vs model`, () => {
    it('gives the same exit code, output, log.json lines and status afterwards as the model', () => {
      expect(diffCases(matrix.cases, modelCases(flavour, matrix.cases), ['real', 'model'])).toEqual([]);
    });

    it('is what the committed fixture recorded', () => {
      const fixture = readFixture<LifecycleMatrix>(flavour, 'lifecycle');
      expect(matrix.version, `the fixture was recorded with ${flavour} ${fixture.version}; re-record with KA_RECORD_FIXTURES=1 after checking the model`).toBe(fixture.version);
      expect(diffCases(matrix.cases, fixture.cases, ['real', 'fixture'])).toEqual([]);
    });

    it('leaves no container behind', () => {
      expect(leftovers).toEqual([]);
    });
  });
}
