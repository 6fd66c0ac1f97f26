import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { runcSpecError, validateSpec } from '../../../domain/oci/validate.ts';
import { Network } from '../../runtime/network.ts';
import { parseScenario } from '../../scenario/parse.ts';
import { runScenario } from '../../scenario/runner.ts';

/**
 * Every config.json the engine hands to a low-level runtime (runc, crun, runsc, Kata's shim,
 * through containerd or CRI-O/conmon) in the example scenarios of each runtime, checked against
 * the OCI runtime spec (domain/oci/validate.ts: runtime-spec config.md, config-linux.md,
 * schema/config-schema.json).
 */

const SCENARIOS: Record<string, string> = {
  'containerd+runc': 'examples/hello-deployment.scenario.yaml',
  'containerd+crun': 'examples/crun.scenario.yaml',
  'containerd+runsc / containerd+kata': 'examples/sandboxed-runtimes.scenario.yaml',
  'node commands (containerd+runc)': 'examples/node-commands.scenario.yaml',
  'cri-o+runc / cri-o+crun (through conmon)': 'examples/crio.scenario.yaml',
};

/** The specs of every `create` sent in a run, as the runtime received them. */
function specsOf(file: string): unknown[] {
  const specs: unknown[] = [];
  const send = Network.prototype.send;
  const spy = vi.spyOn(Network.prototype, 'send').mockImplementation(function (this: Network, from, to, op, opts = {}) {
    const payload = (opts as { payload?: { spec?: unknown } }).payload;
    if (op === 'create' && payload && typeof payload === 'object' && payload.spec !== undefined) specs.push(structuredClone(payload.spec));
    return send.call(this, from, to, op, opts);
  });
  try {
    runScenario(parseScenario(readFileSync(file, 'utf8'), file));
  } finally {
    spy.mockRestore();
  }
  return specs;
}

describe('the config.json of every container in the runtime scenarios', () => {
  afterAll(() => vi.restoreAllMocks());
  for (const [runtime, file] of Object.entries(SCENARIOS)) {
    it(`is valid per the runtime spec: ${runtime} (${file})`, () => {
      const specs = specsOf(file);
      expect(specs.length).toBeGreaterThan(1);
      const violations = specs.flatMap((s) => validateSpec(s).map((v) => v.message));
      expect(violations).toEqual([]);
    });
  }
});

/** The real bundles' config.json the runc and crun differential tests recorded (tests/real/fixtures/{runc,crun}/strace.json). */
describe('the real config.json fixtures', () => {
  for (const runtime of ['runc', 'crun']) {
    it(`are valid per the runtime spec and accepted by the runc checks: ${runtime}`, () => {
      const fixture = JSON.parse(readFileSync(`tests/real/fixtures/${runtime}/strace.json`, 'utf8')) as { config: unknown };
      expect(validateSpec(fixture.config)).toEqual([]);
      expect(runcSpecError(fixture.config, { systemdCgroup: false })).toBeUndefined();
    });
  }
});
