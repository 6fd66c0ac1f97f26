import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { decodeTrace, type DecodedTrace } from '../../../../src/trace/index.ts';

/**
 * `kube-anatomy replay <files…> --out <file>` run as a user runs it: a child process of the
 * checkout's bin/kube-anatomy.mjs (tsx compiles the sources), its exit code, stderr, and the
 * merged trace read back with src/trace's decoder.
 */

export const BIN = new URL('../../../../bin/kube-anatomy.mjs', import.meta.url).pathname;
const ROOT = new URL('../../../../', import.meta.url).pathname;

export interface ReplayRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** `file:line: reason` lines of stderr (the bad lines the command reported). */
  badLines: { file: string; line: number; reason: string }[];
  trace?: DecodedTrace;
}

/** The bad-line reports among stderr lines: `<path>:<line>: <reason>`, paths as given on the command line. */
export function badLinesOf(stderr: string, files: readonly string[]): ReplayRun['badLines'] {
  const out: ReplayRun['badLines'] = [];
  for (const l of stderr.split('\n')) {
    for (const f of files) {
      if (!l.startsWith(`${f}:`)) continue;
      const m = /^:(\d+): (.*)$/.exec(l.slice(f.length));
      if (m) out.push({ file: f, line: Number(m[1]), reason: m[2] as string });
    }
  }
  return out;
}

export function runReplay(files: readonly string[], out: string, extra: readonly string[] = []): ReplayRun {
  const r = spawnSync(process.execPath, [BIN, 'replay', ...files, '--out', out, ...extra], { cwd: ROOT, encoding: 'utf8', timeout: 120_000, stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.error) throw new Error(`kube-anatomy replay: ${r.error.message}`);
  const run: ReplayRun = { code: r.status, stdout: r.stdout, stderr: r.stderr, badLines: badLinesOf(r.stderr, files) };
  if (r.status === 0) run.trace = decodeTrace(readFileSync(out, 'utf8'));
  return run;
}
