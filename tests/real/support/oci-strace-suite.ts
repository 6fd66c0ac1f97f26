import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OciSpec } from '../../../src/domain/oci/spec.ts';
import { requireRoot } from './host.ts';
import { FIXTURES_DIR, readFixture, recordingFixtures, writeFixture } from './oci-fixtures.ts';
import { removeCgroupDirs, runtimeCommand, type RuntimeCommand } from './oci-host.ts';
import { runtimeVersion } from './oci-lifecycle-suite.ts';
import { captureCreateStart, STRACE_ID, type StraceCapture } from './oci-strace-capture.ts';
import { straceKeys, subsequence } from './oci-strace-keys.ts';
import { modelStraceKeys, straceNormalizer, type StraceHostFacts } from './oci-strace-model.ts';

/** The committed capture: the normalized keys of the real calls, and what the model needs to name them. */
export type StraceFixture = {
  runtime: 'runc' | 'crun';
  version: string;
  id: string;
  /** cgroupsPath, config and host facts with `<work>` and `<cgroup>` for the run's temp dir and cgroup parent. */
  host: StraceHostFacts;
  config: OciSpec;
  calls: string[];
};

/** The model's keys for a fixture: its placeholders stand in for paths of a pretend run. */
export function fixtureModelKeys(f: StraceFixture): string[] {
  const work = '/tmp/ka-model-work';
  const cgroupParent = '/ka-model-cgroup';
  const fill = <T>(x: T): T => JSON.parse(JSON.stringify(x).split('<work>').join(work).split('<cgroup>').join(cgroupParent)) as T;
  return modelStraceKeys(f.runtime, fill(f.config), work, cgroupParent, f.id, fill(f.host));
}

/**
 * The strace order test of one runtime (tests/real/runc-strace.test.ts, crun-strace.test.ts):
 * the namespace calls, mounts, pivot_root, sethostname and execve of a real create + start must
 * be the model's, in the same order, and the committed fixture's.
 */
export function describeStrace(flavour: 'runc' | 'crun'): void {
  let work = '';
  let command: RuntimeCommand | undefined;
  const cgroupParent = `/ka-real-${process.pid}`;
  let capture: StraceCapture;
  let fixture: StraceFixture;

  beforeAll(async () => {
    requireRoot();
    command = await runtimeCommand(flavour);
    work = mkdtempSync(join(tmpdir(), `ka-${flavour}-strace-`));
    capture = await captureCreateStart(command, work, cgroupParent);
    const norm = straceNormalizer(work, cgroupParent);
    const n = <T>(x: T): T => JSON.parse(norm(JSON.stringify(x))) as T;
    fixture = { runtime: flavour, version: runtimeVersion(command.binary), id: STRACE_ID, host: n(capture.host), config: n(capture.spec), calls: straceKeys(capture.lines, norm) };
    writeFixture(recordingFixtures() ? FIXTURES_DIR : join(work, 'fixtures'), flavour, 'strace', fixture);
  }, 120_000);

  afterAll(() => {
    command?.release();
    const left = removeCgroupDirs(cgroupParent);
    if (left.length > 0) console.error(`cgroups left behind: ${left.join(', ')}`);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  describe(`${flavour} create + start under strace -f, real vs model`, () => {
    it('ran the container', () => {
      expect(capture.stdout).toBe('hi\n');
    });

    it("has the model's namespace calls, mounts, pivot_root, sethostname and execve in the same order", () => {
      const model = fixtureModelKeys(fixture);
      const sub = subsequence(model, fixture.calls);
      expect(sub.missing, 'a model call not found in order in the real trace').toBeUndefined();
      // And nothing the model does not know about.
      expect(model).toEqual(fixture.calls);
    });

    it('is what the committed fixture recorded', () => {
      const committed = readFixture<StraceFixture>(flavour, 'strace');
      expect(fixture.version).toBe(committed.version);
      expect(fixture.calls).toEqual(committed.calls);
      expect(fixture.host).toEqual(committed.host);
    });
  });
}
