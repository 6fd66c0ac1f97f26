import { describe, expect, it } from 'vitest';
import type { RunOptions, RunResult } from '../../engine/index.ts';
import { parseScenario } from '../../engine/scenario/parse.ts';
import type { Scenario } from '../../engine/scenario/types.ts';
import { ScenarioError } from '../../engine/scenario/types.ts';
import { decodeTrace } from '../../trace/jsonl.ts';
import { memoryIO } from '../test-io.ts';
import { type Engine, runCommand } from './run.ts';

const SCRIPT = 'demo/hello.scenario.yaml';
const TEXT = 'steps:\n  - run: kubectl apply -f web.yaml\n  - run: kubectl get pods\n';
const WEB = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n';
const AUDIT_LINE = '{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","stage":"RequestReceived"}';

/** A stand-in for the engine: records what it was given and answers with canned outputs. */
function fakeEngine(): Engine & { calls: { scenario: Scenario; options: RunOptions | undefined }[] } {
  const calls: { scenario: Scenario; options: RunOptions | undefined }[] = [];
  return {
    calls,
    parseScenario,
    runScenario(scenario, options) {
      calls.push({ scenario, options });
      const result: RunResult = {
        header: { format: 'kube-anatomy-trace', version: 1, scenario: 'hello.scenario.yaml', seed: options?.seed ?? scenario.seed, sources: ['sim'], timeOrigin: scenario.timeOrigin },
        events: [{ seq: 1, t: 0, kind: 'log', actor: 'user', op: 'hello', src: 'sim' }],
        outputs: [
          { step: 0, t: 1_000_000, command: 'kubectl apply -f web.yaml', exitCode: 0, stdout: 'deployment.apps/web created\n', stderr: '' },
          { step: 1, t: 1_100_000, command: 'kubectl get pods', exitCode: 0, stdout: '', stderr: 'No resources found in default namespace.\n' },
        ],
        settled: true,
        endTime: 1_200_000,
        eventCount: 1,
      };
      if (options?.audit) result.audit = [AUDIT_LINE, AUDIT_LINE.replace('RequestReceived', 'ResponseComplete')];
      return result;
    },
  };
}

describe('kube-anatomy run', () => {
  it('prints "$ command" and the output of each run step, stderr to stderr, and exits 0', () => {
    const io = memoryIO({ [SCRIPT]: TEXT, 'demo/web.yaml': WEB });
    const engine = fakeEngine();
    expect(runCommand([SCRIPT], io, engine)).toBe(0);
    expect(io.stdout).toBe('$ kubectl apply -f web.yaml\ndeployment.apps/web created\n$ kubectl get pods\n');
    expect(io.stderr).toBe('No resources found in default namespace.\n');
  });

  it('hands files named by -f to the engine, read relative to the script, keyed as typed', () => {
    const io = memoryIO({ [SCRIPT]: TEXT, 'demo/web.yaml': WEB });
    const engine = fakeEngine();
    runCommand([SCRIPT, '--seed', '42'], io, engine);
    expect(engine.calls[0]?.options).toEqual({ files: { 'web.yaml': WEB }, seed: 42 });
  });

  it('prints one JSON object per run step with --format json', () => {
    const io = memoryIO({ [SCRIPT]: TEXT, 'demo/web.yaml': WEB });
    expect(runCommand([SCRIPT, '--format=json'], io, fakeEngine())).toBe(0);
    expect(io.stdout.split('\n')).toEqual([
      '{"step":0,"t":1000000,"command":"kubectl apply -f web.yaml","exitCode":0,"stdout":"deployment.apps/web created\\n","stderr":""}',
      '{"step":1,"t":1100000,"command":"kubectl get pods","exitCode":0,"stdout":"","stderr":"No resources found in default namespace.\\n"}',
      '',
    ]);
    expect(io.stderr).toBe('');
  });

  it('writes the trace with --trace', () => {
    const io = memoryIO({ [SCRIPT]: TEXT, 'demo/web.yaml': WEB });
    expect(runCommand([SCRIPT, '--trace', 'out.kanatomy.jsonl'], io, fakeEngine())).toBe(0);
    const trace = decodeTrace(io.files.get('out.kanatomy.jsonl') ?? '');
    expect(trace.errors).toEqual([]);
    expect(trace.header.scenario).toBe('hello.scenario.yaml');
    expect(trace.events).toHaveLength(1);
  });

  it('turns the audit log on and writes its lines with --audit-log', () => {
    const io = memoryIO({ [SCRIPT]: TEXT, 'demo/web.yaml': WEB });
    const engine = fakeEngine();
    expect(runCommand([SCRIPT, '--audit-log', 'audit.log'], io, engine)).toBe(0);
    expect(engine.calls[0]?.options).toEqual({ files: { 'web.yaml': WEB }, audit: {} });
    expect(io.files.get('audit.log')).toBe(`${AUDIT_LINE}\n${AUDIT_LINE.replace('RequestReceived', 'ResponseComplete')}\n`);
    // Without the option the engine is not asked for one.
    const plain = fakeEngine();
    runCommand([SCRIPT], memoryIO({ [SCRIPT]: TEXT, 'demo/web.yaml': WEB }), plain);
    expect(plain.calls[0]?.options).not.toHaveProperty('audit');
  });

  it('reads the audit policy with --audit-policy-file and hands it to the engine', () => {
    const policy = 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: RequestResponse\n    resources: [{group: "", resources: [pods]}]\n  - level: Metadata\n';
    const io = memoryIO({ [SCRIPT]: TEXT, 'demo/web.yaml': WEB, 'policy.yaml': policy });
    const engine = fakeEngine();
    expect(runCommand([SCRIPT, '--audit-log', 'audit.log', '--audit-policy-file=policy.yaml'], io, engine)).toBe(0);
    expect(engine.calls[0]?.options?.audit).toEqual({ policy: { rules: [{ level: 'RequestResponse', resources: [{ group: '', resources: ['pods'] }] }, { level: 'Metadata' }] } });
    expect(io.stderr).toBe('No resources found in default namespace.\n');
    expect(io.files.get('audit.log')).toContain('"stage":"ResponseComplete"');
  });

  it('prints the warnings of the lenient decode and runs on', () => {
    const policy = 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: Metadata\n    verb: [get]\n';
    const io = memoryIO({ [SCRIPT]: TEXT, 'demo/web.yaml': WEB, 'policy.yaml': policy });
    const engine = fakeEngine();
    expect(runCommand([SCRIPT, '--audit-log', 'audit.log', '--audit-policy-file', 'policy.yaml'], io, engine)).toBe(0);
    expect(io.stderr).toBe(
      'kube-anatomy: warning: policy.yaml:5:5: Audit policy contains errors, falling back to lenient decoding: strict decoding error: unknown field "rules[0].verb"\n' +
        'No resources found in default namespace.\n',
    );
    expect(engine.calls[0]?.options?.audit).toEqual({ policy: { rules: [{ level: 'Metadata' }] } });
  });

  it('exits 1 when the audit policy cannot be read or is refused, before anything runs', () => {
    const missing = memoryIO({ [SCRIPT]: TEXT, 'demo/web.yaml': WEB });
    const engine = fakeEngine();
    expect(runCommand([SCRIPT, '--audit-log', 'audit.log', '--audit-policy-file', 'nope.yaml'], missing, engine)).toBe(1);
    expect(missing.stderr).toBe('kube-anatomy: cannot read nope.yaml: no such file\n');
    const empty = memoryIO({ [SCRIPT]: TEXT, 'demo/web.yaml': WEB, 'policy.yaml': 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: []\n' });
    expect(runCommand([SCRIPT, '--audit-log', 'audit.log', '--audit-policy-file', 'policy.yaml'], empty, engine)).toBe(1);
    expect(empty.stderr).toBe('policy.yaml: loaded illegal policy with 0 rules\n');
    const broken = memoryIO({ [SCRIPT]: TEXT, 'demo/web.yaml': WEB, 'policy.yaml': 'apiVersion: audit.k8s.io/v1\nrules: [{level: None\n' });
    expect(runCommand([SCRIPT, '--audit-log', 'audit.log', '--audit-policy-file', 'policy.yaml'], broken, engine)).toBe(1);
    expect(broken.stderr).toMatch(/^policy\.yaml:\d+:\d+: failed decoding: yaml: line \d+: /);
    // What the apiserver warned about before it gave up comes first.
    const typo = memoryIO({ [SCRIPT]: TEXT, 'demo/web.yaml': WEB, 'policy.yaml': 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - levl: None\n' });
    expect(runCommand([SCRIPT, '--audit-log', 'audit.log', '--audit-policy-file', 'policy.yaml'], typo, engine)).toBe(1);
    expect(typo.stderr).toBe(
      'kube-anatomy: warning: policy.yaml:4:5: Audit policy contains errors, falling back to lenient decoding: strict decoding error: unknown field "rules[0].levl"\n' +
        'policy.yaml:4:5: rules[0].level: Required value\n',
    );
    expect(engine.calls).toEqual([]);
    for (const io of [missing, empty, broken, typo]) expect(io.files.has('audit.log')).toBe(false);
  });

  it('exits 1 with file:line:col for an invalid script', () => {
    const io = memoryIO({ [SCRIPT]: 'steps:\n  - run: kubctl get pods\n' });
    expect(runCommand([SCRIPT], io, fakeEngine())).toBe(1);
    expect(io.stderr).toBe(`${SCRIPT}:2:10: steps[0]: unknown command "kubctl" (known: kubectl, etcdctl, crictl, ctr, runc, rkt, docker, ip, ssh)\n`);
    expect(io.stdout).toBe('');
  });

  it('exits 1 when a file named by -f is missing or invalid, naming where', () => {
    const missing = memoryIO({ [SCRIPT]: TEXT });
    expect(runCommand([SCRIPT], missing, fakeEngine())).toBe(1);
    expect(missing.stderr).toBe(`${SCRIPT}:2:27: steps[0]: cannot read "web.yaml" (demo/web.yaml): no such file\n`);
    const invalid = memoryIO({ [SCRIPT]: TEXT, 'demo/web.yaml': 'apiVersion: apps/v1\nmetadata:\n  name: web\n' });
    expect(runCommand([SCRIPT], invalid, fakeEngine())).toBe(1);
    expect(invalid.stderr).toBe('demo/web.yaml:1:1: error validating data: kind not set\n');
  });

  it('exits 1 when the engine refuses the scenario', () => {
    const io = memoryIO({ [SCRIPT]: 'steps: []\n' });
    const engine: Engine = {
      parseScenario,
      runScenario: (s) => {
        throw new ScenarioError(s.file, 3, 1, 'runtime "cri-o+crun" of node "node-1" is not simulated yet');
      },
    };
    expect(runCommand([SCRIPT], io, engine)).toBe(1);
    expect(io.stderr).toBe(`${SCRIPT}:3:1: runtime "cri-o+crun" of node "node-1" is not simulated yet\n`);
  });

  it('exits 1 when the script cannot be read or the trace cannot be written', () => {
    const io = memoryIO();
    expect(runCommand(['nope.yaml'], io, fakeEngine())).toBe(1);
    expect(io.stderr).toBe('kube-anatomy: cannot read nope.yaml: no such file\n');
    const ro = memoryIO({ [SCRIPT]: TEXT, 'demo/web.yaml': WEB });
    expect(runCommand([SCRIPT, '--trace', '/read-only/t.jsonl'], ro, fakeEngine())).toBe(1);
    expect(ro.stderr).toContain('kube-anatomy: cannot write the trace to /read-only/t.jsonl: permission denied\n');
    const audit = memoryIO({ [SCRIPT]: TEXT, 'demo/web.yaml': WEB });
    expect(runCommand([SCRIPT, '--audit-log=/read-only/audit.log'], audit, fakeEngine())).toBe(1);
    expect(audit.stderr).toContain('kube-anatomy: cannot write the audit log to /read-only/audit.log: permission denied\n');
  });

  it('exits 2 for wrong usage, with the run usage', () => {
    for (const [argv, problem] of [
      [[], 'missing <script>'],
      [[SCRIPT, '--seed', 'abc'], '--seed needs a whole number, got "abc"'],
      [[SCRIPT, '--format', 'xml'], '--format must be text or json, got "xml"'],
      [[SCRIPT, '--frob'], 'unknown option --frob'],
      [[SCRIPT, '--trace'], 'option --trace needs a value'],
      [[SCRIPT, '--audit-log'], 'option --audit-log needs a value'],
      [[SCRIPT, '--audit-policy-file', 'policy.yaml'], 'option --audit-policy-file needs --audit-log'],
      [[SCRIPT, '--audit-log', 'a.log', '--audit-policy-file'], 'option --audit-policy-file needs a value'],
      [['a.yaml', 'b.yaml'], 'one script at a time (got a.yaml, b.yaml)'],
    ] as [string[], string][]) {
      const io = memoryIO({ [SCRIPT]: TEXT });
      expect(runCommand(argv, io, fakeEngine()), argv.join(' ')).toBe(2);
      expect(io.stderr).toMatch(new RegExp(`^kube-anatomy run: ${problem.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\n\nUsage: kube-anatomy run <script>`));
    }
  });

  it('prints its own help with --help', () => {
    const io = memoryIO();
    expect(runCommand(['--help'], io, fakeEngine())).toBe(0);
    expect(io.stdout).toMatch(/^Usage: kube-anatomy run <script> \[--trace FILE\] \[--audit-log FILE \[--audit-policy-file POLICY\]\] \[--seed N\] \[--format text\|json\]/);
    expect(io.stdout).toContain('--audit-log FILE');
    expect(io.stdout).toContain('--audit-policy-file POLICY');
  });
});
