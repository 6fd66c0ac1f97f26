import { dirname, isAbsolute, join } from 'node:path';
import { ManifestError, decodeManifests } from '../../engine/commands/kubectl/manifests.ts';
import { AuditPolicyFileError, parseAuditPolicyFile } from '../../engine/components/apiserver/audit-policy-file.ts';
import type { AuditPolicy } from '../../engine/components/apiserver/audit-policy.ts';
import type { RunOptions, RunResult, StepOutput } from '../../engine/index.ts';
import { collectManifestFiles } from '../../engine/scenario/parse.ts';
import { type Scenario, ScenarioError } from '../../engine/scenario/types.ts';
import { encodeTrace } from '../../trace/jsonl.ts';
import { type CliIO, describeFsError } from '../io.ts';
import { readOptions } from '../options.ts';
import { RUN_USAGE } from '../usage.ts';

/** The parts of the engine `run` uses; main.ts passes the real ones, tests may pass fakes. */
export interface Engine {
  parseScenario(text: string, file: string): Scenario;
  runScenario(scenario: Scenario, options?: RunOptions): RunResult;
}

type Format = 'text' | 'json';

/**
 * `kube-anatomy run <script> [--trace FILE] [--audit-log FILE [--audit-policy-file POLICY]]
 * [--seed N] [--format text|json]` (DESIGN.md 3.3, 5).
 * Returns the exit code: 0 when the script ran, 1 when it is invalid (or a file cannot be read
 * or written), 2 for wrong usage.
 */
export function runCommand(argv: readonly string[], io: CliIO, engine: Engine): number {
  const parsed = readOptions(argv, [
    { name: 'trace', takesValue: true },
    { name: 'audit-log', takesValue: true },
    { name: 'audit-policy-file', takesValue: true, requires: 'audit-log' },
    { name: 'seed', takesValue: true },
    { name: 'format', takesValue: true },
    { name: 'help', short: 'h', takesValue: false },
  ]);
  if ('error' in parsed) return usageError(io, parsed.error);
  if (parsed.values.has('help')) {
    io.out(RUN_USAGE);
    return 0;
  }
  if (parsed.positionals.length === 0) return usageError(io, 'missing <script>');
  if (parsed.positionals.length > 1) return usageError(io, `one script at a time (got ${parsed.positionals.join(', ')})`);
  const script = parsed.positionals[0] as string;
  const format = (parsed.values.get('format') ?? 'text') as string;
  if (format !== 'text' && format !== 'json') return usageError(io, `--format must be text or json, got "${format}"`);
  const seedText = parsed.values.get('seed') as string | undefined;
  const seed = seedText === undefined ? undefined : Number(seedText);
  if (seed !== undefined && (!/^-?\d+$/.test(seedText as string) || !Number.isSafeInteger(seed))) {
    return usageError(io, `--seed needs a whole number, got "${seedText}"`);
  }
  const tracePath = parsed.values.get('trace') as string | undefined;
  const auditPath = parsed.values.get('audit-log') as string | undefined;
  const policyPath = parsed.values.get('audit-policy-file') as string | undefined;

  let text: string;
  try {
    text = io.readFile(script);
  } catch (e) {
    io.err(`kube-anatomy: cannot read ${script}: ${describeFsError(e)}\n`);
    return 1;
  }

  let result: RunResult;
  try {
    const scenario = engine.parseScenario(text, script);
    const files = readManifestFiles(script, text, scenario, io);
    const options: RunOptions = { files };
    if (seed !== undefined) options.seed = seed;
    if (auditPath !== undefined) {
      if (policyPath === undefined) options.audit = {};
      else {
        const policy = readAuditPolicy(policyPath, io);
        if (policy === undefined) return 1;
        options.audit = { policy };
      }
    }
    result = engine.runScenario(scenario, options);
  } catch (e) {
    if (e instanceof AuditPolicyFileError) {
      // What the apiserver logged before it stopped, then why it stopped.
      for (const w of e.warnings) io.err(`kube-anatomy: warning: ${w}\n`);
      io.err(`${e.message}\n`);
      return 1;
    }
    if (e instanceof ScenarioError) {
      io.err(`${e.message}\n`);
      return 1;
    }
    throw e;
  }

  for (const output of result.outputs) printStep(io, output, format);

  if (tracePath !== undefined) {
    try {
      io.writeFileAtomic(tracePath, encodeTrace(result.header, result.events));
    } catch (e) {
      io.err(`kube-anatomy: cannot write the trace to ${tracePath}: ${describeFsError(e)}\n`);
      return 1;
    }
  }
  if (auditPath !== undefined) {
    // kube-apiserver's --audit-log-path: one audit.k8s.io/v1 Event per line.
    const lines = result.audit ?? [];
    try {
      io.writeFileAtomic(auditPath, lines.map((l) => `${l}\n`).join(''));
    } catch (e) {
      io.err(`kube-anatomy: cannot write the audit log to ${auditPath}: ${describeFsError(e)}\n`);
      return 1;
    }
  }
  return 0;
}

/**
 * The policy file, read as kube-apiserver reads --audit-policy-file (relative to the working
 * directory, like the other output and input paths of the command line, not to the script). Its
 * warnings (fields the strict decoder did not know) go to stderr; undefined when it cannot be read.
 * Throws AuditPolicyFileError for a policy the apiserver would refuse.
 */
function readAuditPolicy(path: string, io: CliIO): AuditPolicy | undefined {
  let text: string;
  try {
    text = io.readFile(path);
  } catch (e) {
    io.err(`kube-anatomy: cannot read ${path}: ${describeFsError(e)}\n`);
    return undefined;
  }
  const { policy, warnings } = parseAuditPolicyFile(text, path);
  for (const w of warnings) io.err(`kube-anatomy: warning: ${w}\n`);
  return policy;
}

function usageError(io: CliIO, problem: string): number {
  io.err(`kube-anatomy run: ${problem}\n\n${RUN_USAGE}`);
  return 2;
}

/** A run step as a terminal transcript, or as one JSON object per line. */
function printStep(io: CliIO, o: StepOutput, format: Format): void {
  if (format === 'json') {
    io.out(`${JSON.stringify({ step: o.step, t: o.t, command: o.command, exitCode: o.exitCode, stdout: o.stdout, stderr: o.stderr })}\n`);
    return;
  }
  io.out(`$ ${o.command}\n${o.stdout}`);
  if (o.stderr !== '') io.err(o.stderr);
}

/**
 * Reads the files the script's kubectl commands name (`kubectl apply -f web.yaml`), relative to
 * the script's folder, and checks them as kubectl would before anything runs. They are handed
 * to the engine keyed by the path as typed in the script.
 */
function readManifestFiles(script: string, text: string, scenario: Scenario, io: CliIO): Record<string, string> {
  const files: Record<string, string> = {};
  const lines = text.split('\n');
  for (const ref of collectManifestFiles(scenario)) {
    if (ref.path in files) continue;
    const resolved = isAbsolute(ref.path) ? ref.path : join(dirname(script), ref.path);
    const column = (lines[ref.line - 1] ?? '').indexOf(ref.path) + 1 || 1;
    let content: string;
    try {
      content = io.readFile(resolved);
    } catch (e) {
      throw new ScenarioError(script, ref.line, column, `steps[${ref.step}]: cannot read ${JSON.stringify(ref.path)} (${resolved}): ${describeFsError(e)}`);
    }
    try {
      decodeManifests(content, ref.path);
    } catch (e) {
      if (e instanceof ManifestError) throw new ScenarioError(resolved, e.line, e.column, e.reason);
      throw e;
    }
    files[ref.path] = content;
  }
  return files;
}
