import type { CliIO } from './io.ts';
import { LATER_COMMANDS, laterCommand } from './commands/later.ts';
import { type Engine, runCommand } from './commands/run.ts';
import { USAGE } from './usage.ts';

/**
 * The `kube-anatomy` command: picks the subcommand and returns the exit code. The engine is
 * loaded only for `run`, so `--help` works even while the engine is being built.
 */
export async function main(argv: readonly string[], io: CliIO, loadEngine: () => Promise<Engine> = defaultEngine): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined) {
    io.err(USAGE);
    return 2;
  }
  if (command === '-h' || command === '--help' || command === 'help') {
    io.out(USAGE);
    return 0;
  }
  if (command === '-v' || command === '--version') {
    io.out(`kube-anatomy ${io.version}\n`);
    return 0;
  }
  if (command === 'run') return runCommand(rest, io, await loadEngine());
  if (LATER_COMMANDS.includes(command)) return laterCommand(command, io);
  io.err(`kube-anatomy: ${command.startsWith('-') ? `unknown option ${command}` : `unknown command "${command}"`}\n\n${USAGE}`);
  return 2;
}

async function defaultEngine(): Promise<Engine> {
  return import('../engine/index.ts');
}
