import { SIGNALS } from '../../domain/oci/signals.ts';
import type { Simulation } from '../runtime/simulation.ts';
import { killFromHost } from './host-kill.ts';

/** What the builtin answers (the terminal's CommandResult). */
export interface KillResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

// bash 5.2 builtins/kill.def: the usage line and the messages, as `ssh node bash -c '…'` prints them.
const USAGE = 'kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n';
const SIGTERM = 15;

/** A sigspec as bash reads it: a number, or a name with or without SIG, in any case (`9`, `KILL`, `sigkill`). */
export function parseSigspec(spec: string): number | undefined {
  if (/^\d+$/.test(spec)) {
    const n = Number(spec);
    return n <= 64 ? n : undefined;
  }
  const upper = spec.toUpperCase();
  const name = upper.startsWith('SIG') ? upper : `SIG${upper}`;
  return Object.hasOwn(SIGNALS, name) ? SIGNALS[name] : undefined;
}

/**
 * bash's `kill` builtin in a node's root shell: `kill [-s sigspec | -n signum | -sigspec] pid…`
 * (SIGTERM when no signal is given). Each pid gets kill(2) from the host (host-kill.ts); a pid
 * no container process has answers `bash: kill: (<pid>) - No such process`. Exit status 1 when
 * any kill failed, 2 for the usage error. Job specs (`%1`) and `kill -l` need a shell session
 * with jobs and the full signal table, which `ssh node cmd` does not give: answered as such.
 */
export function runKillBuiltin(sim: Simulation, host: string, args: readonly string[], cause: number): KillResult {
  const err = (message: string, exitCode = 1): KillResult => ({ exitCode, stdout: '', stderr: `bash: kill: ${message}\n` });
  let signal = SIGTERM;
  let i = 0;
  const first = args[0];
  if (first === '-s' || first === '-n') {
    const spec = args[1];
    if (spec === undefined) return err(`${first}: option requires an argument`);
    const n = parseSigspec(spec);
    if (n === undefined) return err(`${spec}: invalid signal specification`);
    signal = n;
    i = 2;
  } else if (first === '-l' || first === '-L') {
    return err(`${first}: the signal list is not simulated yet in this release of kube-anatomy; use -s NAME (known: ${Object.keys(SIGNALS).join(' ')})`);
  } else if (first !== undefined && first.startsWith('-') && first !== '--' && first.length > 1) {
    const n = parseSigspec(first.slice(1));
    if (n === undefined) return err(`${first.slice(1)}: invalid signal specification`);
    signal = n;
    i = 1;
  }
  if (args[i] === '--') i += 1;
  const pids = args.slice(i);
  if (pids.length === 0) return { exitCode: 2, stdout: '', stderr: USAGE };
  let stderr = '';
  let failed = false;
  const argv = ['kill', ...args].join(' ');
  for (const p of pids) {
    if (p.startsWith('%')) {
      // `ssh node cmd` runs a fresh non-interactive bash: it has no jobs.
      stderr += `bash: kill: ${p}: no such job\n`;
      failed = true;
      continue;
    }
    if (!/^\d+$/.test(p)) {
      stderr += `bash: kill: ${p}: arguments must be process or job IDs\n`;
      failed = true;
      continue;
    }
    if (!killFromHost(sim, host, Number(p), signal, argv, cause)) {
      stderr += `bash: kill: (${p}) - No such process\n`;
      failed = true;
    }
  }
  return { exitCode: failed ? 1 : 0, stdout: '', stderr };
}
